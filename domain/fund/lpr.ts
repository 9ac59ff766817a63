// The one-year rate that prices a buy-back after the at-cost window (rule 26: "cost plus
// 1-year benchmark interest"): the one-year Loan Prime Rate, which replaced the PBoC's
// benchmark lending rate as the reference on 2019-08-20. Each fixing is a version of the
// rate, in force from the day it was published until the next one.
import { versionInForce, type Versioned } from '../policy-versions.ts';

export interface OneYearRate extends Versioned {
  /** The annual rate in basis points: 3.10% is 310. */
  readonly rateBp: number;
}

export const oneYearRateInForce = (rates: readonly OneYearRate[], asOf: string): OneYearRate =>
  versionInForce(rates, asOf, 'one-year LPR');
