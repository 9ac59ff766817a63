// The messages the credit-track workflows answer, and the payloads they carry. Money is
// integer fen, rates decimal strings, instants ISO strings.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApprovalLevel } from '../domain/authority-matrix.ts';
import type { CreditScorecardModel } from '../domain/credit-track-policy.ts';
import type { LoanCategory } from '../domain/loan-classification.ts';
import type { RepaymentMethod } from '../domain/repayment-schedule.ts';
import type { Role } from '../domain/roles.ts';

export interface PinnedPolicies {
  creditTrack: string;
  scorecards: Partial<Record<CreditScorecardModel, string>>;
  /** The bank's authority matrix version. */
  authority: string;
  /** The document checklist version. */
  documents: string;
}

export interface CreditApplicationInput {
  applicationId: string;
  filedById: string;
  bankCode: string;
  /** Policy versions pinned when the case was filed; later versions never apply to it. */
  policy: PinnedPolicies;
}

export interface Actor {
  userId: string;
  role: Role;
  /** An approver's delegated authority, read from the bank's records by the API. */
  level?: ApprovalLevel;
}

export interface ReviewInput {
  actor: Actor;
  recommendation: 'approve' | 'reject';
  reasons: string[];
  /** The terms the officer proposes; required with a recommendation to approve. */
  proposal?: LoanTermsInput;
}

export interface LoanTermsInput {
  amountFen: number;
  annualRate: string;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  /** Conditions precedent to the contract; any makes the approval conditional. */
  conditions: string[];
}

export type DecisionInput =
  | ({ actor: Actor; outcome: 'approve' } & LoanTermsInput)
  | { actor: Actor; outcome: 'reject'; reasons: string[] };

export interface VoteInput {
  actor: Actor;
  choice: 'approve' | 'reject';
  reasons: string[];
}

export interface InformationRequestInput {
  actor: Actor;
  questions: string[];
  /** Working days the applicant has to answer; the policy's default when absent. */
  dueWorkingDays?: number;
}

export interface InformationResponseInput {
  actor: Actor;
  round: number;
  answers: string[];
}

export interface WithdrawInput {
  actor: Actor;
  reason?: string;
}

export interface OfferResponseInput {
  actor: Actor;
  response: 'accept' | 'decline';
}

export interface ConditionsMetInput {
  actor: Actor;
  /** What shows each condition met (document ids, registry numbers, notes). */
  evidence: string[];
}

/** The steps of a case, in order. */
export const caseSteps = [
  'documents',
  'assessment',
  'review',
  'approval',
  'letter',
  'offer',
  'conditions',
  'contract',
  'disbursement',
  'closed',
] as const;
export type CaseStep = (typeof caseSteps)[number];

/** How a closed case ended. */
export type CaseEnd =
  'withdrawn' | 'expired' | 'rejected' | 'offer-declined' | 'offer-expired' | 'disbursed';

export interface CaseSnapshot {
  step: CaseStep;
  end?: CaseEnd;
  reviewerId?: string;
  outcome?: 'approve' | 'reject';
  /** The authority level the case waits on, once routed. */
  level?: ApprovalLevel;
  /** The open request for information, if the applicant owes answers. */
  informationRound?: number;
  /** Whether the SLA clock is paused (documents or information owed by the applicant). */
  clockPaused: boolean;
  decisionDueAt?: string;
  loanId?: string;
}

/** `type` of the ApplicationFailures a validator throws; the API maps them to HTTP codes. */
export const RefusalType = {
  invalidState: 'InvalidState',
  fourEyes: 'FourEyesViolation',
  authority: 'InsufficientAuthority',
  businessRule: 'BusinessRule',
} as const;

export const documentsChangedSignal = defineSignal('documentsChanged');
export const withdrawUpdate = defineUpdate<CaseSnapshot, [WithdrawInput]>('withdraw');
export const reviewUpdate = defineUpdate<CaseSnapshot, [ReviewInput]>('review');
export const decideUpdate = defineUpdate<CaseSnapshot, [DecisionInput]>('decide');
export const voteUpdate = defineUpdate<CaseSnapshot, [VoteInput]>('vote');
export const requestInformationUpdate = defineUpdate<CaseSnapshot, [InformationRequestInput]>(
  'requestInformation',
);
export const provideInformationUpdate = defineUpdate<CaseSnapshot, [InformationResponseInput]>(
  'provideInformation',
);
export const respondToOfferUpdate = defineUpdate<CaseSnapshot, [OfferResponseInput]>(
  'respondToOffer',
);
export const confirmConditionsUpdate = defineUpdate<CaseSnapshot, [ConditionsMetInput]>(
  'confirmConditions',
);
export const caseQuery = defineQuery<CaseSnapshot>('case');

// The loan a disbursed case becomes, monitored for its term.

export interface LoanMonitoringInput {
  loanId: string;
  /** The classification policy version pinned by the contract. */
  classificationPolicy: string;
}

export interface RepaymentInput {
  actor: Actor;
  /** ISO date the money was received. */
  receivedOn: string;
  amountFen: number;
  /** The bank's reference of the receipt; one repayment per reference. */
  reference: string;
}

export interface LoanSnapshot {
  status: 'LIVE' | 'REPAID';
  classification: LoanCategory;
  daysPastDue: number;
  outstandingPrincipalFen: number;
}

export const recordRepaymentUpdate = defineUpdate<LoanSnapshot, [RepaymentInput]>(
  'recordRepayment',
);
export const loanQuery = defineQuery<LoanSnapshot>('loan');
