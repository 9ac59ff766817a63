// What every process's workflows, activities and API share: who acts, how a refusal is typed,
// and the queue the worker serves.
import type { ApprovalLevel } from '../credit/authority-matrix.ts';
import type { Role } from '../roles.ts';

export const TASK_QUEUE = 'diguan-credit';

export interface Actor {
  userId: string;
  role: Role;
  /** An approver's delegated authority, read from the bank's records by the API. */
  level?: ApprovalLevel;
}

/** `type` of the ApplicationFailures a validator throws; the API maps them to HTTP codes. */
export const RefusalType = {
  invalidState: 'InvalidState',
  fourEyes: 'FourEyesViolation',
  authority: 'InsufficientAuthority',
  businessRule: 'BusinessRule',
} as const;
