// The dedicated credit track's own policy (DOMAIN.md §2), versioned like every policy:
// an application pins the version in force when it is filed.
import { Decimal } from 'decimal.js';
import type { DayCount, DueDateRule } from '../loan/repayment-schedule.ts';
import { findVersion, versionInForce } from '../policy-versions.ts';
import type { KnowledgeValueGrade as CreditGrade } from '../scorecards/knowledge-value.ts';
/** Scorecards the track scores from a firm's indicators alone, innovation capability first. */
export type CreditScorecardModel = 'tech-sme';

/** A credit grade (A best … E) from the tech-SME score: the first band whose floor it reaches. */
export interface GradeBand {
  readonly grade: CreditGrade;
  readonly minPoints: number;
}

export interface CreditTrackPolicy {
  version: string;
  effectiveFrom: string;
  /** The scorecards assessed for every application; their versions are pinned at filing. */
  scorecardModels: readonly CreditScorecardModel[];
  /**
   * Innovation capability as the core credit indicator: the tech-SME score sets the grade
   * that, with amount and product, routes the application through the authority matrix. A firm
   * failing the tech-SME gates is graded E.
   */
  gradeBands: readonly GradeBand[];
  /** Working days the applicant has to complete an incomplete file before it expires. */
  documentsWorkingDays: number;
  /** Working days an officer has to review a complete file before it escalates. */
  reviewWorkingDays: number;
  /** Working days from a complete file to the decision (5 for credit loans ≤ ¥10m). */
  decisionWorkingDays: number;
  /** Working days an escalated approval task gets at the next level. */
  escalationWorkingDays: number;
  /** Working days an applicant gets, by default, to answer a request for information. */
  informationWorkingDays: number;
  /** Working days before a due time at which whoever must act is reminded. */
  reminderWorkingDays: number;
  /** Calendar days an offer stays open for acceptance (and its conditions to be met). */
  offerValidDays: number;
  /** Day count of the loan contracts the track writes. */
  dayCount: DayCount;
  /** Where a due date on a day off lands (2026.1 left it on the calendar date). */
  dueDateRule?: DueDateRule;
  /** The highest annual rate a loan on the track may carry (2026.1 set none). */
  maxAnnualRate?: string;
  /** Largest pure-credit loan on the track, in fen (¥10m). */
  maxCreditAmountFen: number;
  /** Longest term for a pure-credit loan, in months. */
  maxCreditTermMonths: number;
}

const creditTrack2026: CreditTrackPolicy = {
  version: 'credit-track@2026.1',
  effectiveFrom: '2026-01-01',
  scorecardModels: ['tech-sme'],
  // Documented defaults (DOMAIN.md gives none): 60 is the tech-SME pass mark.
  gradeBands: [
    { grade: 'A', minPoints: 85 },
    { grade: 'B', minPoints: 75 },
    { grade: 'C', minPoints: 65 },
    { grade: 'D', minPoints: 60 },
  ],
  documentsWorkingDays: 10,
  reviewWorkingDays: 2,
  decisionWorkingDays: 5,
  escalationWorkingDays: 2,
  informationWorkingDays: 5,
  reminderWorkingDays: 1,
  offerValidDays: 30,
  dayCount: 'ACT/360',
  maxCreditAmountFen: 10_000_000_00,
  maxCreditTermMonths: 36,
};

export const creditTrackPolicies: readonly CreditTrackPolicy[] = [
  creditTrack2026,
  {
    ...creditTrack2026,
    version: 'credit-track@2026.2',
    effectiveFrom: '2026-12-04',
    // A due date on a weekend or holiday is paid on the next working day, interest to it.
    dueDateRule: 'following',
    // Documented default: four times the one-year LPR (3.0% since May 2025), the ceiling the
    // courts protect for lending; a bank sets its own below it by a new version.
    maxAnnualRate: '0.12',
  },
];

/** Why `terms` break the track's limits on rate and term, or undefined when they keep them. */
export function termsProblem(
  policy: Pick<CreditTrackPolicy, 'maxAnnualRate' | 'maxCreditTermMonths'>,
  terms: { annualRate: string; termMonths: number },
): string | undefined {
  if (policy.maxAnnualRate && new Decimal(terms.annualRate).greaterThan(policy.maxAnnualRate)) {
    return `the annual rate ${terms.annualRate} is above the ceiling of ${policy.maxAnnualRate}`;
  }
  if (terms.termMonths > policy.maxCreditTermMonths) {
    return `a credit loan on this track runs at most ${policy.maxCreditTermMonths} months`;
  }
  return undefined;
}

/** The grade of a firm with `points` on the tech-SME card, or E when it failed the card. */
export function creditGrade(
  policy: Pick<CreditTrackPolicy, 'gradeBands'>,
  techSme: { eligible: boolean; points: number | null },
): CreditGrade {
  if (!techSme.eligible || techSme.points === null) return 'E';
  const points = techSme.points;
  return policy.gradeBands.find((b) => points >= b.minPoints)?.grade ?? 'E';
}

export const creditTrackPolicyInForce = (isoDate: string): CreditTrackPolicy =>
  versionInForce(creditTrackPolicies, isoDate, 'credit-track policy');

export const findCreditTrackPolicy = (version: string): CreditTrackPolicy =>
  findVersion(creditTrackPolicies, version, 'credit-track policy');
