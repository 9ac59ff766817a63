// The one writer of every process's lifecycle (domain/lifecycle.ts): an event is recorded
// in the caller's transaction as its status move (conditional on the declared `from`), the
// tasks it opens and closes, and its audit event. Task keys and dedupe keys are made here
// from the event, so a retried activity or request writes nothing twice. Activities record
// the workflow's events; the API records the few that people make outside it (a filing, an
// upload, a resolved warning), through the same declaration.
import type { EventOf, Lifecycle, StatusOf, TaskKindOf } from '../domain/lifecycle.ts';
import type { Role } from '../domain/roles.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { ApprovalLevel, Prisma, TaskKind } from './client.ts';

type Tx = Prisma.TransactionClient;

/** How one process's rows are stored: the only code that knows its table. */
export interface LifecycleStore<Status extends string> {
  /** Moves the row from one of `from` to `to`; false when it stood elsewhere. */
  moveStatus(tx: Tx, subjectId: string, from: readonly Status[], to: Status): Promise<boolean>;
  statusOf(tx: Tx, subjectId: string): Promise<Status>;
  /**
   * The institution whose inbox holds the task (the subject's, unless its tasks go to
   * several institutions, as a claim's payments do), and what it belongs to: a credit case,
   * or on the fund's side a sub-fund.
   */
  taskOwner(
    tx: Tx,
    subjectId: string,
    task?: { kind: string; qualifier?: string | number },
  ): Promise<TaskOwner>;
}

export type TaskOwner = { institutionId: string } & (
  { applicationId: string } | { subFundId: string }
);

export interface TaskOpening<Kind extends string> {
  kind: Kind;
  /** Tells apart tasks of one kind on one subject: a round, a level, a warning's cause. */
  qualifier?: string | number;
  dueAt: Date;
  level?: ApprovalLevel;
  detail?: Prisma.InputJsonValue;
}

export interface TaskClosing<Kind extends string> {
  kind: Kind;
  qualifier?: string | number;
  outcome: 'DONE' | 'CANCELLED';
  byId?: string;
}

export interface LifecycleEvent<L extends Lifecycle> {
  subjectId: string;
  event: EventOf<L>;
  /** When it happened; a person's act is dated when the workflow accepted it. */
  at: Date;
  actor?: { userId: string; role: Role };
  data?: Prisma.InputJsonValue;
  /** Tells apart events of one name on one subject: a round, a vote, a letter. */
  occurrence?: string | number;
  open?: TaskOpening<TaskKindOf<L>>[];
  close?: TaskClosing<TaskKindOf<L>>[];
  /** Every open task of the subject ends with it (a withdrawal). */
  cancelOpenTasks?: boolean;
}

/** Thrown when code records an event its lifecycle does not allow from where the row stands. */
export class IllegalTransition extends Error {
  override name = 'IllegalTransition';
}

export function lifecycleWriter<L extends Lifecycle>(
  lifecycle: L,
  store: LifecycleStore<StatusOf<L>>,
) {
  const keyOf = (subjectId: string, task: { kind: string; qualifier?: string | number }) =>
    lifecycle.taskKey(subjectId, task.kind, task.qualifier);

  /** Records `e`; true when its audit event is new (false on a retry). */
  return async function record(tx: Tx, e: LifecycleEvent<L>): Promise<boolean> {
    const rule = lifecycle.events[e.event];
    if (rule) await move(tx, e, rule);
    for (const task of e.close ?? []) {
      await tx.task.updateMany({
        where: { key: keyOf(e.subjectId, task), status: 'OPEN' },
        data: { status: task.outcome, completedAt: e.at, completedById: task.byId },
      });
    }
    if (e.cancelOpenTasks) {
      const owner = await store.taskOwner(tx, e.subjectId);
      const subject =
        'applicationId' in owner
          ? { applicationId: owner.applicationId }
          : { subFundId: owner.subFundId };
      await tx.task.updateMany({
        where: { ...subject, status: 'OPEN' },
        data: { status: 'CANCELLED', completedAt: e.at },
      });
    }
    for (const task of e.open ?? []) {
      const owner = await store.taskOwner(tx, e.subjectId, task);
      await tx.task.createMany({
        data: {
          key: keyOf(e.subjectId, task),
          ...owner,
          kind: task.kind as TaskKind,
          role: (lifecycle.tasks as Record<string, { role: Role }>)[task.kind]!.role,
          level: task.level,
          detail: task.detail,
          dueAt: task.dueAt,
          createdAt: e.at,
        },
        skipDuplicates: true,
      });
    }
    return recordAuditEvent(tx, {
      entityType: lifecycle.entity,
      entityId: e.subjectId,
      action: e.event,
      actorId: e.actor?.userId,
      actorRole: e.actor?.role,
      at: e.at,
      data: e.data ?? {},
      dedupeKey: [e.subjectId, e.event, ...(e.occurrence === undefined ? [] : [e.occurrence])].join(
        ':',
      ),
    });
  };

  async function move(tx: Tx, e: LifecycleEvent<L>, rule: { from: readonly string[]; to: string }) {
    const { from, to } = rule as { from: readonly StatusOf<L>[]; to: StatusOf<L> };
    if (await store.moveStatus(tx, e.subjectId, from, to)) return;
    // A retry finds the row where the first attempt left it.
    const status = await store.statusOf(tx, e.subjectId);
    if (status !== to) {
      throw new IllegalTransition(
        `${lifecycle.entity} ${e.subjectId}: ${e.event} cannot happen at ${status}`,
      );
    }
  }
}
