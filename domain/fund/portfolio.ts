// A sub-fund's portfolio against its terms (DOMAIN.md §6, rule 27): the share of the amount
// invested that went to seed and start-up firms, and the write-offs against the loss
// tolerances. The fund's tolerance is a share of its total commitments, not of the amount
// invested so far: rule 27 speaks of what "a fund" may lose, i.e. its size, and a base fixed
// at closing lets the manager know its budget for losses from the start rather than one that
// moves with the pace of investment. A loss realised at an exit is recorded as a write-off of
// the shortfall, so write-offs are all the realised losses.
import { basisPointsOf } from '../allocation.ts';
import { assertFen, compareShare, floorBp } from './exact.ts';
import { isEarlyStage, type FundTerms, type Stage } from './fund-terms.ts';

export interface Investment {
  readonly id: string;
  readonly firm: string;
  readonly stageAtEntry: Stage;
  /** The entry ticket and every follow-on. */
  readonly investedFen: number;
  /** Proceeds of exits so far. */
  readonly returnedFen: number;
  readonly writtenOffFen: number;
  /** The latest valuation of what the sub-fund still holds. */
  readonly markFen: number;
}

export interface Portfolio {
  /** The sub-fund's total commitments: the base of its loss tolerance. */
  readonly committedFen: number;
  readonly investments: readonly Investment[];
}

export interface PortfolioStanding {
  readonly investedFen: number;
  /** Invested in firms at the seed or start-up stage when first invested in. */
  readonly earlyStageFen: number;
  /** ⌊exact⌋ share of the amount invested; null before the first investment. */
  readonly earlyStageShareBp: number | null;
  /** Below the terms' required share, compared exactly (a fraction of a bp short is short). */
  readonly belowRequiredShare: boolean;
  readonly writtenOffFen: number;
  /** ⌊commitments × fund tolerance⌋: the write-offs the sub-fund may bear in all. */
  readonly lossToleranceFen: number;
  /** What may still be written off; negative once the tolerance is passed. */
  readonly lossHeadroomFen: number;
  /** Cost neither returned, written off nor covered by its mark: losses the marks foreshadow. */
  readonly markedShortfallFen: number;
}

function totals({ committedFen, investments }: Portfolio) {
  assertFen(committedFen, 'the commitments');
  let investedFen = 0;
  let earlyStageFen = 0;
  let writtenOffFen = 0;
  let markedShortfallFen = 0;
  for (const i of investments) {
    for (const fen of [i.investedFen, i.returnedFen, i.writtenOffFen, i.markFen]) {
      assertFen(fen, `every amount of ${i.id}`);
    }
    if (i.writtenOffFen > i.investedFen) {
      throw new RangeError(`${i.id} has more written off than invested`);
    }
    investedFen += i.investedFen;
    if (isEarlyStage(i.stageAtEntry)) earlyStageFen += i.investedFen;
    writtenOffFen += i.writtenOffFen;
    markedShortfallFen += Math.max(0, i.investedFen - i.returnedFen - i.writtenOffFen - i.markFen);
  }
  if (!Number.isSafeInteger(investedFen)) throw new RangeError('the amount invested overflows');
  return { investedFen, earlyStageFen, writtenOffFen, markedShortfallFen };
}

export function portfolioStanding(terms: FundTerms, portfolio: Portfolio): PortfolioStanding {
  const { investedFen, earlyStageFen, writtenOffFen, markedShortfallFen } = totals(portfolio);
  const lossToleranceFen = basisPointsOf(portfolio.committedFen, terms.fundLossToleranceBp);
  return {
    investedFen,
    earlyStageFen,
    earlyStageShareBp: investedFen === 0 ? null : floorBp(earlyStageFen, investedFen),
    belowRequiredShare:
      investedFen > 0 && compareShare(earlyStageFen, investedFen, terms.requiredSeedShareBp) < 0,
    writtenOffFen,
    lossToleranceFen,
    lossHeadroomFen: lossToleranceFen - writtenOffFen,
    markedShortfallFen,
  };
}

/**
 * Why writing `amountFen` more off investment `investmentId` would pass the project's or the
 * fund's tolerance; empty when it stays within both. Writing off more than an investment's
 * cost is impossible and throws. Granting an authorised exception is the caller's business.
 */
export function writeOffProblems(
  terms: Pick<FundTerms, 'projectLossToleranceBp' | 'fundLossToleranceBp'>,
  portfolio: Portfolio,
  proposal: { readonly investmentId: string; readonly amountFen: number },
): string[] {
  const { amountFen, investmentId } = proposal;
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RangeError(`a write-off must be a positive safe integer of fen, got ${amountFen}`);
  }
  const { writtenOffFen } = totals(portfolio);
  const investment = portfolio.investments.find((i) => i.id === investmentId);
  if (!investment) throw new RangeError(`no investment ${investmentId} in the portfolio`);
  const projectLossFen = investment.writtenOffFen + amountFen;
  if (projectLossFen > investment.investedFen) {
    throw new RangeError(`${investmentId} would have more written off than invested`);
  }
  const problems: string[] = [];
  if (compareShare(projectLossFen, investment.investedFen, terms.projectLossToleranceBp) > 0) {
    problems.push(
      `rule 27: ${investmentId} would lose ${projectLossFen} of ${investment.investedFen} fen, ` +
        `above the project tolerance of ${terms.projectLossToleranceBp} bp`,
    );
  }
  const fundLossFen = writtenOffFen + amountFen;
  if (compareShare(fundLossFen, portfolio.committedFen, terms.fundLossToleranceBp) > 0) {
    problems.push(
      `rule 27: the sub-fund would have written off ${fundLossFen} of ` +
        `${portfolio.committedFen} fen committed, above the fund tolerance of ` +
        `${terms.fundLossToleranceBp} bp`,
    );
  }
  return problems;
}
