import { z } from 'zod';
import { atMostCount, atMostYuan, failedOnly } from './gates.ts';
import { Dec } from './numbers.ts';
import type { FailedGate, ScorecardBase } from './types.ts';

export const knowledgeValueGrades = ['A', 'B', 'C', 'D', 'E'] as const;
export type KnowledgeValueGrade = (typeof knowledgeValueGrades)[number];

/**
 * The Hubei knowledge-value credit loan (DOMAIN §1.4): the grade comes from the provincial
 * platform's seven-indicator evaluation; this card maps it to what a bank may lend.
 */
export interface KnowledgeValueScorecard extends ScorecardBase {
  readonly model: 'knowledge-value';
  /** Credit ceiling per grade, in fen. */
  readonly ceilingFen: Readonly<Record<KnowledgeValueGrade, number>>;
  readonly maxLoanFen: number;
  readonly maxTermMonths: number;
}

export const knowledgeValueLoan = z.object({
  grade: z.enum(knowledgeValueGrades),
  amountFen: z.int().positive(),
  termMonths: z.int().positive(),
});
export type KnowledgeValueLoan = z.infer<typeof knowledgeValueLoan>;

export interface KnowledgeValueResult {
  readonly model: 'knowledge-value';
  readonly version: string;
  readonly eligible: boolean;
  readonly ceilingFen: number;
  readonly failedGates: FailedGate[];
}

/** The most one loan may be for at this grade: the grade's ceiling within the per-loan cap. */
export function creditCeilingFen(
  card: KnowledgeValueScorecard,
  grade: KnowledgeValueGrade,
): number {
  return Math.min(card.ceilingFen[grade], card.maxLoanFen);
}

export function checkKnowledgeValueLoan(
  card: KnowledgeValueScorecard,
  loan: KnowledgeValueLoan,
): KnowledgeValueResult {
  const { grade, amountFen, termMonths } = knowledgeValueLoan.parse(loan);
  const ceilingFen = creditCeilingFen(card, grade);
  const failedGates = failedOnly(
    atMostYuan('amount', fenAsYuan(amountFen), fenAsYuan(ceilingFen)),
    atMostCount('term-months', termMonths, card.maxTermMonths),
  );
  return {
    model: 'knowledge-value',
    version: card.version,
    eligible: failedGates.length === 0,
    ceilingFen,
    failedGates,
  };
}

function fenAsYuan(fen: number): string {
  return new Dec(fen).div(100).toFixed(2);
}
