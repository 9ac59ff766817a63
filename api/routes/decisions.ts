// The bank's people acting on a case. The workflow's validators have the last word (four
// eyes, state); the update id is the Idempotency-Key, so a retried call acts only once.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { decideUpdate, reviewUpdate } from '../../workflows/messages.ts';
import { bankCase } from '../access.ts';
import { caseView, loadCaseView } from '../case-view.ts';
import { withRefusalsMapped } from '../workflow-errors.ts';
import type { RouteTable } from './define.ts';

const reasons = z.array(z.string().trim().min(2).max(500)).max(20);

const review = z
  .object({ recommendation: z.enum(['approve', 'reject']), reasons })
  .refine((r) => r.recommendation === 'approve' || r.reasons.length > 0, {
    message: 'a recommendation to reject needs at least one reason',
    path: ['reasons'],
  });

const annualRate = z
  .string()
  .regex(/^0\.\d{1,6}$/, 'a decimal fraction with up to 6 places, e.g. "0.0435" for 4.35%')
  .refine((r) => Number(r) > 0, 'must be above zero');

const decision = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('approve'),
    amount: yuanAmount,
    annualRate,
    termMonths: z.int().min(1).max(60),
  }),
  z.object({ outcome: z.literal('reject'), reasons: reasons.min(1) }),
]);

const caseParams = z.object({ id: z.uuid() });
const refusals = {
  404: { description: 'No such case at your bank' },
  409: { description: 'The case is not at this step, or four eyes forbid you to act' },
  422: { description: 'A business rule refuses the decision' },
};

export function decisionRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/review',
    tag: 'Credit track',
    summary: "A credit officer's review and recommendation",
    roles: ['OFFICER'],
    params: caseParams,
    body: review,
    responses: { 200: { description: 'Reviewed', schema: caseView }, ...refusals },
    handler: async ({ principal, params, body, idempotencyKey }) => {
      const application = await bankCase(db, principal, params.id);
      await withRefusalsMapped(() =>
        temporal.workflow.getHandle(application.workflowId).executeUpdate(reviewUpdate, {
          args: [{ actor: { userId: principal.userId, role: 'OFFICER' }, ...body }],
          updateId: idempotencyKey ?? randomUUID(),
        }),
      );
      return { status: 200, body: await loadCaseView(db, application.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/decision',
    tag: 'Credit track',
    summary: "An approver's decision; never by whoever originated or reviewed the case",
    roles: ['APPROVER'],
    params: caseParams,
    body: decision,
    responses: { 200: { description: 'Decided', schema: caseView }, ...refusals },
    handler: async ({ principal, params, body, idempotencyKey }) => {
      const application = await bankCase(db, principal, params.id);
      const actor = { userId: principal.userId, role: 'APPROVER' as const };
      const proposed =
        body.outcome === 'approve'
          ? {
              actor,
              outcome: body.outcome,
              amountFen: yuanToFen(body.amount),
              annualRate: body.annualRate,
              termMonths: body.termMonths,
            }
          : { actor, outcome: body.outcome, reasons: body.reasons };
      await withRefusalsMapped(() =>
        temporal.workflow.getHandle(application.workflowId).executeUpdate(decideUpdate, {
          args: [proposed],
          updateId: idempotencyKey ?? randomUUID(),
        }),
      );
      return { status: 200, body: await loadCaseView(db, application.id) };
    },
  });
}
