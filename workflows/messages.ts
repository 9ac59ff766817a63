// The messages a credit-application workflow answers, and the payloads they carry.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CreditScorecardModel } from '../domain/credit-track-policy.ts';
import type { Role } from '../domain/roles.ts';

export interface CreditApplicationInput {
  applicationId: string;
  filedById: string;
  /** Policy versions pinned when the case was filed; later versions never apply to it. */
  policy: { creditTrack: string; scorecards: Partial<Record<CreditScorecardModel, string>> };
}

export interface Actor {
  userId: string;
  role: Role;
}

export interface ReviewInput {
  actor: Actor;
  recommendation: 'approve' | 'reject';
  reasons: string[];
}

export type DecisionInput =
  | { actor: Actor; outcome: 'approve'; amountFen: number; annualRate: string; termMonths: number }
  | { actor: Actor; outcome: 'reject'; reasons: string[] };

export type CaseStep = 'assessment' | 'review' | 'decision' | 'letter' | 'closed';

export interface CaseSnapshot {
  step: CaseStep;
  reviewerId?: string;
  outcome?: 'approve' | 'reject';
}

/** `type` of the ApplicationFailures a validator throws; the API maps them to HTTP codes. */
export const RefusalType = {
  invalidState: 'InvalidState',
  fourEyes: 'FourEyesViolation',
  businessRule: 'BusinessRule',
} as const;

export const reviewUpdate = defineUpdate<CaseSnapshot, [ReviewInput]>('review');
export const decideUpdate = defineUpdate<CaseSnapshot, [DecisionInput]>('decide');
export const caseQuery = defineQuery<CaseSnapshot>('case');
