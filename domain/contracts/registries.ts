// The registries a pledge is checked against and registered with (DOMAIN.md §3, §4): the
// patent and trademark office (with the copyright centre for software) and the market-
// regulation bureau. Both work alike: a right's status, a filing, and the filing's outcome
// on a date, since registries decide in working days and say so only when asked.
import type { EquityHoldingRef, IpRightRef } from '../pledge/collateral.ts';
import type { EquityStatus, IpLegalStatus } from '../pledge/eligibility.ts';
import type { FilingKind } from '../pledge/lifecycle.ts';

export interface RegistryFiling {
  /** The caller's key for this filing; the same key never files twice. */
  idempotencyKey: string;
  kind: FilingKind;
  /** The bank taking the pledge. */
  pledgee: string;
  securedFen: number;
  /** ISO date the filing is made (the business date of whoever files). */
  filedOn: string;
  /** For a release: the registration it cancels. */
  registrationNumber?: string;
}

export type FilingOutcome =
  | { state: 'pending'; decidesOn: string }
  | { state: 'registered'; registrationNumber: string; on: string }
  | { state: 'released'; on: string }
  | { state: 'rejected'; reason: string; on: string };

export interface PledgeRegistry<Subject, Status> {
  /** What the registry records for the subject on `asOf` (ISO date); null if it has none. */
  status(subject: Subject, asOf: string): Promise<Status | null>;
  file(subject: Subject, filing: RegistryFiling): Promise<{ reference: string }>;
  /** The filing's outcome as the registry gives it on `asOf`. */
  outcome(reference: string, asOf: string): Promise<FilingOutcome>;
}

/** An equity holding as the borrower declares it at filing. */
export interface DeclaredHolding extends EquityHoldingRef {
  companyName: string;
  subscribedFen: number;
  shareBp: number;
}

export interface Registries {
  ip: PledgeRegistry<IpRightRef, IpLegalStatus>;
  equity: PledgeRegistry<DeclaredHolding, EquityStatus>;
}
