// The government risk-compensation pool's rules (DOMAIN.md §1.4, §3.6; rules 10 and 19): how
// much of a loss it compensates, and the portfolio NPL at which it warns and at which it
// stops compensating. Versioned data, pinned by each claim when it is filed.
import { findVersion, versionInForce, type Versioned } from '../policy-versions.ts';

export interface PoolPolicy extends Versioned {
  /** Share of the principal loss compensated on a bank's own loan (rule 19: 30%). */
  readonly directRateBp: number;
  /** Share of the principal loss compensated on a guaranteed loan (rule 19: 20%). */
  readonly guaranteedRateBp: number;
  /** Added for a firm's first loan, or a credit or IP loan (rule 19: 5 pp). */
  readonly bonusBp: number;
  /** The most the pool pays, as a share of the loss the claimant bore (rule 19: 80%). */
  readonly capOfBorneBp: number;
  /** Portfolio NPL at which the pool warns (rule 10: 5%) and stops compensating (8%). */
  readonly nplWarningBp: number;
  readonly nplSuspendBp: number;
  /** Working days the pool manager has to decide a claim. */
  readonly decisionWorkingDays: number;
}

export const poolPolicyInForce = (policies: readonly PoolPolicy[], asOf: string): PoolPolicy =>
  versionInForce(policies, asOf, 'pool policy');

export const findPoolPolicy = (policies: readonly PoolPolicy[], version: string): PoolPolicy =>
  findVersion(policies, version, 'pool policy');

/** Where a portfolio's NPL ratio leaves the pool. */
export function poolStanding(
  policy: PoolPolicy,
  nplBp: number,
): 'normal' | 'warning' | 'suspended' {
  if (nplBp >= policy.nplSuspendBp) return 'suspended';
  return nplBp >= policy.nplWarningBp ? 'warning' : 'normal';
}
