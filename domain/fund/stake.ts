// Rule 26: the guidance fund commits at most 25% (the terms' cap) of a sub-fund's total
// commitments and is never its largest holder. "Never the largest" is read as: the fund may
// not commit more than any other single holder does, so it may stand level with the largest
// other holder but not above it (and a sub-fund with no other holder is refused).
import { assertBp, assertFen, compareShare, floorBp } from './exact.ts';

export interface Commitment {
  readonly holder: string;
  readonly fen: number;
  readonly isGuidanceFund: boolean;
}

/** Each holder's total (a holder may commit in several tranches) and the guidance fund's. */
function byHolder(commitments: readonly Commitment[]) {
  const totals = new Map<string, { fen: number; isGuidanceFund: boolean }>();
  for (const { holder, fen, isGuidanceFund } of commitments) {
    assertFen(fen, `the commitment of ${holder}`);
    const seen = totals.get(holder);
    if (seen && seen.isGuidanceFund !== isGuidanceFund) {
      throw new RangeError(`${holder} is both the guidance fund and another holder`);
    }
    totals.set(holder, { fen: (seen?.fen ?? 0) + fen, isGuidanceFund });
  }
  const funds = [...totals.values()].filter((t) => t.isGuidanceFund);
  if (funds.length > 1) throw new RangeError('the commitments name two guidance funds');
  const others = [...totals.values()].filter((t) => !t.isGuidanceFund).map((t) => t.fen);
  const totalFen = [...totals.values()].reduce((sum, t) => sum + t.fen, 0);
  if (!Number.isSafeInteger(totalFen) || totalFen === 0) {
    throw new RangeError(`total commitments must be a positive safe integer, got ${totalFen}`);
  }
  return { fundFen: funds[0]?.fen ?? 0, others, totalFen };
}

/** The guidance fund's share of the total commitments, ⌊exact⌋ basis points. */
export function guidanceShareBp(commitments: readonly Commitment[]): number {
  const { fundFen, totalFen } = byHolder(commitments);
  return floorBp(fundFen, totalFen);
}

/** Why the guidance fund's commitment breaks rule 26; empty when it keeps it (or is absent). */
export function stakeProblems(input: {
  readonly commitments: readonly Commitment[];
  readonly maxStakeBp: number;
}): string[] {
  assertBp(input.maxStakeBp, 'the stake cap');
  const { fundFen, others, totalFen } = byHolder(input.commitments);
  if (fundFen === 0) return [];
  const problems: string[] = [];
  // Compared exactly: 25.004% is above 25% even though its floor in basis points is 2500.
  if (compareShare(fundFen, totalFen, input.maxStakeBp) > 0) {
    problems.push(
      `rule 26: the guidance fund commits ${fundFen} of ${totalFen} fen, ` +
        `above the cap of ${input.maxStakeBp} bp`,
    );
  }
  const largestOther = Math.max(0, ...others);
  if (fundFen > largestOther) {
    problems.push(
      `rule 26: the guidance fund (${fundFen} fen) would be the largest holder ` +
        `(the largest other commits ${largestOther} fen)`,
    );
  }
  return problems;
}
