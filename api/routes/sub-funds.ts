// The guidance fund's sub-funds over HTTP: the fund records each sub-fund it commits to and
// every change of its commitments (rule 26 checked each time); the fund and the sub-fund's
// managers read what it owns, at which stage each firm entered, the losses used against its
// tolerance and its reports; the managers file the reports the fund awaits.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { whenWellFormed } from '../../domain/well-formed.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { fileReportUpdate } from '../../domain/contracts/fund.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import {
  fundTermsOf,
  lockSubFund,
  openBuyback,
  publishedFundTerms,
} from '../../prisma/fund-store.ts';
import { recordSubFundEvent } from '../../prisma/lifecycles.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import { fundManagerOf, visibleSubFund } from '../fund-access.ts';
import { AppError, notFound } from '../errors.ts';
import { loadSubFundView, subFundView } from '../sub-fund-view.ts';
import { identifier, plainName } from '../text.ts';
import { assertStake, createSubFund, type HolderCommitment } from '../use-cases/create-sub-fund.ts';
import { runUpdate } from '../workflow-errors.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The sub-fund's id" }) });
/** The one-year rates a buy-back is priced with start in late 2015: no sub-fund closed before. */
const EARLIEST_CLOSING = '2016-01-01';
const termsVersions = publishedFundTerms.map((t) => t.version) as [string, ...string[]];

const commitment = z.object({
  holder: plainName(2, 100),
  institution: identifier(64)
    .optional()
    .meta({ description: "The holder's institution code, if it is on the platform" }),
  guidanceFund: z.boolean().default(false).meta({ description: 'The guidance fund itself' }),
  amount: yuanAmount,
});

const newSubFund = z.object({
  subFund: identifier(64).meta({
    description: 'The sub-fund institution’s code',
    example: 'demo-seed-fund',
  }),
  terms: z.enum(termsVersions),
  closedOn: z.iso.date().refine((d) => d >= EARLIEST_CLOSING && d <= shanghaiDate(new Date()), {
    ...whenWellFormed,
    message: `a sub-fund closed between ${EARLIEST_CLOSING} and today`,
  }),
  commitments: z
    .array(commitment)
    .min(1)
    .max(100)
    .refine((cs) => new Set(cs.map((c) => c.holder)).size === cs.length, {
      ...whenWellFormed,
      message: 'each holder once',
    }),
});

/** The platform institutions named by code, or a 422 naming the first unknown one. */
async function institutionsByCode(db: Db, codes: string[]) {
  const found = await db.institution.findMany({ where: { code: { in: codes } } });
  const missing = codes.find((code) => !found.some((i) => i.code === code));
  if (missing) throw new AppError('business_rule', `no institution ${missing} on the platform`);
  return new Map(found.map((i) => [i.code, i]));
}

