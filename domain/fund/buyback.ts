// The price at which the other investors may buy back the guidance fund's stake (rule 26).
// Up to and including the day `atCostMonths` after the investment (its monthly anniversary,
// the month's last day when it has no such day), at cost. From the next day on, cost plus
// simple interest for every day held since the investment, ACT/365, at the one-year rate in
// force on the investment date: the rate both sides knew when the fund put its money in,
// pinned like any other policy version, so a later cut or rise of the LPR never reprices it.
import { isIsoDate } from '../calendar.ts';
import { monthsAfter } from '../loan/repayment-schedule.ts';
import { daysBetween } from '../scorecards/dates.ts';
import { assertFen, roundHalfUp } from './exact.ts';
import type { FundTerms } from './fund-terms.ts';
import { oneYearRateInForce, type OneYearRate } from './lpr.ts';

/** Working days the fund has to answer a request, and the buyer to pay once approved (defaults). */
export const buybackDeadlines = { approvalWorkingDays: 10, paymentWorkingDays: 20 } as const;

export interface BuybackPrice {
  readonly priceFen: number;
  readonly costFen: number;
  readonly interestFen: number;
  /** Calendar days from the investment date to the buy-back date (the first counted). */
  readonly daysHeld: number;
  /** The one-year rate applied; 0 at cost. */
  readonly rateBp: number;
  readonly basis: 'at_cost' | 'cost_plus_interest';
}

export function buybackPrice(
  stake: { readonly costFen: number; readonly investedOn: string; readonly buybackOn: string },
  terms: Pick<FundTerms, 'buyback'>,
  rates: readonly OneYearRate[],
): BuybackPrice {
  const { costFen, investedOn, buybackOn } = stake;
  assertFen(costFen, 'the cost');
  for (const date of [investedOn, buybackOn]) {
    if (!isIsoDate(date)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${date}`);
  }
  const daysHeld = daysBetween(investedOn, buybackOn);
  if (daysHeld < 0) throw new RangeError(`a buy-back on ${buybackOn} precedes the investment`);
  if (buybackOn <= monthsAfter(investedOn, terms.buyback.atCostMonths)) {
    return { priceFen: costFen, costFen, interestFen: 0, daysHeld, rateBp: 0, basis: 'at_cost' };
  }
  const { rateBp } = oneYearRateInForce(rates, investedOn);
  // cost × rate/10 000 × days/365, to the nearest fen, halves up.
  const interestFen = roundHalfUp(
    BigInt(costFen) * BigInt(rateBp) * BigInt(daysHeld),
    10_000n * 365n,
    'the interest',
  );
  const priceFen = costFen + interestFen;
  if (!Number.isSafeInteger(priceFen)) throw new RangeError('the price is beyond a safe integer');
  return { priceFen, costFen, interestFen, daysHeld, rateBp, basis: 'cost_plus_interest' };
}
