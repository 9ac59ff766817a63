import { z } from 'zod';
import { plainText } from '../text.ts';
import { approvalLevels, type ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import { addWorkingDays } from '../../domain/calendar.ts';
import { loanLifecycle } from '../../domain/loan/lifecycle.ts';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { claimLifecycle } from '../../domain/guarantee/claim-lifecycle.ts';
import { guaranteeLifecycle } from '../../domain/guarantee/lifecycle.ts';
import { pledgeLifecycle } from '../../domain/pledge/lifecycle.ts';
import { buybackLifecycle, subFundLifecycle } from '../../domain/fund/lifecycle.ts';
import { bankStaffRoles, guaranteeStaffRoles, type Role } from '../../domain/roles.ts';
import { loanProducts } from '../../domain/credit/products.ts';
import type { Db, Prisma, TaskKind } from '../../prisma/client.ts';
import { recordLoanEvent } from '../../prisma/lifecycles.ts';
import type { Principal } from '../auth.ts';
import { AppError, notFound } from '../errors.ts';
import { cursorParam, emptyPage } from '../pages.ts';
import type { RouteTable } from './define.ts';

/** The roles an institution's inbox serves; the applicant's own tasks never reach it. */
const staffRoles: readonly Role[] = [
  ...bankStaffRoles,
  ...guaranteeStaffRoles,
  'POOL_MANAGER',
  'FUND_MANAGER',
];

/** Every kind of task institution staff work, as the lifecycles declare them. */
const staffTaskKinds = [
  creditApplication,
  loanLifecycle,
  pledgeLifecycle,
  guaranteeLifecycle,
  claimLifecycle,
  subFundLifecycle,
  buybackLifecycle,
]
  .flatMap((lifecycle) => Object.entries(lifecycle.tasks))
  .filter(([, { role }]) => staffRoles.includes(role))
  .map(([kind]) => kind) as [TaskKind, ...TaskKind[]];

const taskView = z.object({
  id: z.uuid(),
  kind: z.enum(staffTaskKinds),
  role: z.string(),
  level: z
    .enum(approvalLevels)
    .nullable()
    .meta({ description: 'The authority a DECISION or COMMITTEE task needs' }),
  detail: z
    .unknown()
    .meta({ description: "What the task is about, e.g. an early warning's cause" }),
  dueAt: z.iso.datetime(),
  overdue: z.boolean(),
  dueSoon: z
    .boolean()
    .meta({ description: 'Not overdue, but due by the end of the next working day' }),
  escalated: z.boolean(),
  application: z
    .object({
      id: z.uuid(),
      reference: z.string(),
      enterprise: z.string(),
      product: z.string(),
      status: z.string(),
    })
    .nullable()
    .meta({ description: 'The credit case; none for a fund task' }),
  subFundId: z.uuid().nullable().meta({
    description: 'A fund task’s sub-fund: a report awaited, its early-stage share, a buy-back',
  }),
  guaranteeId: z.uuid().nullable().meta({
    description: "A guaranteed case's deal, where guarantee and claim tasks are acted on",
  }),
});

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const resolution = z.object({
  note: plainText(2, 2000).meta({
    description: 'What the officer found and did, e.g. "renewal filed, certificate no. …"',
  }),
});

const inboxQuery = z.object({
  kind: z.enum(staffTaskKinds).optional(),
  level: z.enum(approvalLevels).optional(),
  product: z.enum(loanProducts).optional(),
  overdue: flag
    .optional()
    .meta({ description: 'Only tasks past (true) or within (false) their due time' }),
  mine: flag.optional().meta({
    description:
      'Only the tasks you may act on: decisions within your authority, votes you have not cast, and no case you filed or reviewed',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam,
});

const levelsCoveredBy = (level: ApprovalLevel | null | undefined): ApprovalLevel[] =>
  level ? approvalLevels.slice(0, approvalLevels.indexOf(level) + 1) : [];

/**
 * The tasks the caller may act on. Four eyes keep a filer or reviewer away from the
 * approval of their own application, whether by decision or by vote; the workflow refuses them
 * anyway, so the inbox does not offer what would be refused.
 */
async function actionableBy(db: Db, principal: Principal): Promise<Prisma.TaskWhereInput> {
  const me = principal.userId;
  const user = await db.user.findUnique({ where: { id: me }, select: { approvalLevel: true } });
  const notTheirOwn: Prisma.ApplicationWhereInput = {
    filedById: { not: me },
    decisions: { none: { stage: 'REVIEW', actorId: me } },
  };
  return {
    OR: [
      {
        kind: 'DECISION',
        level: { in: levelsCoveredBy(user?.approvalLevel) },
        application: notTheirOwn,
      },
      {
        kind: 'COMMITTEE',
        application: { ...notTheirOwn, votes: { none: { memberId: me } } },
      },
      { kind: 'REVIEW', application: { filedById: { not: me } } },
      { kind: 'GUARANTEE_DECISION', application: { guarantee: { reviewedById: { not: me } } } },
      { kind: { notIn: ['DECISION', 'COMMITTEE', 'REVIEW', 'GUARANTEE_DECISION'] } },
    ],
  };
}

export function taskRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/tasks',
    tag: 'Credit track',
    summary:
      'The open tasks of your institution (a bank, a guarantor, the pool, the guidance fund) for the roles you hold, the most urgent first',
    roles: staffRoles,
    query: inboxQuery,
    responses: {
      200: {
        description: 'Inbox, one page',
        schema: z.object({ items: z.array(taskView), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      if (!principal.institutionId) {
        throw new AppError('forbidden', 'staff tokens name their institution');
      }
      const now = new Date();
      const filters: Prisma.TaskWhereInput[] = [
        {
          institutionId: principal.institutionId,
          status: 'OPEN',
          role: { in: principal.roles.filter((r) => staffRoles.includes(r)) },
          kind: query.kind ?? { in: [...staffTaskKinds] },
        },
      ];
      if (query.level) filters.push({ level: query.level });
      if (query.product) filters.push({ application: { product: query.product } });
      if (query.overdue !== undefined) {
        filters.push({ dueAt: query.overdue ? { lt: now } : { gte: now } });
      }
      if (query.mine) filters.push(await actionableBy(db, principal));
      const where: Prisma.TaskWhereInput = { AND: filters };
      if (query.cursor && (await db.task.count({ where: { ...where, id: query.cursor } })) === 0) {
        return emptyPage;
      }
      const tasks = await db.task.findMany({
        where,
        include: {
          application: { include: { enterprise: true, guarantee: { select: { id: true } } } },
        },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: query.limit + 1,
        ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
      });
      const page = tasks.slice(0, query.limit);
      const soon = addWorkingDays(now, 1);
      return {
        status: 200,
        body: {
          items: page.map((t) => ({
            id: t.id,
            kind: t.kind,
            role: t.role,
            level: t.level,
            detail: t.detail,
            dueAt: t.dueAt.toISOString(),
            overdue: t.dueAt < now,
            dueSoon: t.dueAt >= now && t.dueAt <= soon,
            escalated: t.escalatedAt !== null,
            application: t.application && {
              id: t.application.id,
              reference: t.application.reference,
              enterprise: t.application.enterprise.name,
              product: t.application.product,
              status: t.application.status,
            },
            subFundId: t.subFundId,
            guaranteeId: t.application?.guarantee?.id ?? null,
          })),
          nextCursor: tasks.length > query.limit ? page.at(-1)!.id : null,
        },
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/tasks/:id/resolution',
    tag: 'Loans',
    summary: "An officer's answer to an early warning on a live loan, which closes it",
    roles: ['OFFICER'],
    params: z.object({ id: z.uuid() }),
    body: resolution,
    responses: {
      200: {
        description: 'Resolved',
        schema: z.object({ id: z.uuid(), status: z.literal('DONE') }),
      },
      404: { description: 'No such task at your bank' },
      409: { description: 'Not an early warning, or already resolved' },
    },
    handler: async ({ principal, params, body }) => {
      const task = await db.task.findUnique({ where: { id: params.id } });
      if (!task || task.institutionId !== principal.institutionId) throw notFound('task');
      // Every other task closes when its step is done; only a warning needs a person's word.
      if (task.kind !== 'EARLY_WARNING') {
        throw new AppError('invalid_state', 'this task closes when its step is done');
      }
      const at = new Date();
      await db.$transaction(async (tx) => {
        // Claimed by a conditional close, so of two officers resolving at once one is told.
        const { count } = await tx.task.updateMany({
          where: { id: task.id, status: 'OPEN' },
          data: { status: 'DONE', completedAt: at, completedById: principal.userId },
        });
        if (count === 0) throw new AppError('invalid_state', 'this warning is already resolved');
        await recordLoanEvent(tx, {
          subjectId: loanLifecycle.subjectOfTaskKey(task.key),
          event: 'early_warning_resolved',
          actor: { userId: principal.userId, role: 'OFFICER' },
          at,
          occurrence: task.key,
          data: { task: task.key, note: body.note },
        });
      });
      return { status: 200, body: { id: task.id, status: 'DONE' as const } };
    },
  });
}
