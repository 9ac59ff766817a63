import { z } from 'zod';
import type { Db } from '../../prisma/client.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

const taskView = z.object({
  id: z.uuid(),
  kind: z.enum(['REVIEW', 'DECISION']),
  role: z.string(),
  dueAt: z.iso.datetime(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  application: z.object({
    id: z.uuid(),
    reference: z.string(),
    enterprise: z.string(),
    status: z.string(),
  }),
});

export function taskRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/tasks',
    tag: 'Credit track',
    summary: 'The open tasks of your bank for the roles you hold, the most urgent first',
    roles: ['OFFICER', 'APPROVER'],
    responses: { 200: { description: 'Inbox', schema: z.object({ items: z.array(taskView) }) } },
    handler: async ({ principal }) => {
      if (!principal.institutionId)
        throw new AppError('forbidden', 'bank staff tokens name their bank');
      const tasks = await db.task.findMany({
        where: {
          institutionId: principal.institutionId,
          status: 'OPEN',
          role: { in: principal.roles.filter((r) => r === 'OFFICER' || r === 'APPROVER') },
        },
        include: { application: { include: { enterprise: true } } },
        orderBy: { dueAt: 'asc' },
        take: 200,
      });
      const now = Date.now();
      return {
        status: 200,
        body: {
          items: tasks.map((t) => ({
            id: t.id,
            kind: t.kind,
            role: t.role,
            dueAt: t.dueAt.toISOString(),
            overdue: t.dueAt.getTime() < now,
            escalated: t.escalatedAt !== null,
            application: {
              id: t.application.id,
              reference: t.application.reference,
              enterprise: t.application.enterprise.name,
              status: t.application.status,
            },
          })),
        },
      };
    },
  });
}
