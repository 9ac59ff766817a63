// The messages the guidance fund's workflows answer, the payloads they carry, and their ids: a
// sub-fund's reporting duties, and a buy-back of the fund's stake in a sub-fund.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BuybackStatus } from '../fund/lifecycle.ts';
import type { FundTerms } from '../fund/fund-terms.ts';
import type { ReportingDuty } from '../fund/reporting.ts';
import type { Actor } from './shared.ts';

export const subFundWorkflowId = (subFundId: string) => `sub-fund:${subFundId}`;
export const buybackWorkflowId = (buybackId: string) => `buyback:${buybackId}`;

export interface SubFundReportingInput {
  subFundId: string;
  closedOn: string;
  reporting: FundTerms['reporting'];
  /** The first due date this run watches (a run covers two years, then continues as new). */
  from: string;
  /** Duties an earlier run opened that are still awaited. */
  awaited: ReportingDuty[];
}

/** The sub-fund's manager files a report the fund awaits. */
export interface FileReportInput {
  actor: Actor;
  key: string;
  reference: string;
}

export interface ReportsSnapshot {
  awaited: ReportingDuty[];
}

export const fileReportUpdate = defineUpdate<ReportsSnapshot, [FileReportInput]>('fileReport');
export const reportsQuery = defineQuery<ReportsSnapshot>('reports');

export interface BuybackWorkflowInput {
  buybackId: string;
  approvalWorkingDays: number;
  paymentWorkingDays: number;
}

export type BuybackDecisionInput =
  { actor: Actor; outcome: 'approve' } | { actor: Actor; outcome: 'decline'; reasons: string[] };

export interface BuybackPaymentInput {
  actor: Actor;
  reference: string;
  paidOn: string;
}

export interface BuybackSnapshot {
  status: BuybackStatus;
}

export const decideBuybackUpdate = defineUpdate<BuybackSnapshot, [BuybackDecisionInput]>(
  'decideBuyback',
);
export const recordBuybackPaymentUpdate = defineUpdate<BuybackSnapshot, [BuybackPaymentInput]>(
  'recordBuybackPayment',
);