export function subFundRoutes(routes: RouteTable, db: Db, temporal: Client) {
  /** The guidance fund the caller manages, or 403. */
  async function guidanceFundOf(principal: Parameters<typeof fundManagerOf>[1]) {
    const me = await fundManagerOf(db, principal);
    if (me?.kind !== 'GUIDANCE_FUND') {
      throw new AppError('forbidden', 'only the guidance fund’s managers do this');
    }
    return me;
  }

  async function holderCommitments(
    body: z.infer<typeof commitment>[],
    guidanceFundId: string,
  ): Promise<HolderCommitment[]> {
    const codes = body.map((c) => c.institution).filter((c) => c !== undefined);
    const byCode = await institutionsByCode(db, codes);
    return body.map((c) => {
      const institutionId = c.institution ? byCode.get(c.institution)!.id : null;
      if (c.guidanceFund && institutionId !== guidanceFundId && institutionId !== null) {
        throw new AppError('business_rule', `${c.holder} is not your guidance fund`);
      }
      return {
        holder: c.holder,
        institutionId: c.guidanceFund ? guidanceFundId : institutionId,
        isGuidanceFund: c.guidanceFund,
        amountFen: yuanToFen(c.amount),
      };
    });
  }

  routes.add({
    method: 'post',
    path: '/v1/sub-funds',
    tag: 'Guidance fund',
    summary: 'Record a sub-fund the guidance fund commits to, with its terms and commitments',
    roles: ['FUND_MANAGER'],
    body: newSubFund,
    responses: {
      201: {
        description: 'Recorded; its reporting duties run from the closing date',
        schema: subFundView,
      },
      403: { description: 'You do not manage the guidance fund' },
      409: { description: 'The institution is already a sub-fund' },
      422: {
        description:
          'The fund’s stake breaks rule 26 (above the cap, or the largest holder), or an institution is unknown or no sub-fund',
      },
    },
    handler: async ({ principal, body, actId }) => {
      const guidanceFund = await guidanceFundOf(principal);
      const subFund = (await institutionsByCode(db, [body.subFund])).get(body.subFund)!;
      if (subFund.kind !== 'SUB_FUND') {
        throw new AppError(
          'business_rule',
          `${body.subFund} is not an institution of kind SUB_FUND`,
        );
      }
      const commitments = await holderCommitments(body.commitments, guidanceFund.id);
      if (commitments.filter((c) => c.isGuidanceFund).length !== 1) {
        throw new AppError('business_rule', 'the guidance fund commits exactly once');
      }
      const id = await createSubFund(
        { db, temporal },
        { guidanceFund, subFund, actor: { userId: principal.userId, role: 'FUND_MANAGER' } },
        { version: body.terms, closedOn: body.closedOn, commitments },
        { id: actId ? stableUuid(`sub-fund:${actId}`) : randomUUID() },
      );
      return { status: 201, body: await loadSubFundView(db, id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/sub-funds',
    tag: 'Guidance fund',
    summary: 'The sub-funds you see: all of the guidance fund’s, or the one you manage',
    roles: ['FUND_MANAGER'],
    responses: {
      200: { description: 'Oldest first', schema: z.object({ items: z.array(subFundView) }) },
    },
    handler: async ({ principal }) => {
      const me = await fundManagerOf(db, principal);
      const rows = me
        ? await db.subFund.findMany({
            where: { OR: [{ guidanceFundId: me.id }, { institutionId: me.id }] },
            orderBy: { createdAt: 'asc' },
            take: 100,
          })
        : [];
      return {
        status: 200,
        body: { items: await Promise.all(rows.map((r) => loadSubFundView(db, r.id))) },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/sub-funds/:id',
    tag: 'Guidance fund',
    summary: 'A sub-fund: its commitments, portfolio against its terms, investments and reports',
    roles: ['FUND_MANAGER'],
    params,
    responses: {
      200: { description: 'The sub-fund', schema: subFundView },
      404: { description: 'No such sub-fund of yours' },
    },
    handler: async ({ principal, params }) => {
      await visibleSubFund(db, principal, params.id);
      return { status: 200, body: await loadSubFundView(db, params.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/sub-funds/:id/commitments',
    tag: 'Guidance fund',
    summary: 'Change a holder’s commitment (or add a holder); rule 26 is checked again',
    roles: ['FUND_MANAGER'],
    params,
    body: commitment,
    responses: {
      200: { description: 'Changed', schema: subFundView },
      403: { description: 'You do not manage the guidance fund' },
      404: { description: 'No such sub-fund of yours' },
      422: { description: 'The change would break rule 26' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const guidanceFund = await guidanceFundOf(principal);
      const { subFund, asGuidanceFund } = await visibleSubFund(db, principal, params.id);
      if (!asGuidanceFund) throw notFound('sub-fund');
      const [asked] = await holderCommitments([body], guidanceFund.id);
      await db.$transaction(async (tx) => {
        // One change at a time per sub-fund: each is checked against the commitments as they stand.
        await lockSubFund(tx, subFund.id);
        if (await openBuyback(tx, subFund.id)) {
          throw new AppError('conflict', 'a buy-back of the fund’s stake is under way');
        }
        const current = await tx.subFundCommitment.findMany({ where: { subFundId: subFund.id } });
        const existing = current.find((c) => c.holder === asked!.holder);
        // A holder keeps who it is: only its amount changes.
        if (existing && existing.isGuidanceFund !== asked!.isGuidanceFund) {
          throw new AppError(
            'business_rule',
            `${asked!.holder} ${existing.isGuidanceFund ? 'is' : 'is not'} the guidance fund`,
          );
        }
        const change = {
          ...asked!,
          institutionId: existing?.institutionId ?? asked!.institutionId,
        };
        const others = current.filter((c) => c !== existing);
        if (change.isGuidanceFund && others.some((c) => c.isGuidanceFund)) {
          throw new AppError('business_rule', 'the guidance fund commits under one name');
        }
        assertStake(
          [...others.map((c) => ({ ...c, amountFen: Number(c.amountFen) })), change],
          fundTermsOf(subFund).maxGuidanceStakeBp,
        );
        await tx.subFundCommitment.upsert({
          where: { subFundId_holder: { subFundId: subFund.id, holder: change.holder } },
          create: {
            subFundId: subFund.id,
            holder: change.holder,
            institutionId: change.institutionId,
            isGuidanceFund: change.isGuidanceFund,
            amountFen: BigInt(change.amountFen),
            committedOn: dayOf(shanghaiDate(new Date())),
          },
          update: { amountFen: BigInt(change.amountFen) },
        });
        await recordSubFundEvent(tx, {
          subjectId: subFund.id,
          event: 'commitment_changed',
          at: new Date(),
          actor: { userId: principal.userId, role: 'FUND_MANAGER' },
          occurrence: actId ?? randomUUID(),
          data: { holder: change.holder, amountFen: change.amountFen },
        });
      });
      return { status: 200, body: await loadSubFundView(db, subFund.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/sub-funds/:id/reports',
    tag: 'Guidance fund',
    summary: 'The sub-fund’s manager files a report the guidance fund awaits',
    roles: ['FUND_MANAGER'],
    params,
    body: z.object({
      key: identifier(16).meta({
        description: 'The duty: ambers, q2026Q4, a2026',
        example: 'ambers',
      }),
      reference: identifier(64).meta({
        description: 'The filing’s reference',
        example: 'AMBERS-SX2026-001',
      }),
    }),
    responses: {
      200: { description: 'Filed', schema: subFundView },
      404: { description: 'No such sub-fund that you manage' },
      409: { description: 'No such report is awaited' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const { subFund, asManager } = await visibleSubFund(db, principal, params.id);
      if (!asManager) throw notFound('sub-fund');
      await runUpdate(
        temporal,
        subFund.workflowId,
        fileReportUpdate,
        { actor: { userId: principal.userId, role: 'FUND_MANAGER' }, ...body },
        actId,
      );
      return { status: 200, body: await loadSubFundView(db, subFund.id) };
    },
  });
}
