// Input of a letter: plain, unformatted facts taken from the record. The renderer does all
// formatting (dates, money, rates, numerals, names for codes), so the same facts always
// yield the same letter. One type per kind, told apart by `kind`.
import type { CapitalUnit } from '../domain/equity/cap-table.ts';
import type { FailedGate } from '../domain/scorecards/types.ts';

import type { LetterKind, LetterLanguage } from '../domain/letter-kinds.ts';

export interface AssessmentIndicator {
  id: string;
  /** Human-readable name; the name for the id, or the id itself, is printed when absent. */
  label?: string;
  value: string;
  points: number;
  max: number;
  rule: string;
}

export interface LetterAssessment {
  model: string;
  version: string;
  points: number;
  max: number;
  eligible: boolean;
  indicators: AssessmentIndicator[];
  /** Conditions the firm did not meet, with the gap to each; empty when all were met. */
  failedGates: FailedGate[];
}

export interface LetterDecider {
  /** A role code (APPROVER, COMMITTEE) or a name; codes are printed by their name. */
  role: string;
  /**
   * Already masked by the caller (PIPL): printed as given. Absent when a body decided as a
   * whole (the credit committee): the role's name then stands alone.
   */
  name?: string;
}

/** What every letter carries: who writes to whom on which application, when, under which policy. */
interface LetterBase {
  language: LetterLanguage;
  /** Application reference, printed as the letter's number. */
  reference: string;
  /** ISO instant with an offset; the letter is dated in Asia/Shanghai. */
  issuedAt: string;
  /** The institution that issues and seals the letter. */
  institution: { name: string };
  enterprise: { name: string; uscc: string };
  /** Product code (credit) or name. */
  product: string;
  /** Policy versions the application applied, as ids: credit-track@2026.1, tech-sme@2017.1. */
  policyVersions: string[];
  /** Who decided or handled the matter; empty when no person did (a deadline passed). */
  decidedBy: LetterDecider[];
}

export interface RepaymentSummary {
  instalments: number;
  /** ISO dates (YYYY-MM-DD). */
  firstDueOn: string;
  lastDueOn: string;
  totalInterestFen: number;
}

export interface LoanTerms {
  amountFen: number;
  /** Annual rate as a decimal string, e.g. "0.0435". */
  annualRate: string;
  termMonths: number;
  /** Method code (equal-instalment, equal-principal, interest-only) or name. */
  repaymentMethod: string;
  /** The schedule's summary, once the record holds one. */
  repayment?: RepaymentSummary;
}

export interface ApprovalLetter extends LetterBase {
  kind: 'approval';
  terms: LoanTerms;
  /** ISO date: the last day the offer may be accepted. */
  acceptBy: string;
  assessment: LetterAssessment;
}

export interface ConditionalApprovalLetter extends LetterBase {
  kind: 'conditional_approval';
  terms: LoanTerms;
  /** Conditions precedent to the contract, in order. */
  conditions: string[];
  /** ISO date by which the conditions must be met. */
  conditionsDueOn: string;
  assessment: LetterAssessment;
}

export interface RejectionLetter extends LetterBase {
  kind: 'rejection';
  reasons: string[];
  assessment: LetterAssessment;
}

export interface InformationRequestLetter extends LetterBase {
  kind: 'information_request';
  /** Which request of the application this is (1, 2, …): the letter's sequence. */
  round: number;
  /** Documents or facts requested, in order. */
  items: string[];
  /** ISO date by which they are to be supplied. */
  dueOn: string;
}

export interface OfferExpiryLetter extends LetterBase {
  kind: 'offer_expiry';
  terms: LoanTerms;
  /** ISO dates: when the offer was made and the last day it could be accepted. */
  offeredOn: string;
  expiredOn: string;
}

export interface FileExpiryLetter extends LetterBase {
  kind: 'file_expiry';
  /** Names of the documents still missing, in the letter's language, in order. */
  missingDocuments: string[];
  /** ISO date: the last day the documents could be supplied. */
  dueOn: string;
}

