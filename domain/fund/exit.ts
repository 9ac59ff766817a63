// The guidance fund's exit from an investment, whole or in part (DOMAIN.md §6, rule 27). The
// part exited carries its cost pro rata to the units sold (to the nearest fen, halves up; a
// full exit carries all the cost left, so successive exits use up the cost exactly). When the
// firm was at the seed or start-up stage at entry and the part was sold at a profit, the
// guidance fund concedes ⌊profit × profitConcessionBp⌋ of it to the other investors and the
// sub-fund's manager. Each exit stands alone: a loss on an earlier part is not netted.
import { basisPointsOf } from '../allocation.ts';
import { assertFen, roundHalfUp } from './exact.ts';
import { isEarlyStage, type FundTerms, type Stage } from './fund-terms.ts';

export interface ExitSplit {
  /** Cost of the units sold, and what is left to the units still held. */
  readonly costOfPartFen: number;
  readonly remainingCostFen: number;
  /** Proceeds less the cost of the part; negative on a loss. */
  readonly profitFen: number;
  /** Whether the stage at entry earns the concession (seed or start-up). */
  readonly concessionApplies: boolean;
  /** What the guidance fund leaves to the other investors and the manager. */
  readonly concessionFen: number;
  /** What the guidance fund keeps: the proceeds less the concession. */
  readonly toFundFen: number;
}

export function exitSplit(
  terms: Pick<FundTerms, 'profitConcessionBp'>,
  exit: {
    readonly stageAtEntry: Stage;
    /** The cost of every unit the fund holds before this exit. */
    readonly costFen: number;
    readonly unitsHeld: number;
    readonly unitsSold: number;
    readonly proceedsFen: number;
  },
): ExitSplit {
  const { costFen, unitsHeld, unitsSold, proceedsFen } = exit;
  assertFen(costFen, 'the cost');
  assertFen(proceedsFen, 'the proceeds');
  if (!Number.isSafeInteger(unitsHeld) || !Number.isSafeInteger(unitsSold)) {
    throw new RangeError('units must be safe integers');
  }
  if (unitsSold < 1 || unitsSold > unitsHeld) {
    throw new RangeError(`cannot sell ${unitsSold} of ${unitsHeld} units`);
  }
  const costOfPartFen = roundHalfUp(
    BigInt(costFen) * BigInt(unitsSold),
    BigInt(unitsHeld),
    'the cost of the part',
  );
  const profitFen = proceedsFen - costOfPartFen;
  const concessionApplies = isEarlyStage(exit.stageAtEntry);
  const concessionFen =
    concessionApplies && profitFen > 0 ? basisPointsOf(profitFen, terms.profitConcessionBp) : 0;
  return {
    costOfPartFen,
    remainingCostFen: costFen - costOfPartFen,
    profitFen,
    concessionApplies,
    concessionFen,
    toFundFen: proceedsFen - concessionFen,
  };
}
