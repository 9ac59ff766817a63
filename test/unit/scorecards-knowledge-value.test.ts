import { describe, expect, it } from 'vitest';
import {
  checkKnowledgeValueLoan,
  creditCeilingFen,
} from '../../domain/scorecards/knowledge-value.ts';
import { knowledgeValue2025 } from '../../domain/scorecards/knowledge-value.data.ts';

describe('knowledge-value credit ceilings', () => {
  it.each([
    ['A', 1_000_000_000],
    ['B', 800_000_000],
    ['C', 500_000_000],
    ['D', 300_000_000],
    ['E', 100_000_000],
  ] as const)('grade %s → %i fen', (grade, fen) => {
    expect(creditCeilingFen(knowledgeValue2025, grade)).toBe(fen);
  });

  it('never exceeds the per-loan cap, whatever a grade is configured to', () => {
    const generous = {
      ...knowledgeValue2025,
      ceilingFen: { ...knowledgeValue2025.ceilingFen, A: 2_000_000_000 },
    };
    expect(creditCeilingFen(generous, 'A')).toBe(1_000_000_000);
  });

  it('accepts a loan at the ceiling and the longest term', () => {
    const loan = { grade: 'B', amountFen: 800_000_000, termMonths: 36 } as const;
    expect(checkKnowledgeValueLoan(knowledgeValue2025, loan)).toEqual({
      model: 'knowledge-value',
      version: '2025.1',
      eligible: true,
      ceilingFen: 800_000_000,
      failedGates: [],
    });
  });

  it('refuses one fen over the ceiling and one month over the term', () => {
    const loan = { grade: 'B', amountFen: 800_000_001, termMonths: 37 } as const;
    expect(checkKnowledgeValueLoan(knowledgeValue2025, loan).failedGates).toEqual([
      { gate: 'amount', value: '¥8,000,000.01', required: '≤ ¥8,000,000.00', gap: '¥0.01' },
      { gate: 'term-months', value: '37', required: '≤ 36', gap: '1' },
    ]);
  });
});
