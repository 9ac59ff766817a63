// Filing a case (with the policy versions it pins), listing cases, and reading one.
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { matrixInForce } from '../../domain/authority-matrix.ts';
import { authorityMatrices } from '../../domain/authority-matrix.data.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { creditTrackPolicyInForce } from '../../domain/credit-track-policy.ts';
import { checklistInForce } from '../../domain/document-checklist.ts';
import { documentChecklists } from '../../domain/document-checklist.data.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { loanProducts } from '../../domain/products.ts';
import { bankStaffRoles } from '../../domain/roles.ts';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { loadScorecardRegistry } from '../../prisma/scorecard-store.ts';
import { TASK_QUEUE, creditApplicationWorkflowId } from '../../workflows/ids.ts';
import type { CreditApplicationInput, PinnedPolicies } from '../../workflows/messages.ts';
import { visibleApplication, visibleEnterprise } from '../access.ts';
import { applicationStatuses, caseView, loadCaseView, stepOf } from '../case-view.ts';
import type { Principal } from '../auth.ts';
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

const listQuery = z.object({
  status: z.enum(applicationStatuses).optional(),
  product: z.enum(loanProducts).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.uuid().optional().meta({ description: 'nextCursor of the previous page' }),
});

const caseListItem = caseView
  .pick({
    id: true,
    reference: true,
    product: true,
    amount: true,
    status: true,
    step: true,
    filedAt: true,
    decisionDueAt: true,
  })
  .extend({ enterprise: z.string() });

/** Cases the caller may list: its firms' as an applicant, its bank's as bank staff. */
function listScope(principal: Principal): Prisma.ApplicationWhereInput {
  const scopes: Prisma.ApplicationWhereInput[] = [];
  if (principal.roles.includes('APPLICANT')) {
    scopes.push({ enterprise: { ownerId: principal.userId } });
  }
  if (principal.roles.some((r) => bankStaffRoles.includes(r))) {
    if (!principal.institutionId) {
      throw new AppError('forbidden', 'bank staff tokens name their bank');
    }
    scopes.push({ bankId: principal.institutionId });
  }
  return { OR: scopes };
}

/** A uuid made from `seed`, so a retried request with the same key names the same row. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A retried filing with the same Idempotency-Key lands on the same row and workflow. */
const applicationIdFor = (userId: string, idempotencyKey: string | undefined) =>
  idempotencyKey ? stableUuid(`application:${userId}:${idempotencyKey}`) : randomUUID();

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
      422: {
        description:
          'Outside the product rules (amount, term), unknown bank, or a bank without an authority matrix',
      },
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
      const pinned = {
        creditTrack: policy.version,
        authority: matrixInForce(authorityMatrices, bank.code, today).version,
        documents: checklistInForce(documentChecklists, bank.code, today).version,
        scorecards: Object.fromEntries(
          (await loadScorecardRegistry(db))
            .scorecardsInForce(today)
            .filter((c) => policy.scorecardModels.some((m) => m === c.model))
            .map((c) => [c.model, c.version]),
        ),
      } satisfies PinnedPolicies;
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
              bankCode: bank.code,
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
    path: '/v1/applications',
    tag: 'Applications',
    summary: "Your firms' cases, or your bank's, newest first",
    roles: ['APPLICANT', ...bankStaffRoles],
    query: listQuery,
    responses: {
      200: {
        description: 'One page of cases',
        schema: z.object({ items: z.array(caseListItem), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      const where: Prisma.ApplicationWhereInput = {
        AND: [
          listScope(principal),
          {
            ...(query.status && { status: query.status }),
            ...(query.product && { product: query.product }),
          },
        ],
      };
      if (
        query.cursor &&
        (await db.application.count({ where: { AND: [where, { id: query.cursor }] } })) === 0
      ) {
        throw new AppError('validation_failed', 'invalid query', [
          { field: 'query.cursor', message: 'not a page of this list' },
        ]);
      }
      const cases = await db.application.findMany({
        where,
        include: {
          enterprise: { select: { name: true } },
          tasks: { where: { status: 'OPEN' }, select: { kind: true } },
          letters: { select: { kind: true } },
          offer: { select: { status: true } },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
      });
      const page = cases.slice(0, query.limit);
      return {
        status: 200,
        body: {
          items: page.map((c) => ({
            id: c.id,
            reference: c.reference,
            enterprise: c.enterprise.name,
            product: c.product,
            amount: fenToYuan(Number(c.amountFen)),
            status: c.status,
            step: stepOf(c),
            filedAt: c.createdAt.toISOString(),
            decisionDueAt: c.decisionDueAt?.toISOString() ?? null,
          })),
          nextCursor: cases.length > query.limit ? page.at(-1)!.id : null,
        },
      };
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
