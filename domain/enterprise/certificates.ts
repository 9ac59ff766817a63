// Certificates of tech status: the high-tech enterprise certificate (valid three years,
// DOMAIN §1.2) and the tech-SME registration number. Validity runs through `validUntil`.
import { addYears, daysBetween } from '../scorecards/dates.ts';

export const certificateKinds = ['HIGH_TECH', 'TECH_SME'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/** Longest validity a certificate of each kind can carry; null = no term fixed by the text. */
export const certificateValidityYears: Readonly<Record<CertificateKind, number | null>> = {
  HIGH_TECH: 3,
  TECH_SME: null,
};

/** How far ahead an expiry is flagged, so a renewal can be filed in time. */
export const EXPIRY_NOTICE_DAYS = 90;

export interface CertificateRecord {
  readonly kind: CertificateKind;
  readonly validFrom: string;
  readonly validUntil: string | null;
}

export interface CertificateFlags {
  readonly expired: boolean;
  readonly expiringWithin90Days: boolean;
  /** Days from the reference date to the last valid day (0 on that day); null without a term. */
  readonly daysLeft: number | null;
}

export function certificateFlags(certificate: CertificateRecord, on: string): CertificateFlags {
  if (certificate.validUntil === null) {
    return { expired: false, expiringWithin90Days: false, daysLeft: null };
  }
  const daysLeft = daysBetween(on, certificate.validUntil);
  return {
    expired: daysLeft < 0,
    expiringWithin90Days: daysLeft >= 0 && daysLeft <= EXPIRY_NOTICE_DAYS,
    daysLeft,
  };
}

export function isValidOn(certificate: CertificateRecord, on: string): boolean {
  return (
    certificate.validFrom <= on && (certificate.validUntil === null || on <= certificate.validUntil)
  );
}

/** What is wrong with a certificate's dates, in words for the client; undefined when nothing. */
export function certificateValidityProblem(certificate: CertificateRecord): string | undefined {
  const { kind, validFrom, validUntil } = certificate;
  const years = certificateValidityYears[kind];
  if (validUntil === null) {
    return years === null ? undefined : `a ${kind} certificate needs its expiry date`;
  }
  if (validUntil < validFrom) return 'must not be before validFrom';
  if (years !== null && validUntil > addYears(validFrom, years)) {
    return `a ${kind} certificate is valid for at most ${years} years`;
  }
  return undefined;
}