/** A party's share of the risk in basis points (4000 = 40%); shares sum to 10 000. */
export interface RiskShare {
  /** A party code (BANK, GUARANTOR …), printed by its name, or a name as it is. */
  party: string;
  shareBp: number;
}

export interface GuaranteeConfirmationLetter extends LetterBase {
  kind: 'guarantee_confirmation';
  guarantee: {
    /** The lending bank (the letter's institution is the guarantor). */
    lender: string;
    contractNumber: string;
    loanAmountFen: number;
    guaranteedFen: number;
    termMonths: number;
    /** Annual guarantee fee as a decimal string, e.g. "0.008". */
    feeRate: string;
    shares: RiskShare[];
  };
}

export interface CompensationNoticeLetter extends LetterBase {
  kind: 'compensation_notice';
  compensation: {
    lender: string;
    /** ISO date of the default. */
    defaultedOn: string;
    lossFen: number;
    /** Each party's share of the loss; the amounts sum to lossFen. */
    shares: Array<RiskShare & { amountFen: number }>;
  };
}

export interface PledgedRight {
  /** IP right type code (INVENTION_PATENT) or name. */
  type: string;
  number: string;
  title: string;
}

export interface PledgeRegistrationLetter extends LetterBase {
  kind: 'pledge_registration';
  pledge: {
    /** Registry code (CNIPA, SAMR) or name. */
    registry: string;
    registrationNumber: string;
    /** ISO date of registration: the pledge exists from then. */
    registeredOn: string;
    securedAmountFen: number;
    rights: PledgedRight[];
  };
}

export interface PledgeReleaseLetter extends LetterBase {
  kind: 'pledge_release';
  pledge: {
    registry: string;
    registrationNumber: string;
    registeredOn: string;
    /** ISO date the registry cancelled the pledge. */
    releasedOn: string;
    rights: PledgedRight[];
  };
}

/** A warrant on the firm granted with its loan (DOMAIN.md §4), as both of its endings recall it. */
export interface WarrantGrant {
  /** The bank's investment affiliate that holds the warrant. */
  affiliate: string;
  /** ISO date the warrant was granted. */
  grantedOn: string;
  /** What the affiliate pays for its stake on exercise. */
  subscriptionFen: number;
  /** The affiliate's share of the firm after the issue, in basis points (150 = 1.50%). */
  equityBp: number;
}

export interface WarrantExerciseLetter extends LetterBase {
  kind: 'warrant_exercise';
  warrant: WarrantGrant & {
    /** Number of the loan contract the warrant came with, once the loan is contracted. */
    loanContract: string | null;
    /** ISO date of the exercise. */
    exercisedOn: string;
    /** How the firm counts its capital, and the units issued to the affiliate in that count. */
    capitalUnit: CapitalUnit;
    unitsIssued: number;
  };
}

export interface WarrantExpiryLetter extends LetterBase {
  kind: 'warrant_expiry';
  /** expiresOn: ISO date, the last day the warrant could be exercised. */
  warrant: WarrantGrant & { expiresOn: string };
}

export type LetterData =
  | ApprovalLetter
  | ConditionalApprovalLetter
  | RejectionLetter
  | InformationRequestLetter
  | OfferExpiryLetter
  | FileExpiryLetter
  | GuaranteeConfirmationLetter
  | CompensationNoticeLetter
  | PledgeRegistrationLetter
  | PledgeReleaseLetter
  | WarrantExerciseLetter
  | WarrantExpiryLetter;

export type LetterDataOf<K extends LetterKind> = Extract<LetterData, { kind: K }>;

/**
 * What makes one issued letter: its verification code (printed and encoded in the QR code),
 * the address that verifies it, and for a correction the letter it replaces. Part of the
 * rendered bytes, so it is fixed before rendering and stored with the hash.
 */
export interface LetterIssue {
  verificationCode: string;
  verificationUrl: string;
  revision: number;
  replaces?: { verificationCode: string; issuedAt: string; reason: string };
  /** The institution's seal (a PNG) and who signs for it; a dashed place for them without. */
  seal?: { image: Uint8Array; signatory: string };
}
