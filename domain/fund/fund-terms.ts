// A sub-fund's terms under the provincial guidance fund (DOMAIN.md §6; rules 26 and 27): how
// much of it must go to early-stage firms, the losses it may bear, the profit the guidance
// fund concedes, the cap on the guidance fund's stake, the buy-back window and the reporting
// duties. Versioned data: a sub-fund pins the version in force when it closes.
import { isIsoDate } from '../calendar.ts';
import { findVersion, versionInForce, type Versioned } from '../policy-versions.ts';

/** A firm's stage when the sub-fund first invested in it (seed / start-up by rule 24's test). */
export const stages = ['SEED', 'STARTUP', 'GROWTH', 'MATURE'] as const;
export type Stage = (typeof stages)[number];

/** The stages the early-stage share counts and the profit concession rewards. */
export const isEarlyStage = (stage: Stage): boolean => stage === 'SEED' || stage === 'STARTUP';

export interface FundTerms extends Versioned {
  /** Least share of the amount invested that must be in seed or start-up firms. */
  readonly requiredSeedShareBp: number;
  /** Share of its cost a single investment may lose (10 000: all of it). */
  readonly projectLossToleranceBp: number;
  /** Write-offs the sub-fund may bear, as a share of its total commitments. */
  readonly fundLossToleranceBp: number;
  /** Share of its profit on an early-stage investment the guidance fund leaves to the others. */
  readonly profitConcessionBp: number;
  /** Most the guidance fund may commit, as a share of the sub-fund's total commitments. */
  readonly maxGuidanceStakeBp: number;
  readonly buyback: {
    /** Months after the investment during which the others may buy its stake at cost. */
    readonly atCostMonths: number;
  };
  readonly reporting: {
    /** Working days after closing to file the sub-fund with AMAC (AMBERS). */
    readonly ambersFilingWorkingDays: number;
    /** Months after a quarter's end by whose last day its report is due. */
    readonly quarterlyReportDueMonths: number;
    /** Months after a year's end by whose last day its annual report is due. */
    readonly annualReportDueMonths: number;
    /** Working days before a due date on which the manager is reminded. */
    readonly reminderWorkingDays: number;
  };
}

type Bound = {
  readonly field: string;
  readonly of: (t: FundTerms) => number;
  readonly max: number;
};
const share = (field: keyof FundTerms & `${string}Bp`, max = 10_000): Bound => ({
  field,
  of: (t) => t[field],
  max,
});

/**
 * The outer bounds of the rules. Shares: rule 26 (stake ≤ 25%), rule 27 (a fund may lose at
 * most 50%). Periods, each a whole number of at least 1: rule 26 (at cost for at most 36
 * months), AMAC (filing within 20 working days of closing, a quarter's report within a month,
 * the annual report within four months). Terms may be stricter, never looser.
 */
const SHARES: readonly Bound[] = [
  share('requiredSeedShareBp'),
  share('projectLossToleranceBp'),
  share('fundLossToleranceBp', 5_000),
  share('profitConcessionBp'),
  share('maxGuidanceStakeBp', 2_500),
];
const PERIODS: readonly Bound[] = [
  { field: 'buyback.atCostMonths', of: (t) => t.buyback.atCostMonths, max: 36 },
  {
    field: 'reporting.ambersFilingWorkingDays',
    of: (t) => t.reporting.ambersFilingWorkingDays,
    max: 20,
  },
  {
    field: 'reporting.quarterlyReportDueMonths',
    of: (t) => t.reporting.quarterlyReportDueMonths,
    max: 1,
  },
  {
    field: 'reporting.annualReportDueMonths',
    of: (t) => t.reporting.annualReportDueMonths,
    max: 4,
  },
];

export const fundTermsInForce = (versions: readonly FundTerms[], asOf: string): FundTerms =>
  versionInForce(versions, asOf, 'fund terms');

export const findFundTerms = (versions: readonly FundTerms[], version: string): FundTerms =>
  findVersion(versions, version, 'fund terms');

/** Why `terms` break the rules; empty when they keep them. */
export function termsProblems(terms: FundTerms): string[] {
  const problems: string[] = [];
  if (!isIsoDate(terms.effectiveFrom)) problems.push('effectiveFrom must be an ISO date');
  for (const { field, of, max } of SHARES) {
    const bp = of(terms);
    if (!Number.isInteger(bp) || bp < 0 || bp > max) {
      problems.push(`${field} must be 0 to ${max} basis points, got ${bp}`);
    }
  }
  // A guidance fund that may not invest at all is a typo, not a policy.
  if (terms.maxGuidanceStakeBp === 0) problems.push('maxGuidanceStakeBp must be above 0');
  for (const { field, of, max } of PERIODS) {
    const n = of(terms);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      problems.push(`${field} must be a whole number from 1 to ${max}, got ${n}`);
    }
  }
  const reminder = terms.reporting.reminderWorkingDays;
  if (!Number.isInteger(reminder) || reminder < 0) {
    problems.push(`reporting.reminderWorkingDays must be a whole number, got ${reminder}`);
  }
  return problems;
}
