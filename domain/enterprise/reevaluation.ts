// The annual re-evaluation of the registry (DOMAIN §7): what one firm's run yields, and the
// running totals a run carries from page to page.
import type { CertificateFlags, CertificateKind } from './certificates.ts';

export interface FlaggedCertificate extends CertificateFlags {
  readonly id: string;
  readonly kind: CertificateKind;
  readonly number: string;
  readonly validUntil: string;
}

export interface AssessmentSummary {
  readonly model: string;
  readonly version: string;
  readonly points: number | null;
  readonly eligible: boolean;
}

export interface EnterpriseReevaluation {
  readonly enterpriseId: string;
  /** no-snapshot: nothing declared to score; invalid-data: stored records no longer parse. */
  readonly status: 'assessed' | 'no-snapshot' | 'invalid-data';
  readonly assessments: readonly AssessmentSummary[];
  /** Only the certificates expired or expiring within the notice period. */
  readonly certificates: readonly FlaggedCertificate[];
}

export interface ReevaluationTotals {
  readonly enterprises: number;
  readonly assessed: number;
  readonly withoutSnapshot: number;
  readonly invalidData: number;
  readonly certificatesExpiring: number;
  readonly certificatesExpired: number;
}

export const noTotals: ReevaluationTotals = {
  enterprises: 0,
  assessed: 0,
  withoutSnapshot: 0,
  invalidData: 0,
  certificatesExpiring: 0,
  certificatesExpired: 0,
};

export function tally(totals: ReevaluationTotals, run: EnterpriseReevaluation): ReevaluationTotals {
  const count = (flag: 'expired' | 'expiringWithin90Days') =>
    run.certificates.filter((c) => c[flag]).length;
  return {
    enterprises: totals.enterprises + 1,
    assessed: totals.assessed + (run.status === 'assessed' ? 1 : 0),
    withoutSnapshot: totals.withoutSnapshot + (run.status === 'no-snapshot' ? 1 : 0),
    invalidData: totals.invalidData + (run.status === 'invalid-data' ? 1 : 0),
    certificatesExpiring: totals.certificatesExpiring + count('expiringWithin90Days'),
    certificatesExpired: totals.certificatesExpired + count('expired'),
  };
}
