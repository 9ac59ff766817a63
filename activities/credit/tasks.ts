// The tasks a credit application hands to the bank's people and their SLA clocks: opening a
// review or an approval at its level, reminders, escalation at a breach, and due times moved
// on after the clock was paused. Keyed by the lifecycle, so a retry writes nothing twice.
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import type { CreditTaskRef } from '../../domain/contracts/credit.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';

/** The event that opens each kind of task the workflow opens by itself. */
const openingEvent = {
  DOCUMENTS: 'documents_task_opened',
  REVIEW: 'review_task_opened',
  DECISION: 'decision_task_opened',
  COMMITTEE: 'committee_task_opened',
  COLLATERAL: 'collateral_problem',
} as const;

const keyOf = (applicationId: string, task: CreditTaskRef) =>
  creditApplication.taskKey(applicationId, task.kind, task.qualifier);

export function createTaskActivities({ db }: { db: Db }) {
  return {
    async openTask(input: {
      applicationId: string;
      task: CreditTaskRef & { kind: keyof typeof openingEvent };
      dueAt: string;
      level?: ApprovalLevel;
      detail?: Prisma.InputJsonValue;
    }) {
      const { applicationId, task, level } = input;
      const at = new Date();
      await db.$transaction(async (tx) => {
        if (level) {
          await tx.application.update({
            where: { id: applicationId },
            data: { approvalLevel: level },
          });
        }
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: openingEvent[task.kind],
          at,
          occurrence: keyOf(applicationId, task),
          data: {
            key: keyOf(applicationId, task),
            dueAt: input.dueAt,
            role: creditApplication.tasks[task.kind].role,
            level: level ?? null,
          },
          open: [{ ...task, level, detail: input.detail, dueAt: new Date(input.dueAt) }],
        });
      });
    },

    /** The bank's committee members when the committee task opens: the application's electorate. */
    async committeeMembers(input: { applicationId: string }): Promise<string[]> {
      const { bankId } = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
      });
      const members = await db.user.findMany({
        where: { institutionId: bankId, roles: { has: 'COMMITTEE_MEMBER' } },
        orderBy: { id: 'asc' },
      });
      return members.map((m) => m.id);
    },

    async remind(input: { applicationId: string; task: CreditTaskRef; dueAt: string }) {
      const key = keyOf(input.applicationId, input.task);
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { key, remindedAt: null },
          data: { remindedAt: new Date() },
        });
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'reminder_sent',
          at: new Date(),
          occurrence: `${key}:${input.dueAt}`,
          data: { task: key, dueAt: input.dueAt },
        });
      });
    },

    /**
     * A due time passed with no action. The task is flagged; when the application moves to a
     * higher authority (`to`), the task is cancelled, since the level above takes it over.
     */
    async escalate(input: {
      applicationId: string;
      task: CreditTaskRef;
      dueAt: string;
      to?: ApprovalLevel;
    }) {
      const key = keyOf(input.applicationId, input.task);
      const at = new Date();
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { key, escalatedAt: null },
          data: { escalatedAt: at },
        });
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'escalated',
          at,
          occurrence: key,
          data: {
            task: key,
            dueAt: input.dueAt,
            to: input.to ?? null,
            reason: 'SLA breached: no action by the due time',
          },
          close: input.to ? [{ ...input.task, outcome: 'CANCELLED' }] : [],
        });
      });
    },

    /** After a pause, the decision due time and the open tasks' due times move on. */
    async moveDueTimes(input: {
      applicationId: string;
      decisionDueAt?: string;
      tasks: { task: CreditTaskRef; dueAt: string }[];
    }) {
      await db.$transaction(async (tx) => {
        if (input.decisionDueAt) {
          await tx.application.update({
            where: { id: input.applicationId },
            data: { decisionDueAt: new Date(input.decisionDueAt) },
          });
        }
        for (const { task, dueAt } of input.tasks) {
          await tx.task.updateMany({
            where: { key: keyOf(input.applicationId, task), status: 'OPEN' },
            data: { dueAt: new Date(dueAt) },
          });
        }
      });
    },
  };
}
