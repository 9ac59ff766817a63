import { z } from 'zod';
import { approvalLevels, type ApprovalLevel } from '../../domain/authority-matrix.ts';
import { addWorkingDays } from '../../domain/calendar.ts';
import { bankStaffRoles } from '../../domain/roles.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import type { Principal } from '../auth.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

/** The kinds of task bank staff work; the applicant's own tasks never reach this inbox. */
const bankTaskKinds = ['REVIEW', 'DECISION', 'COMMITTEE', 'CONDITIONS', 'EARLY_WARNING'] as const;

const taskView = z.object({
  id: z.uuid(),
  kind: z.enum(bankTaskKinds),
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
  application: z.object({
    id: z.uuid(),
    reference: z.string(),
    enterprise: z.string(),
    product: z.string(),
    status: z.string(),
  }),
});

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const inboxQuery = z.object({
  kind: z.enum(bankTaskKinds).optional(),
  level: z.enum(approvalLevels).optional(),
  product: z.string().min(1).max(64).optional(),
  overdue: flag
    .optional()
    .meta({ description: 'Only tasks past (true) or within (false) their due time' }),
  mine: flag.optional().meta({
    description:
      'Only the tasks you may act on: decisions within your authority, votes you have not cast, and no case you filed or reviewed',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional().meta({ description: 'nextCursor of the previous page' }),
});

const levelsCoveredBy = (level: ApprovalLevel | null | undefined): ApprovalLevel[] =>
  level ? approvalLevels.slice(0, approvalLevels.indexOf(level) + 1) : [];

/**
 * The tasks the caller may act on. Four eyes keep a filer or reviewer away from the
 * approval of their own case, whether by decision or by vote; the workflow refuses them
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
      { kind: { notIn: ['DECISION', 'COMMITTEE', 'REVIEW'] } },
    ],
  };
}

export function taskRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/tasks',
    tag: 'Credit track',
    summary: 'The open tasks of your bank for the roles you hold, the most urgent first',
    roles: ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'],
    query: inboxQuery,
    responses: {
      200: {
        description: 'Inbox, one page',
        schema: z.object({ items: z.array(taskView), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      if (!principal.institutionId) {
        throw new AppError('forbidden', 'bank staff tokens name their bank');
      }
      const now = new Date();
      const filters: Prisma.TaskWhereInput[] = [
        {
          institutionId: principal.institutionId,
          status: 'OPEN',
          role: { in: principal.roles.filter((r) => bankStaffRoles.includes(r)) },
          kind: query.kind ?? { in: [...bankTaskKinds] },
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
        throw new AppError('validation_failed', 'invalid query', [
          { field: 'query.cursor', message: 'not a page of this inbox' },
        ]);
      }
      const tasks = await db.task.findMany({
        where,
        include: { application: { include: { enterprise: true } } },
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
            application: {
              id: t.application.id,
              reference: t.application.reference,
              enterprise: t.application.enterprise.name,
              product: t.application.product,
              status: t.application.status,
            },
          })),
          nextCursor: tasks.length > query.limit ? page.at(-1)!.id : null,
        },
      };
    },
  });
}
