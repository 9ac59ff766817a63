// The messages a credit application's workflow answers, the payloads they carry, and the
// workflow's id. Money is integer fen, rates decimal strings, instants ISO strings.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApprovalLevel } from '../credit/authority-matrix.ts';
import type { ApplicationStep, CreditTaskKind } from '../credit/lifecycle.ts';
import type { CreditScorecardModel } from '../credit/track-policy.ts';
import type { RepaymentMethod } from '../loan/repayment-schedule.ts';
import type { CaseGuarantee } from './guarantee.ts';
import type { CollateralRef } from './pledge.ts';
import type { Actor } from './shared.ts';

/** Workflow ids come from row ids, never from personal data. */
export const creditApplicationWorkflowId = (applicationId: string) =>
  `credit-application:${applicationId}`;

export interface PinnedPolicies {
  creditTrack: string;
  scorecards: Partial<Record<CreditScorecardModel, string>>;
  /** The bank's authority matrix version. */
  authority: string;
  /** The document checklist version. */
  documents: string;
  /** The pledge policy version (LTV caps, appraisal validity, SLA); pledge loans only. */
  pledge?: string;
  /** The risk-sharing scheme and pool rules of a guaranteed loan. */
  guarantee?: { scheme: string; pool: string };
}

export interface CreditApplicationInput {
  applicationId: string;
  filedById: string;
  bankCode: string;
  /** Policy versions pinned when the application was filed; later versions never apply to it. */
  policy: PinnedPolicies;
  /** The rights a pledge loan is secured by, as named at filing; none for a credit loan. */
  collateral?: CollateralRef[];
  /** A guaranteed loan's guarantee and the scheme it pinned; none for a loan without one. */
  guarantee?: CaseGuarantee;
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

/** A task of the application, as its lifecycle keys it: the kind and, where one kind opens
 * more than once, what tells them apart (an information round, an approval level). */
export interface CreditTaskRef {
  kind: CreditTaskKind;
  qualifier?: string | number;
}

/** How a closed application ended. */
export type ApplicationEnd =
  | 'withdrawn'
  | 'expired'
  | 'rejected'
  | 'offer-declined'
  | 'offer-expired'
  | 'cancelled'
  | 'guarantee-declined'
  | 'disbursed';

export interface ApplicationSnapshot {
  step: ApplicationStep;
  end?: ApplicationEnd;
  reviewerId?: string;
  outcome?: 'approve' | 'reject';
  /** The authority level the application waits on, once routed. */
  level?: ApprovalLevel;
  /** The open request for information, if the applicant owes answers. */
  informationRound?: number;
  /** Whether the SLA clock is paused (documents or information owed by the applicant). */
  clockPaused: boolean;
  decisionDueAt?: string;
  loanId?: string;
}

export const documentsChangedSignal = defineSignal('documentsChanged');
export const withdrawUpdate = defineUpdate<ApplicationSnapshot, [WithdrawInput]>('withdraw');
export const reviewUpdate = defineUpdate<ApplicationSnapshot, [ReviewInput]>('review');
export const decideUpdate = defineUpdate<ApplicationSnapshot, [DecisionInput]>('decide');
export const voteUpdate = defineUpdate<ApplicationSnapshot, [VoteInput]>('vote');
export const requestInformationUpdate = defineUpdate<
  ApplicationSnapshot,
  [InformationRequestInput]
>('requestInformation');
export const provideInformationUpdate = defineUpdate<
  ApplicationSnapshot,
  [InformationResponseInput]
>('provideInformation');
export const respondToOfferUpdate = defineUpdate<ApplicationSnapshot, [OfferResponseInput]>(
  'respondToOffer',
);
export const confirmConditionsUpdate = defineUpdate<ApplicationSnapshot, [ConditionsMetInput]>(
  'confirmConditions',
);
export const applicationQuery = defineQuery<ApplicationSnapshot>('application');
