import { z } from 'zod';
import { addWorkingDays } from '../../domain/calendar.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

const taskView = z.object({
  id: z.uuid(),
  kind: z.enum(['REVIEW', 'DECISION']),
  role: z.string(),
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
  kind: z.enum(['REVIEW', 'DECISION']).optional(),
  product: z.string().min(1).max(64).optional(),
  overdue: flag
    .optional()
    .meta({ description: 'Only tasks past (true) or within (false) their due time' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional().meta({ description: 'nextCursor of the previous page' }),
});

export function taskRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/tasks',
    tag: 'Credit track',
    summary: 'The open tasks of your bank for the roles you hold, the most urgent first',
    roles: ['OFFICER', 'APPROVER'],
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
      const where: Prisma.TaskWhereInput = {
        institutionId: principal.institutionId,
        status: 'OPEN',
        role: { in: principal.roles.filter((r) => r === 'OFFICER' || r === 'APPROVER') },
        ...(query.kind && { kind: query.kind }),
        ...(query.product && { application: { product: query.product } }),
        ...(query.overdue !== undefined && {
          dueAt: query.overdue ? { lt: now } : { gte: now },
        }),
      };
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
