// The dedicated credit track's own policy (DOMAIN.md §2), versioned like every policy:
// a case pins the version in force when it is filed.
import { findVersion, versionInForce } from './policy-versions.ts';
/** Scorecards the track scores from a firm's indicators alone, innovation capability first. */
export type CreditScorecardModel = 'tech-sme';

export interface CreditTrackPolicy {
  version: string;
  effectiveFrom: string;
  /** The scorecards assessed for every case; their versions are pinned at filing. */
  scorecardModels: readonly CreditScorecardModel[];
  /** Working days an officer has to review a complete file before it escalates. */
  reviewWorkingDays: number;
  /** Working days from a complete file to the decision (5 for credit loans ≤ ¥10m). */
  decisionWorkingDays: number;
  /** Largest pure-credit loan on the track, in fen (¥10m). */
  maxCreditAmountFen: number;
  /** Longest term for a pure-credit loan, in months. */
  maxCreditTermMonths: number;
}

export const creditTrackPolicies: readonly CreditTrackPolicy[] = [
  {
    version: 'credit-track@2026.1',
    effectiveFrom: '2026-01-01',
    scorecardModels: ['tech-sme'],
    reviewWorkingDays: 2,
    decisionWorkingDays: 5,
    maxCreditAmountFen: 10_000_000_00,
    maxCreditTermMonths: 36,
  },
];

export const creditTrackPolicyInForce = (isoDate: string): CreditTrackPolicy =>
  versionInForce(creditTrackPolicies, isoDate, 'credit-track policy');

export const findCreditTrackPolicy = (version: string): CreditTrackPolicy =>
  findVersion(creditTrackPolicies, version, 'credit-track policy');
