// The messages the equity workflows answer (a round, a warrant), their payloads and ids.
import { defineUpdate } from '@temporalio/workflow';
import type { RoundStatus } from '../equity/lifecycle.ts';
import type { RoundTerms } from '../equity/round.ts';
import type { WarrantStatus } from '../equity/warrant-lifecycle.ts';
import type { Actor } from './shared.ts';

export const roundWorkflowId = (roundId: string) => `equity-round:${roundId}`;

export interface RoundWorkflowInput {
  roundId: string;
  terms: RoundTerms;
}

/** An investor's commitment, made by one of its fund managers. */
export interface CommitInput {
  actor: Actor;
  investorId: string;
  amountFen: number;
}

/** The firm confirms that the round's closing conditions are met. */
export interface ConfirmConditionsInput {
  actor: Actor;
}

export interface RoundSnapshot {
  status: RoundStatus;
  committedFen: number;
  investorIds: string[];
  conditionsMet: boolean;
}

/** What the round's closing found, for the workflow's deduction timer. */
export interface RoundClosed {
  /** ISO date from which the qualified investors may deduct; none when no one qualified. */
  deductibleFrom?: string;
}

export const commitToRoundUpdate = defineUpdate<RoundSnapshot, [CommitInput]>('commitToRound');
export const confirmRoundConditionsUpdate = defineUpdate<RoundSnapshot, [ConfirmConditionsInput]>(
  'confirmRoundConditions',
);

export const warrantWorkflowId = (warrantId: string) => `warrant:${warrantId}`;

export interface WarrantWorkflowInput {
  warrantId: string;
  /** ISO dates: the first and the last day the affiliate may exercise. */
  exercisableFrom: string;
  expiresOn: string;
}

/** The affiliate's fund manager exercises the warrant. */
export interface ExerciseWarrantInput {
  actor: Actor;
}

export interface WarrantSnapshot {
  status: WarrantStatus;
}

export const exerciseWarrantUpdate = defineUpdate<WarrantSnapshot, [ExerciseWarrantInput]>(
  'exerciseWarrant',
);
