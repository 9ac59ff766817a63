// Portfolio breakers over HTTP: every breaker with its rate against its cap, read by the
// parties who answer for them; a tripped one lifted only by the administrator or the pool
// manager, with a reason the trail keeps.
import { z } from 'zod';
import type { Db } from '../../prisma/client.ts';
import { guarantorScope, liftBreaker } from '../../prisma/breaker-store.ts';
import { AppError, notFound } from '../errors.ts';
import { plainText } from '../text.ts';
import type { RouteTable } from './define.ts';

export const breakerView = z.object({
  id: z.uuid(),
  scope: z.string().meta({
    description: 'guarantor:<institution>, programme:<scheme family> or pool:<institution>',
    example: 'programme:special-plan',
  }),
  state: z.enum(['closed', 'tripped', 'normal', 'warning', 'suspended']),
  rateBp: z.int().meta({ description: 'Compensation rate, or the pool’s NPL, when last measured' }),
  capBp: z.int(),
  changedAt: z.iso.datetime(),
});

export const breakerOf = (b: Awaited<ReturnType<Db['breaker']['findUniqueOrThrow']>>) => ({
  id: b.id,
  scope: b.scope,
  state: b.state as z.infer<typeof breakerView>['state'],
  rateBp: b.rateBp,
  capBp: b.capBp,
  changedAt: b.changedAt.toISOString(),
});

const liftRoles = ['ADMIN', 'POOL_MANAGER'] as const;

export function breakerRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/breakers',
    tag: 'Combined deals',
    summary:
      'Portfolio breakers: compensation rates against their caps, the pool’s NPL (a guarantor sees its own and the programmes’)',
    roles: ['ADMIN', 'POOL_MANAGER', 'GUARANTOR', 'GUARANTEE_APPROVER'],
    responses: {
      200: { description: 'The breakers', schema: z.object({ items: z.array(breakerView) }) },
    },
    handler: async ({ principal }) => {
      // A guarantor reads its own breaker and the programmes'; the pool and the platform, all.
      const all = principal.roles.some((r) => r === 'ADMIN' || r === 'POOL_MANAGER');
      const where = all
        ? {}
        : {
            OR: [
              { scope: guarantorScope(principal.institutionId ?? '') },
              { scope: { startsWith: 'programme:' } },
            ],
          };
      const breakers = await db.breaker.findMany({ where, orderBy: { scope: 'asc' } });
      return { status: 200, body: { items: breakers.map(breakerOf) } };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/breakers/:id/lift',
    tag: 'Combined deals',
    summary: 'Lift a tripped breaker: new guarantees may be taken on again',
    roles: [...liftRoles],
    params: z.object({ id: z.uuid() }),
    body: z.object({ reason: plainText(2, 500) }),
    responses: {
      200: { description: 'Lifted', schema: breakerView },
      404: { description: 'No such breaker' },
      409: { description: 'Not tripped' },
    },
    handler: async ({ principal, params, body }) => {
      const role = liftRoles.find((r) => principal.roles.includes(r))!;
      if (!(await db.breaker.findUnique({ where: { id: params.id } }))) throw notFound('breaker');
      if (!(await liftBreaker(db, params.id, { userId: principal.userId, role }, body.reason))) {
        throw new AppError('invalid_state', 'the breaker is not tripped');
      }
      return {
        status: 200,
        body: breakerOf(await db.breaker.findUniqueOrThrow({ where: { id: params.id } })),
      };
    },
  });
}
