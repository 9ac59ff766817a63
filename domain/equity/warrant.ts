// Warrant loans (认股权贷款, DOMAIN.md §4): with a loan's approval the bank's investment
// affiliate may take a warrant to subscribe a share of the firm. Its bounds are versioned
// policy: a life of 3 to 5 years, a subscription amount of 10–20% of the loan, 1–2% of the
// firm's equity, exercisable once a lock-up after the grant has passed. On exercise the
// affiliate gets the whole units that make its share of the firm after the issue, for the
// subscription amount.
import { monthsAfter } from '../loan/repayment-schedule.ts';
import { versionInForce, type Versioned } from '../policy-versions.ts';

export interface WarrantPolicy extends Versioned {
  readonly lifeYears: { readonly min: number; readonly max: number };
  /** The subscription amount as a share of the loan, in basis points. */
  readonly subscriptionOfLoanBp: { readonly min: number; readonly max: number };
  /** The share of the firm (after the issue) the warrant subscribes, in basis points. */
  readonly equityBp: { readonly min: number; readonly max: number };
  /** Months after the grant before the warrant may be exercised. */
  readonly exercisableAfterMonths: number;
}

export interface WarrantTerms {
  lifeYears: number;
  subscriptionFen: number;
  equityBp: number;
}

export const warrantPolicyInForce = (policies: readonly WarrantPolicy[], asOf: string) =>
  versionInForce(policies, asOf, 'warrant policy');

/** Why the terms fall outside the policy for a loan of `loanFen`; empty when within. */
export function warrantProblems(policy: WarrantPolicy, terms: WarrantTerms, loanFen: number) {
  const problems: string[] = [];
  const { lifeYears, subscriptionOfLoanBp: sub, equityBp } = policy;
  if (terms.lifeYears < lifeYears.min || terms.lifeYears > lifeYears.max)
    problems.push(`a warrant lives ${lifeYears.min} to ${lifeYears.max} years`);
  // Compared exactly: subscription / loan against bp / 10 000.
  const scaled = BigInt(terms.subscriptionFen) * 10_000n;
  if (scaled < BigInt(sub.min) * BigInt(loanFen) || scaled > BigInt(sub.max) * BigInt(loanFen))
    problems.push(
      `the subscription is ${sub.min / 100}% to ${sub.max / 100}% of the loan (${loanFen} fen)`,
    );
  if (terms.equityBp < equityBp.min || terms.equityBp > equityBp.max)
    problems.push(`a warrant subscribes ${equityBp.min} to ${equityBp.max} bp of the firm`);
  return problems;
}

/** The window in which the warrant may be exercised, both days included. */
export function exerciseWindow(policy: WarrantPolicy, grantedOn: string, lifeYears: number) {
  return {
    exercisableFrom: monthsAfter(grantedOn, policy.exercisableAfterMonths),
    expiresOn: monthsAfter(grantedOn, 12 * lifeYears),
  };
}

/**
 * The units that give the holder `equityBp` of the firm after the issue, never more:
 * ⌊units before × bp ÷ (10 000 − bp)⌋.
 */
export function exerciseUnits(unitsBefore: number, equityBp: number): number {
  const units = (BigInt(unitsBefore) * BigInt(equityBp)) / BigInt(10_000 - equityBp);
  if (!Number.isSafeInteger(Number(units) + unitsBefore))
    throw new RangeError('the issue is too large to count exactly');
  return Number(units);
}
