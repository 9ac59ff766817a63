// The audit trail's own check: whether its hash chain is whole, and if not, the first event
// where it breaks. The head's hash, kept outside the platform (in a ticket, a report), later
// proves that the trail up to it was not rewritten by whoever can bypass the platform.
import { z } from 'zod';
import type { Db } from '../../prisma/client.ts';
import { verifyAuditChain } from '../../prisma/audit-chain.ts';
import type { RouteTable } from './define.ts';

const verification = z.object({
  intact: z.boolean(),
  events: z.int(),
  head: z.object({
    id: z.string().meta({ description: 'The newest event the chain counts' }),
    hash: z.string().meta({ description: 'Its hash: keep it elsewhere to anchor the trail' }),
  }),
  firstBroken: z
    .object({
      id: z.string(),
      problem: z.enum(['altered', 'unlinked', 'cut_short']).meta({
        description:
          'altered: the event is not what was written; unlinked: events before it were removed; ' +
          'cut_short: events after it were removed',
      }),
    })
    .nullable(),
  checkedAt: z.iso.datetime(),
});

export function auditRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/audit/verification',
    tag: 'Audit',
    summary: "Verify the audit trail's hash chain from its first event to its head",
    roles: ['ADMIN'],
    responses: { 200: { description: 'The verification', schema: verification } },
    handler: async () => ({
      status: 200,
      body: { ...(await verifyAuditChain(db)), checkedAt: new Date().toISOString() },
    }),
  });
}
