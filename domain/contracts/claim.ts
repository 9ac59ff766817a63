// The messages a guarantee claim's workflow answers, the payloads they carry, and its id.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ClaimStatus } from '../guarantee/claim-lifecycle.ts';
import type { SharingScheme } from '../guarantee/sharing-scheme.ts';
import type { Actor } from './shared.ts';

export const claimWorkflowId = (guaranteeId: string) => `guarantee-claim:${guaranteeId}`;

/** The parties that pay a share of a claim to another; the pool pays by its decision. */
export const claimPayers = ['GUARANTOR', 'REGUARANTOR', 'NATIONAL_FUND'] as const;
export type ClaimPayer = (typeof claimPayers)[number];

export interface ClaimWorkflowInput {
  claimId: string;
  /** The scheme the guarantee pinned: its payment deadlines. */
  scheme: SharingScheme;
  /** Working days the pool has to decide (the pool policy the guarantee pinned). */
  poolDecisionWorkingDays: number;
  /** The payers that owe something, in the order they pay. */
  payers: ClaimPayer[];
}

export interface ClaimPaymentInput {
  actor: Actor;
  payer: ClaimPayer;
  /** The payment's reference in the payer's books; ISO date it was paid. */
  reference: string;
  paidOn: string;
}

/** The pool manager approves the award its rules give and records the payment. */
export interface PoolDecisionInput {
  actor: Actor;
  reference: string;
  paidOn: string;
}

export interface ClaimSnapshot {
  status: ClaimStatus;
  /** Payers whose payment is asked for and not yet recorded. */
  owing: ClaimPayer[];
  poolDecided: boolean;
}

export const recordClaimPaymentUpdate = defineUpdate<ClaimSnapshot, [ClaimPaymentInput]>(
  'recordClaimPayment',
);
export const decidePoolClaimUpdate = defineUpdate<ClaimSnapshot, [PoolDecisionInput]>(
  'decidePoolClaim',
);
export const claimQuery = defineQuery<ClaimSnapshot>('claim');
