// The messages a guarantee's underwriting workflow answers, the payloads they carry, and its
// id. The workflow is a child of the guaranteed case, started once the bank has approved.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FeeKind } from '../guarantee/fees.ts';
import type { GuaranteeRoute } from '../guarantee/lifecycle.ts';
import type { SharingScheme } from '../guarantee/sharing-scheme.ts';
import type { Actor } from './shared.ts';

export const guaranteeWorkflowId = (guaranteeId: string) => `guarantee:${guaranteeId}`;

/** What a guaranteed case carries: its guarantee row and the scheme it pinned. */
export interface CaseGuarantee {
  guaranteeId: string;
  scheme: SharingScheme;
}

export interface GuaranteeUnderwritingInput extends CaseGuarantee {
  applicationId: string;
  /** The principal the bank approved, which the guarantee covers, and its term. */
  amountFen: number;
  termMonths: number;
}

/** The guarantor officer's own diligence: its report and what it recommends. */
export interface GuaranteeReviewInput {
  actor: Actor;
  recommendation: 'approve' | 'decline';
  report: string;
}

export type GuaranteeDecisionInput =
  | { actor: Actor; outcome: 'approve'; fees: { kind: FeeKind | string; rateBp: number }[] }
  | { actor: Actor; outcome: 'decline'; reasons: string[] };

export type GuaranteeOutcome =
  { outcome: 'approved'; route: GuaranteeRoute } | { outcome: 'declined'; reasons: string[] };

export interface GuaranteeSnapshot {
  step: 'routing' | 'review' | 'decision' | 'decided';
  route?: GuaranteeRoute;
  reviewerId?: string;
  outcome?: GuaranteeOutcome['outcome'];
}

export const reviewGuaranteeUpdate = defineUpdate<GuaranteeSnapshot, [GuaranteeReviewInput]>(
  'reviewGuarantee',
);
export const decideGuaranteeUpdate = defineUpdate<GuaranteeSnapshot, [GuaranteeDecisionInput]>(
  'decideGuarantee',
);
export const guaranteeQuery = defineQuery<GuaranteeSnapshot>('guarantee');
