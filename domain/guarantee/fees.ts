// What a guarantee may cost (DOMAIN.md §5; rule 21): the firm pays the guarantor a guarantee
// fee below 1% a year and nothing else; the guarantor pays the re-guarantee fee, capped by the
// size of the loan. Fees are charged on the guaranteed amount for the term, floored to the fen.
import type { SharingScheme } from './sharing-scheme.ts';

/** The only fees a guaranteed deal may carry. */
export const feeKinds = ['guarantee', 'reguarantee'] as const;
export type FeeKind = (typeof feeKinds)[number];

export interface FeeTerms {
  /** A year, in basis points of the guaranteed amount. */
  readonly guaranteeBp: number;
  readonly reguaranteeBp: number;
}

export type FeeProblem =
  { code: 'fee_not_allowed'; message: string } | { code: 'fee_above_cap'; message: string };

/** The highest re-guarantee fee a year for a guarantee of this size. */
function reguaranteeCapBp(scheme: SharingScheme, guaranteedFen: number): number {
  const { thresholdFen, aboveBp, upToBp } = scheme.fees.reguarantee;
  return guaranteedFen > thresholdFen ? aboveBp : upToBp;
}

/** Why the fees asked for may not be charged: a kind beyond the two, or a rate above its cap. */
export function feeProblems(
  scheme: SharingScheme,
  guaranteedFen: number,
  requested: readonly { kind: string; rateBp: number }[],
): FeeProblem[] {
  const problems: FeeProblem[] = [];
  for (const { kind } of requested) {
    if (!(feeKinds as readonly string[]).includes(kind)) {
      problems.push({
        code: 'fee_not_allowed',
        message: `a guaranteed tech loan carries no ${kind} fee: only the guarantee and re-guarantee fees`,
      });
    }
  }
  const rate = (kind: FeeKind) => requested.find((f) => f.kind === kind)?.rateBp ?? 0;
  if (rate('guarantee') >= scheme.fees.guaranteeBelowBp) {
    problems.push({
      code: 'fee_above_cap',
      message: `the guarantee fee of ${rate('guarantee')} bp a year is not below ${scheme.fees.guaranteeBelowBp} bp`,
    });
  }
  const cap = reguaranteeCapBp(scheme, guaranteedFen);
  if (rate('reguarantee') > cap) {
    problems.push({
      code: 'fee_above_cap',
      message: `the re-guarantee fee of ${rate('reguarantee')} bp a year is above ${cap} bp for this amount`,
    });
  }
  return problems;
}

/** The fee for the whole term: ⌊amount × rate × months / 12⌋, exactly. */
export function feeFor(guaranteedFen: number, rateBp: number, termMonths: number): number {
  return Number((BigInt(guaranteedFen) * BigInt(rateBp) * BigInt(termMonths)) / 120_000n);
}
