// A sub-fund's exit from an investment, whole or in part (DOMAIN.md §6, rule 27). The part
// sold carries its cost pro rata to the units sold (to the nearest fen, halves up; a full exit
// carries all the cost left, so successive exits use up the cost exactly). The proceeds go to
// the sub-fund's holders pro rata to their commitments. When the firm was at the seed or
// start-up stage at entry and the part was sold at a profit, the guidance fund concedes
// ⌊its own share of the profit × profitConcessionBp⌋ (Hubei: up to 100%) to the other holders,
// pro rata to their commitments. Each exit stands alone: a loss on an earlier part is not netted.
import { allocate, basisPointsOf } from '../allocation.ts';
import { assertBp, assertFen, roundHalfUp } from './exact.ts';
import { isEarlyStage, type FundTerms, type Stage } from './fund-terms.ts';

export interface ExitHolder {
  readonly holder: string;
  readonly committedFen: number;
  readonly isGuidanceFund: boolean;
}

export interface ExitDistribution {
  /** Cost of the units sold, and what is left to the units still held. */
  readonly costOfPartFen: number;
  readonly remainingCostFen: number;
  /** Proceeds less the cost of the part; negative on a loss. */
  readonly profitFen: number;
  readonly concessionApplies: boolean;
  /** The guidance fund's share of a profit by commitments; 0 at a loss or without the fund. */
  readonly fundProfitShareFen: number;
  /** What the guidance fund leaves to the other holders out of its share of the profit. */
  readonly concessionFen: number;
  /** What each holder receives, in the order given; sums exactly to the proceeds. */
  readonly receipts: readonly { readonly holder: string; readonly fen: number }[];
}

export function exitDistribution(
  terms: Pick<FundTerms, 'profitConcessionBp'>,
  exit: {
    readonly stageAtEntry: Stage;
    /** The cost of every unit the sub-fund holds before this exit. */
    readonly costFen: number;
    readonly unitsHeld: number;
    readonly unitsSold: number;
    readonly proceedsFen: number;
  },
  holders: readonly ExitHolder[],
): ExitDistribution {
  const { costFen, unitsHeld, unitsSold, proceedsFen } = exit;
  assertBp(terms.profitConcessionBp, 'the profit concession');
  assertFen(costFen, 'the cost');
  assertFen(proceedsFen, 'the proceeds');
  const wholeUnits = Number.isSafeInteger(unitsHeld) && Number.isSafeInteger(unitsSold);
  if (!wholeUnits || unitsSold < 1 || unitsSold > unitsHeld) {
    throw new RangeError(`cannot sell ${unitsSold} of ${unitsHeld} units`);
  }
  if (holders.length === 0) throw new RangeError('the proceeds need at least one holder');
  if (holders.filter((h) => h.isGuidanceFund).length > 1) {
    throw new RangeError('the holders name two guidance funds');
  }
  const bad = holders.find((h) => !Number.isSafeInteger(h.committedFen) || h.committedFen <= 0);
  if (bad) throw new RangeError(`${bad.holder} commits ${bad.committedFen} fen, not positive`);
  const costOfPartFen = roundHalfUp(
    BigInt(costFen) * BigInt(unitsSold),
    BigInt(unitsHeld),
    'the cost of the part',
  );
  const profitFen = proceedsFen - costOfPartFen;
  const concessionApplies = isEarlyStage(exit.stageAtEntry);
  const weights = holders.map((h) => h.committedFen);
  const fund = holders.findIndex((h) => h.isGuidanceFund);
  const others = holders.flatMap((h, i) => (h.isGuidanceFund ? [] : [i]));
  // A tie for a rounding fen goes to the first other holder, never to the guidance fund, which
  // is the one conceding (with the fund alone there is no tie to break).
  const receipts = allocate(proceedsFen, weights, others[0]);
  const fundProfitShareFen =
    fund >= 0 && profitFen > 0 ? allocate(profitFen, weights, others[0])[fund]! : 0;
  // Without another holder there is no one to concede to. The cap by the fund's receipt only
  // bites when rounding gave its profit share a fen its proceeds share did not get.
  const concessionFen =
    concessionApplies && fundProfitShareFen > 0 && others.length > 0
      ? Math.min(basisPointsOf(fundProfitShareFen, terms.profitConcessionBp), receipts[fund]!)
      : 0;
  if (concessionFen > 0) {
    receipts[fund]! -= concessionFen;
    const otherWeights = others.map((i) => weights[i]!);
    const spread = allocate(concessionFen, otherWeights);
    others.forEach((i, k) => (receipts[i]! += spread[k]!));
  }
  return {
    costOfPartFen,
    remainingCostFen: costFen - costOfPartFen,
    profitFen,
    concessionApplies,
    fundProfitShareFen,
    concessionFen,
    receipts: holders.map((h, i) => ({ holder: h.holder, fen: receipts[i]! })),
  };
}
