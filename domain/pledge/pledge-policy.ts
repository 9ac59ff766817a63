// The pledge loans' own policy (DOMAIN.md §3, §4; rules 15–18), versioned per bank with a
// platform default and pinned at filing like every policy: loan-to-value caps per kind of
// collateral, the longest term, how long an appraisal stays valid, the decision SLA, and the
// registries' decision times that the registration timers wait for.
import { bankVersionInForce, findBankVersion, type BankPolicy } from '../policy-versions.ts';
import type { CollateralKind } from './collateral.ts';

export interface PledgePolicy extends BankPolicy {
  /** The share of the appraised value a loan may reach, per kind, in basis points. */
  readonly ltvBp: Readonly<Record<CollateralKind, number>>;
  /** Longest term of a pledge loan, per product, in months (IP: 36, rule 15). */
  readonly maxTermMonths: { readonly 'ip-pledge': number; readonly 'equity-pledge': number };
  /** Months an appraisal report stays valid from its date (rule 18). */
  readonly appraisalValidMonths: number;
  /** Working days from a complete file to the decision (15 for pledge loans, DOMAIN.md §2). */
  readonly decisionWorkingDays: number;
  /**
   * Working days after filing by which each registry should have decided, per kind: past
   * each one the officer is told (a registry may promise one time and allow itself a longer
   * statutory one, as the market-regulation bureau does: 5, then 20).
   */
  readonly registrationWorkingDays: Readonly<Record<CollateralKind, readonly number[]>>;
  /** Working days the officer has to answer a rejected registration or an impaired right. */
  readonly resolutionWorkingDays: number;
  /** Months between legal-status re-checks of a live loan's pledged rights (rule 17: 3). */
  readonly recheckMonths: number;
  /** Working days a firm has to top up collateral that no longer covers the principal. */
  readonly topUpWorkingDays: number;
}

export const pledgePolicyInForce = (
  policies: readonly PledgePolicy[],
  bankCode: string,
  asOf: string,
): PledgePolicy => bankVersionInForce(policies, bankCode, asOf, 'pledge policy');

export const findPledgePolicy = (
  policies: readonly PledgePolicy[],
  bankCode: string,
  version: string,
): PledgePolicy => findBankVersion(policies, bankCode, version, 'pledge policy');

/** Why a policy cannot be published: caps outside 0–100%, deadlines not increasing. */
export function pledgePolicyProblems(policy: PledgePolicy): string[] {
  const problems: string[] = [];
  for (const [kind, bp] of Object.entries(policy.ltvBp)) {
    if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) problems.push(`${kind}: LTV ${bp} bp`);
  }
  for (const [kind, days] of Object.entries(policy.registrationWorkingDays)) {
    const increasing = days.every((d, i) => Number.isInteger(d) && d > (days[i - 1] ?? 0));
    if (days.length === 0 || !increasing) problems.push(`${kind}: registration days ${days}`);
  }
  return problems;
}
