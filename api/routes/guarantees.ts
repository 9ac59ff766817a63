// Combined deals over HTTP: every party lists and reads the deals it is party to; the
// guarantor's officer files its own diligence report and its approver decides (four eyes, fee
// caps and the firm's cap enforced by the workflow, where the process runs).
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  decideGuaranteeUpdate,
  guaranteeWorkflowId,
  reviewGuaranteeUpdate,
  type GuaranteeSnapshot,
} from '../../domain/contracts/guarantee.ts';
import { guaranteeLifecycle } from '../../domain/guarantee/lifecycle.ts';
import { letterLanguages } from '../../domain/letter-kinds.ts';
import { maskPersonalData } from '../../domain/privacy.ts';
import { withTexts } from '../../prisma/audit-trail.ts';
import type { Db } from '../../prisma/client.ts';
import type { Principal } from '../auth.ts';
import {
  guaranteeScope,
  guarantorsDeal,
  visibleGuarantee,
  dealReaders,
} from '../guarantee-access.ts';
import { guaranteeOf, guaranteeView } from '../guarantee-view.ts';
import { AppError, notFound } from '../errors.ts';
import { cursorParam, emptyPage } from '../pages.ts';
import { plainText } from '../text.ts';
import { runUpdate } from '../workflow-errors.ts';
import { reasons, refusals } from './decisions.ts';
import { currentLetter } from './letters.ts';
import type { RouteTable } from './define.ts';

const dealView = guaranteeView.extend({
  case: z.object({ id: z.uuid(), reference: z.string(), status: z.string() }),
  enterprise: z.object({ name: z.string(), uscc: z.string() }),
  counterGuarantees: z.array(
    z.object({
      party: z.enum(['REGUARANTOR', 'NATIONAL_FUND']),
      institution: z.string(),
      agreement: z.string(),
    }),
  ),
  tasks: z.array(z.object({ kind: z.string(), role: z.string(), dueAt: z.iso.datetime() })),
  history: z.array(
    z.object({
      at: z.iso.datetime(),
      action: z.enum(Object.keys(guaranteeLifecycle.events) as [string, ...string[]]),
      actorRole: z.string().nullable(),
      data: z.unknown(),
    }),
  ),
});

const review = z.object({
  recommendation: z.enum(['approve', 'decline']),
  report: plainText(2, 4000).meta({
    description:
      "The guarantor's own diligence: what it checked and found, independent of the bank's",
  }),
});

const decision = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('approve'),
    fees: z
      .array(z.object({ kind: z.string().min(1).max(40), rateBp: z.int().min(0).max(10_000) }))
      .max(10)
      .meta({
        description:
          'A year, in basis points of the amount guaranteed: "guarantee" (below 1%) and "reguarantee" (0.3% up to ¥5m, 0.5% above). Any other fee is refused.',
      }),
  }),
  z.object({ outcome: z.literal('decline'), reasons: reasons.min(1) }),
]);

const params = z.object({ id: z.uuid() });
const listQuery = z.object({
  status: z.enum(guaranteeLifecycle.statuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam,
});

async function dealOf(db: Db, principal: Principal, id: string) {
  const g = await visibleGuarantee(db, principal, id);
  const agreementIds = [g.reguaranteeAgreementId, g.fundAgreementId].filter((a) => a !== null);
  const [agreements, tasks, events] = await Promise.all([
    db.frameworkAgreement.findMany({ where: { id: { in: agreementIds } } }),
    db.task.findMany({
      where: {
        applicationId: g.applicationId,
        status: 'OPEN',
        kind: { in: ['GUARANTEE_REVIEW', 'GUARANTEE_DECISION'] },
      },
      orderBy: { dueAt: 'asc' },
    }),
    db.auditEvent.findMany({
      where: { entityType: 'Guarantee', entityId: g.id },
      orderBy: { id: 'asc' },
    }),
  ]);
  const providers = await db.institution.findMany({
    where: { id: { in: agreements.map((a) => a.providerId) } },
  });
  return {
    ...guaranteeOf(g),
    case: {
      id: g.application.id,
      reference: g.application.reference,
      status: g.application.status,
    },
    enterprise: { name: g.enterprise.name, uscc: g.enterprise.uscc },
    counterGuarantees: agreements.map((a) => ({
      party: a.kind === 'REGUARANTEE' ? ('REGUARANTOR' as const) : ('NATIONAL_FUND' as const),
      institution: providers.find((p) => p.id === a.providerId)!.code,
      agreement: a.reference,
    })),
    tasks: tasks.map((t) => ({ kind: t.kind, role: t.role, dueAt: t.dueAt.toISOString() })),
    history: (await withTexts(db, events, maskPersonalData)).map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorRole: e.actorRole,
      data: e.data,
    })),
  };
}

