// Buy-backs of the guidance fund's stake over HTTP (rule 26): another holder of the sub-fund
// asks, at the price the rule gives that day (at cost within 36 months of the fund's
// commitment, then cost plus interest at the one-year LPR for the days held); the guidance
// fund approves or declines; the buyer records its payment, and the stake passes to it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { decideBuybackUpdate, recordBuybackPaymentUpdate } from '../../domain/contracts/fund.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Buyback, Db } from '../../prisma/client.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import { fundManagerOf, visibleBuyback } from '../fund-access.ts';
import { notFound } from '../errors.ts';
import { identifier, plainText } from '../text.ts';
import { runUpdate } from '../workflow-errors.ts';
import { requestBuyback } from '../use-cases/request-buyback.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The buy-back's id" }) });

const buybackView = z.object({
  id: z.uuid(),
  subFundId: z.uuid(),
  buyer: z.string(),
  status: z.enum(['REQUESTED', 'APPROVED', 'DECLINED', 'SETTLED']),
  requestedOn: z.iso.date(),
  price: z.string(),
  cost: z.string(),
  interest: z.string(),
  daysHeld: z.int(),
  rateBp: z
    .int()
    .meta({ description: 'The one-year LPR in force when the fund committed; 0 at cost' }),
  basis: z.enum(['at_cost', 'cost_plus_interest']),
  reasons: z.array(z.string()),
  paidOn: z.iso.date().nullable(),
  reference: z.string().nullable(),
});

async function view(db: Db, b: Buyback): Promise<z.infer<typeof buybackView>> {
  const buyer = await db.institution.findUniqueOrThrow({ where: { id: b.buyerId } });
  const price = b.price as {
    priceFen: number;
    costFen: number;
    interestFen: number;
    daysHeld: number;
    rateBp: number;
    basis: 'at_cost' | 'cost_plus_interest';
  };
  return {
    id: b.id,
    subFundId: b.subFundId,
    buyer: buyer.code,
    status: b.status,
    requestedOn: b.requestedOn.toISOString().slice(0, 10),
    price: fenToYuan(price.priceFen),
    cost: fenToYuan(price.costFen),
    interest: fenToYuan(price.interestFen),
    daysHeld: price.daysHeld,
    rateBp: price.rateBp,
    basis: price.basis,
    reasons: b.reasons,
    paidOn: b.paidOn && b.paidOn.toISOString().slice(0, 10),
    reference: b.reference,
  };
}

export function buybackRoutes(routes: RouteTable, db: Db, temporal: Client) {
  const reload = async (id: string) =>
    view(db, await db.buyback.findUniqueOrThrow({ where: { id } }));

  routes.add({
    method: 'post',
    path: '/v1/sub-funds/:id/buybacks',
    tag: 'Guidance fund',
    summary: 'Another holder of the sub-fund asks to buy the guidance fund’s stake back',
    roles: ['FUND_MANAGER'],
    params: z.object({ id: z.uuid().meta({ description: "The sub-fund's id" }) }),
    responses: {
      201: {
        description: 'Asked, at the price of the day; the guidance fund decides',
        schema: buybackView,
      },
      404: { description: 'No such sub-fund in which your institution holds a commitment' },
      409: { description: 'A buy-back is under way, or the guidance fund holds no stake' },
    },
    handler: async ({ principal, params, actId }) => {
      const me = await fundManagerOf(db, principal);
      const subFund = await db.subFund.findUnique({
        where: { id: params.id },
        include: { commitments: true },
      });
      const mine = subFund?.commitments.find(
        (c) => c.institutionId === me?.id && !c.isGuidanceFund,
      );
      if (!subFund || !mine || mine.amountFen === 0n) throw notFound('sub-fund');
      const id = await requestBuyback(
        { db, temporal },
        subFund,
        { institutionId: me!.id, userId: principal.userId },
        { id: actId ? stableUuid(`buyback:${actId}`) : randomUUID() },
      );
      return { status: 201, body: await reload(id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/buybacks/:id',
    tag: 'Guidance fund',
    summary: 'A buy-back: its price and how it was reached, its decision and payment',
    roles: ['FUND_MANAGER'],
    params,
    responses: {
      200: { description: 'The buy-back', schema: buybackView },
      404: { description: 'No buy-back you are party to' },
    },
    handler: async ({ principal, params }) => {
      const { buyback } = await visibleBuyback(db, principal, params.id);
      return { status: 200, body: await view(db, buyback) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/buybacks/:id/decision',
    tag: 'Guidance fund',
    summary: 'The guidance fund approves or declines a buy-back of its stake',
    roles: ['FUND_MANAGER'],
    params,
    body: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('approve') }),
      z.object({
        outcome: z.literal('decline'),
        reasons: z.array(plainText(2, 500)).min(1).max(10),
      }),
    ]),
    responses: {
      200: { description: 'Decided', schema: buybackView },
      404: { description: 'No buy-back of your guidance fund’s stake' },
      409: { description: 'Already decided' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const { buyback, asGuidanceFund } = await visibleBuyback(db, principal, params.id);
      if (!asGuidanceFund) throw notFound('buy-back');
      await runUpdate(
        temporal,
        buyback.workflowId,
        decideBuybackUpdate,
        { actor: { userId: principal.userId, role: 'FUND_MANAGER' }, ...body },
        actId,
      );
      return { status: 200, body: await reload(buyback.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/buybacks/:id/payment',
    tag: 'Guidance fund',
    summary: 'The buyer records its payment; the fund’s stake passes to it',
    roles: ['FUND_MANAGER'],
    params,
    body: z.object({
      reference: identifier(64).meta({ example: 'TRF-2029-0001' }),
      paidOn: z.iso.date(),
    }),
    responses: {
      200: { description: 'Settled', schema: buybackView },
      404: { description: 'No buy-back of yours' },
      409: { description: 'Not approved, or already paid' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const { buyback, asBuyer } = await visibleBuyback(db, principal, params.id);
      if (!asBuyer) throw notFound('buy-back');
      await runUpdate(
        temporal,
        buyback.workflowId,
        recordBuybackPaymentUpdate,
        { actor: { userId: principal.userId, role: 'FUND_MANAGER' }, ...body },
        actId,
      );
      return { status: 200, body: await reload(buyback.id) };
    },
  });
}
