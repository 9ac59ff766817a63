import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import { creditTrackPolicyInForce } from '../../domain/credit-track-policy.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import type { Db } from '../../prisma/client.ts';
import { loadScorecardRegistry } from '../../prisma/scorecard-store.ts';
import { TASK_QUEUE, creditApplicationWorkflowId } from '../../workflows/ids.ts';
import type { CreditApplicationInput } from '../../workflows/messages.ts';
import { visibleApplication, visibleEnterprise } from '../access.ts';
import { caseView, loadCaseView } from '../case-view.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

const filing = z.object({
  enterpriseId: z.uuid(),
  bankCode: z.string().min(1).max(64).meta({ example: 'demo-bank' }),
  product: z.literal('credit'),
  amount: yuanAmount,
  termMonths: z.int().min(1).max(60),
  purpose: z.string().trim().min(2).max(500),
});

/** A retried filing with the same Idempotency-Key lands on the same row and workflow. */
function applicationIdFor(userId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256').update(`application:${userId}:${idempotencyKey}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function applicationRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications',
    tag: 'Applications',
    summary: 'File a credit application with a bank; the credit track starts at once',
    roles: ['APPLICANT'],
    body: filing,
    responses: {
      201: { description: 'Filed', schema: caseView },
      404: { description: 'Enterprise not found' },
      422: { description: 'Outside the product rules (amount, term) or unknown bank' },
    },
    handler: async ({ principal, body, idempotencyKey }) => {
      const enterprise = await visibleEnterprise(db, principal, body.enterpriseId);
      if (enterprise.ownerId !== principal.userId) throw notFound('enterprise');
      const bank = await db.institution.findUnique({ where: { code: body.bankCode } });
      if (!bank || bank.kind !== 'BANK') {
        throw new AppError('business_rule', `no bank with code ${body.bankCode}`);
      }
      const today = shanghaiDate(new Date());
      const policy = creditTrackPolicyInForce(today);
      const amountFen = yuanToFen(body.amount);
      if (amountFen > policy.maxCreditAmountFen) {
        throw new AppError(
          'business_rule',
          `a credit loan on this track is at most ¥${fenToYuan(policy.maxCreditAmountFen)}`,
        );
      }
      if (body.termMonths > policy.maxCreditTermMonths) {
        throw new AppError(
          'business_rule',
          `a credit loan on this track runs at most ${policy.maxCreditTermMonths} months`,
        );
      }
      const id = applicationIdFor(principal.userId, idempotencyKey);
      const pinned: CreditApplicationInput['policy'] = {
        creditTrack: policy.version,
        scorecards: Object.fromEntries(
          (await loadScorecardRegistry(db))
            .scorecardsInForce(today)
            .filter((c) => policy.scorecardModels.some((m) => m === c.model))
            .map((c) => [c.model, c.version]),
        ),
      };
      const workflowId = creditApplicationWorkflowId(id);
      await db.application.createMany({
        data: [
          {
            id,
            reference: `DG-${today.replaceAll('-', '')}-${id.slice(0, 8).toUpperCase()}`,
            enterpriseId: enterprise.id,
            bankId: bank.id,
            product: body.product,
            amountFen: BigInt(amountFen),
            termMonths: body.termMonths,
            purpose: body.purpose,
            workflowId,
            policyVersions: pinned,
            filedById: principal.userId,
          },
        ],
        skipDuplicates: true,
      });
      await recordAuditEvent(db, {
        entityType: 'Application',
        entityId: id,
        action: 'filed',
        actorId: principal.userId,
        actorRole: 'APPLICANT',
        data: { amount: body.amount, termMonths: body.termMonths, policy: pinned },
        dedupeKey: `${id}:filed`,
      });
      try {
        await temporal.workflow.start('creditApplicationWorkflow', {
          workflowId,
          taskQueue: TASK_QUEUE,
          args: [
            {
              applicationId: id,
              filedById: principal.userId,
              policy: pinned,
            } satisfies CreditApplicationInput,
          ],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return { status: 201, body: await loadCaseView(db, id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/applications/:id',
    tag: 'Applications',
    summary: 'A case: status, current step, assessment, decisions and its history',
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    responses: {
      200: { description: 'The case', schema: caseView },
      404: { description: 'No such case visible to you' },
    },
    handler: async ({ principal, params }) => {
      const application = await visibleApplication(db, principal, params.id);
      return { status: 200, body: await loadCaseView(db, application.id) };
    },
  });
}