/** A deal the guarantor's people may act on: its own diligence is under way. */
async function dealUnderReview(db: Db, principal: Principal, id: string) {
  const guarantee = await guarantorsDeal(db, principal, id);
  if (guarantee.status !== 'UNDER_REVIEW') {
    throw new AppError(
      'invalid_state',
      guarantee.status === 'REQUESTED'
        ? 'the bank has not approved the loan yet: the guarantor reviews after it does'
        : `the guarantee is ${guarantee.status}, not under review`,
    );
  }
}

/** Runs one update of the deal's underwriting workflow; answers with the deal as it now stands. */
async function actOnDeal<I>(
  db: Db,
  temporal: Client,
  { principal, actId, id }: { principal: Principal; actId?: string; id: string },
  update: UpdateDefinition<GuaranteeSnapshot, [I]>,
  input: I,
) {
  await runUpdate(temporal, guaranteeWorkflowId(id), update, input, actId);
  return { status: 200, body: await dealOf(db, principal, id) };
}

export function guaranteeRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'get',
    path: '/v1/guarantees',
    tag: 'Combined deals',
    summary: 'The deals your institution is party to, newest first',
    roles: dealReaders,
    query: listQuery,
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(guaranteeView), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      const where = {
        AND: [await guaranteeScope(db, principal), query.status ? { status: query.status } : {}],
      };
      if (
        query.cursor &&
        (await db.guarantee.count({ where: { AND: [where, { id: query.cursor }] } })) === 0
      ) {
        return emptyPage;
      }
      const rows = await db.guarantee.findMany({
        where,
        include: { guarantor: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
      });
      const page = rows.slice(0, query.limit);
      return {
        status: 200,
        body: {
          items: page.map(guaranteeOf),
          nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
        },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/guarantees/:id',
    tag: 'Combined deals',
    summary: 'One deal: the guarantee, the parties behind it, open tasks and its trail',
    roles: dealReaders,
    params,
    responses: {
      200: { description: 'The deal', schema: dealView },
      404: { description: 'No such deal, or your institution is not party to it' },
    },
    handler: async ({ principal, params }) => ({
      status: 200,
      body: await dealOf(db, principal, params.id),
    }),
  });

  routes.add({
    method: 'get',
    path: '/v1/guarantees/:id/letter',
    tag: 'Combined deals',
    summary:
      "The guarantor's letters on the deal (PDF) for every party to it: the guarantee confirmation and, after a default, the compensation notice",
    roles: dealReaders,
    params,
    query: z.object({
      kind: z.enum(['guarantee_confirmation', 'compensation_notice']),
      lang: z.enum(letterLanguages).default('zh'),
    }),
    responses: {
      200: {
        description: 'The current revision of the letter',
        schema: z.string().meta({ format: 'binary' }),
        contentType: 'application/pdf',
      },
      404: { description: 'No deal your institution is party to, or no such letter yet' },
    },
    handler: async ({ principal, params, query }) => {
      const deal = await visibleGuarantee(db, principal, params.id);
      const letter = await currentLetter(db, {
        applicationId: deal.applicationId,
        kind: query.kind,
        language: query.lang,
      });
      if (!letter) throw notFound(`${query.kind} letter`);
      return { status: 200, body: Buffer.from(letter.content), contentType: 'application/pdf' };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/review',
    tag: 'Combined deals',
    summary: "The guarantor officer's own diligence report and recommendation",
    roles: ['GUARANTOR'],
    params,
    body: review,
    responses: { 200: { description: 'Reviewed', schema: dealView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      await dealUnderReview(db, principal, params.id);
      const input = { actor: { userId: principal.userId, role: 'GUARANTOR' as const }, ...body };
      return actOnDeal(
        db,
        temporal,
        { principal, actId, id: params.id },
        reviewGuaranteeUpdate,
        input,
      );
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/decision',
    tag: 'Combined deals',
    summary:
      "The guarantor approver's decision, with the fees; never by the officer who reviewed it",
    roles: ['GUARANTEE_APPROVER'],
    params,
    body: decision,
    responses: {
      200: { description: 'Decided', schema: dealView },
      ...refusals,
      422: {
        description:
          "A fee above its cap or of a kind not allowed, the firm's guarantee balance above its cap, or no counter-guarantee agreement with room",
      },
    },
    handler: async ({ principal, params, body, actId }) => {
      await dealUnderReview(db, principal, params.id);
      const input = {
        actor: { userId: principal.userId, role: 'GUARANTEE_APPROVER' as const },
        ...body,
      };
      return actOnDeal(
        db,
        temporal,
        { principal, actId, id: params.id },
        decideGuaranteeUpdate,
        input,
      );
    },
  });
}
