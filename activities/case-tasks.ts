// Tasks are opened and closed by keys the workflows make, so a retried activity never opens
// a second task nor closes one twice.
import type { ApprovalLevel } from '../domain/authority-matrix.ts';
import type { Role } from '../domain/roles.ts';
import type { Prisma, TaskKind } from '../prisma/client.ts';

/** Who works each kind of task: the applicant, or the bank's people by role. */
export const taskRole: Record<TaskKind, Role> = {
  DOCUMENTS: 'APPLICANT',
  REVIEW: 'OFFICER',
  DECISION: 'APPROVER',
  COMMITTEE: 'COMMITTEE_MEMBER',
  INFORMATION: 'APPLICANT',
  OFFER: 'APPLICANT',
  CONDITIONS: 'OFFICER',
  EARLY_WARNING: 'OFFICER',
};

export interface NewTask {
  key: string;
  applicationId: string;
  /** The bank the case is filed with; the applicant's tasks belong to it too. */
  institutionId: string;
  kind: TaskKind;
  dueAt: Date;
  level?: ApprovalLevel;
  detail?: Prisma.InputJsonValue;
  createdAt?: Date;
}

/** Opens a task unless its key is taken; true when this call opened it. */
export async function openTaskOnce(tx: Prisma.TransactionClient, task: NewTask) {
  const { count } = await tx.task.createMany({
    data: [{ ...task, role: taskRole[task.kind] }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Closes a case's task by its key, if still open: a retried close changes nothing. */
export async function closeTask(
  tx: Prisma.TransactionClient,
  key: string,
  status: 'DONE' | 'CANCELLED',
  at: Date,
  completedById?: string,
) {
  await tx.task.updateMany({
    where: { key, status: 'OPEN' },
    data: { status, completedAt: at, completedById },
  });
}
