// Refusals from a workflow's update validators become the API's error codes.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RefusalType } from '../domain/contracts/shared.ts';
import { AppError, type ErrorCode } from './errors.ts';

const codeOf: Record<string, ErrorCode> = {
  [RefusalType.invalidState]: 'invalid_state',
  [RefusalType.fourEyes]: 'four_eyes_violation',
  [RefusalType.authority]: 'insufficient_authority',
  [RefusalType.businessRule]: 'business_rule',
};

export async function withRefusalsMapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = codeOf[error.cause.type ?? ''];
      if (code) throw new AppError(code, error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new AppError('invalid_state', 'this case is closed');
    }
    throw error;
  }
}
