// What a pledge loan's workflows exchange: the collateral a case carries, the appraisal and
// the officer's answer to a collateral problem (updates of the case), and the filing with a
// registry (a workflow of its own per filing).
import { defineUpdate } from '@temporalio/workflow';
import type { CollateralKind } from '../pledge/collateral.ts';
import type { FilingKind } from '../pledge/lifecycle.ts';
import type { Appraisal } from '../pledge/loan-to-value.ts';
import type { ApplicationSnapshot } from './credit.ts';
import type { FilingOutcome } from './registries.ts';
import type { Actor } from './shared.ts';

/** One filing with a registry, from the pledge's id, what it files, and which attempt. */
export const pledgeFilingWorkflowId = (pledgeId: string, filing: FilingKind, attempt: number) =>
  `pledge-filing:${pledgeId}:${filing}:${attempt}`;

/** A pledged right as the case's workflow knows it from filing. */
export interface CollateralRef {
  pledgeId: string;
  kind: CollateralKind;
  /** How people name it in refusals and tasks. */
  label: string;
}

export interface PledgeFilingInput {
  pledgeId: string;
  filing: FilingKind;
  attempt: number;
  /** Working days after filing past each of which the officer is told the registry is late. */
  workingDays: readonly number[];
}

export type PledgeFilingResult = Exclude<FilingOutcome, { state: 'pending' }>;

export interface AppraisalInput {
  actor: Actor;
  pledgeId: string;
  appraisal: Appraisal;
}

/**
 * The officer's answer when the collateral stops the disbursement: file a rejected
 * registration again, replace the refused right with another (appraised, checked at its
 * registry by the API), check the rights' status again, or cancel the contract.
 */
export type CollateralResolutionInput = { actor: Actor; note?: string } & (
  | { action: 'refile' | 'recheck' | 'cancel' }
  | {
      action: 'replace';
      /** The refused pledge. */
      replaces: string;
      replacement: ReplacementPledge;
      appraisal: Appraisal;
    }
);

/** A right named in place of a refused one, as its pledge row will hold it. */
export interface ReplacementPledge extends CollateralRef {
  registry: string;
  number: string;
  title: string;
  shareholder?: string;
  subscribedFen?: number;
  shareBp?: number;
}

/** A right that cannot secure the loan as it stands, and why. */
export interface CollateralIssue {
  pledgeId: string;
  label: string;
  /** Problem codes (domain/pledge/eligibility.ts), or the registry's rejection. */
  problems: string[];
}

export const recordAppraisalUpdate = defineUpdate<ApplicationSnapshot, [AppraisalInput]>(
  'recordAppraisal',
);
export const resolveCollateralUpdate = defineUpdate<
  ApplicationSnapshot,
  [CollateralResolutionInput]
>('resolveCollateral');
