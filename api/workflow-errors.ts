// Every call the API makes to Temporal: bounded by a deadline, so an outage answers 503 in
// seconds instead of after the client's retries; refusals from a workflow's update validators
// become the API's error codes.
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { RefusalType } from '../domain/contracts/shared.ts';
import { AppError, type ErrorCode } from './errors.ts';

/** Long enough for an update's handler to record the act; short enough to fail fast. */
const WORKFLOW_CALL_DEADLINE_MS = 5_000;
/** gRPC codes of a server that did not answer: DEADLINE_EXCEEDED, UNAVAILABLE. */
const notAnswering = new Set([4, 14]);

const codeOf: Record<string, ErrorCode> = {
  [RefusalType.invalidState]: 'invalid_state',
  [RefusalType.fourEyes]: 'four_eyes_violation',
  [RefusalType.authority]: 'insufficient_authority',
  [RefusalType.businessRule]: 'business_rule',
};

/**
 * Whether an error, or any error behind it, is a call the server never answered: a gRPC
 * status, or an update whose result did not come in time (its worker down, say).
 */
function unanswered(error: unknown): boolean {
  for (let e = error; e instanceof Object; e = (e as { cause?: unknown }).cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && notAnswering.has(code)) return true;
  }
  return false;
}

/**
 * Runs `call` within the deadline. A workflow that no longer exists is a closed case (409),
 * unless the caller handles that itself (`gone: 'rethrow'`).
 */
export async function callWorkflow<T>(
  temporal: Client,
  call: () => Promise<T>,
  { gone = 'closed' }: { gone?: 'closed' | 'rethrow' } = {},
): Promise<T> {
  try {
    return await temporal.withDeadline(Date.now() + WORKFLOW_CALL_DEADLINE_MS, call);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = codeOf[error.cause.type ?? ''];
      if (code) throw new AppError(code, error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError && gone === 'closed') {
      throw new AppError('invalid_state', 'this case is closed');
    }
    if (unanswered(error)) {
      throw new AppError(
        'unavailable',
        'the workflow service is not answering; retry with the same Idempotency-Key',
      );
    }
    throw error;
  }
}

/**
 * Hands a recorded act (a filed row, a stored document) to its workflow: false when Temporal
 * did not answer. The act stands; the reconciler hands it over when Temporal is back, so the
 * client is told "accepted" (202), not asked to repeat what is already done.
 */
export async function handedOver(handOver: () => Promise<unknown>): Promise<boolean> {
  try {
    await handOver();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'unavailable') return false;
    throw error;
  }
}

/** A person's act through its workflow's update; the Idempotency-Key is the update's id. */
export async function runUpdate<R, I>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<R, [I]>,
  input: I,
  actId: string | undefined,
): Promise<R> {
  return callWorkflow(temporal, () =>
    temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(update, { args: [input], updateId: actId ?? randomUUID() }),
  );
}

/**
 * Starts the workflow of a row just written, unless it runs already: a retried request (the
 * same Idempotency-Key) finds its row and starts what Temporal missed, and no more.
 */
export async function startOnce<W extends Workflow>(
  temporal: Client,
  workflowType: string,
  options: WorkflowStartOptions<W>,
): Promise<void> {
  try {
    await callWorkflow(temporal, () =>
      temporal.workflow.start<W>(workflowType, {
        ...options,
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
