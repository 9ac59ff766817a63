// The messages a loan's monitoring workflow answers, and the workflow's id.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LoanCategory } from '../loan/classification.ts';
import type { CollateralKind } from '../pledge/collateral.ts';
import type { DisposalMethod } from '../pledge/disposal.ts';
import type { Actor } from './shared.ts';

/** The loan a disbursed application becomes, monitored for its term by its own workflow. */
export const loanWorkflowId = (loanId: string) => `loan:${loanId}`;

export interface LoanMonitoringInput {
  loanId: string;
  /** The classification policy version pinned by the contract. */
  classificationPolicy: string;
  /** What secures a pledge loan, watched for its term and released at its end. */
  collateral?: LoanCollateral;
  /** A guaranteed loan: its guarantee is released when the loan is repaid. */
  guaranteed?: boolean;
}

export interface LoanCollateral {
  /** The pledge policy the case pinned (LTV caps, registry times), and whose it is. */
  bankCode: string;
  pledgePolicy: string;
  pledges: { pledgeId: string; kind: CollateralKind }[];
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
  status: 'LIVE' | 'REPAID' | 'IN_DISPOSAL' | 'DISPOSED';
  classification: LoanCategory;
  daysPastDue: number;
  outstandingPrincipalFen: number;
}

/** An officer's act on a defaulted pledge loan's disposal. */
export interface DisposalActInput {
  actor: Actor;
}

/** One pledged right sold, and for what. */
export interface DisposalSaleInput extends DisposalActInput {
  pledgeId: string;
  method: DisposalMethod;
  /** Who acquired the right (the transferee, the auction's buyer). */
  counterparty: string;
  /** ISO date of the transfer. */
  disposedOn: string;
  proceedsFen: number;
}

export const openDisposalUpdate = defineUpdate<LoanSnapshot, [DisposalActInput]>('openDisposal');
export const recordDisposalUpdate = defineUpdate<LoanSnapshot, [DisposalSaleInput]>(
  'recordDisposal',
);
export const closeDisposalUpdate = defineUpdate<LoanSnapshot, [DisposalActInput]>('closeDisposal');
export const recordRepaymentUpdate = defineUpdate<LoanSnapshot, [RepaymentInput]>(
  'recordRepayment',
);
export const loanQuery = defineQuery<LoanSnapshot>('loan');
