// Equity rounds over HTTP: the firm opens a round on its term sheet and confirms its closing
// conditions; investors' and sub-funds' fund managers commit before the deadline. The round's
// workflow closes it (units issued, post-money recorded) or lets it lapse; everyone on the
// round reads it, an investor seeing its own commitment and the total, not the others'.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { whenWellFormed } from '../../domain/well-formed.ts';
import {
  commitToRoundUpdate,
  confirmRoundConditionsUpdate,
} from '../../domain/contracts/equity.ts';
import { instruments } from '../../domain/equity/round.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import type { Client } from '@temporalio/client';
import { visibleEnterprise } from '../access.ts';
import { investorOf, visibleRound } from '../equity-access.ts';
import { AppError, notFound } from '../errors.ts';
import { plainText } from '../text.ts';
import { openRound } from '../use-cases/open-round.ts';
import { runUpdate } from '../workflow-errors.ts';
import { loadRoundView, roundView } from '../round-view.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The round's id" }) });
const day = (d: Date | null) => d && d.toISOString().slice(0, 10);

const termSheet = z
  .object({
    instrument: z.enum(instruments),
    preMoney: yuanAmount.meta({ description: 'The valuation before the round' }),
    amountSought: yuanAmount,
    minimum: yuanAmount.meta({ description: 'The least committed for the round to close' }),
    deadline: z.iso.date().meta({ description: 'The last day commitments are taken' }),
    conditions: z
      .array(plainText(2, 200))
      .max(20)
      .default([])
      .meta({ example: ['shareholders’ resolution passed'] }),
  })
  .refine((t) => yuanToFen(t.minimum) <= yuanToFen(t.amountSought), {
    ...whenWellFormed,
    message: 'the minimum is more than the amount sought',
    path: ['minimum'],
  });

export function roundRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/enterprises/:id/rounds',
    tag: 'Equity',
    summary: 'Open an equity round on a term sheet',
    roles: ['APPLICANT'],
    creates: true,
    params: z.object({ id: z.uuid().meta({ description: "The firm's id" }) }),
    body: termSheet,
    responses: {
      201: { description: 'Open for commitments', schema: roundView },
      404: { description: 'No such firm of yours' },
      422: { description: 'The firm has no cap table, or the terms break a rule' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      if (enterprise.ownerId !== principal.userId) throw notFound('enterprise');
      const id = await openRound(
        { db, temporal },
        enterprise,
        { userId: principal.userId, role: 'APPLICANT' },
        {
          terms: {
            instrument: body.instrument,
            preMoneyFen: yuanToFen(body.preMoney),
            amountSoughtFen: yuanToFen(body.amountSought),
            minimumFen: yuanToFen(body.minimum),
            deadline: body.deadline,
          },
          conditions: body.conditions,
        },
        { id: actId ? stableUuid(`round:${actId}`) : randomUUID() },
      );
      return { status: 201, body: await loadRoundView(db, principal, id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/rounds',
    tag: 'Equity',
    summary: 'Rounds: an investor sees those open and those it committed to; a firm its own rounds',
    roles: ['APPLICANT', 'FUND_MANAGER'],
    query: z.object({ status: z.enum(['OPEN', 'CLOSED', 'LAPSED']).optional() }),
    responses: {
      200: { description: 'Newest first', schema: z.object({ items: z.array(roundView) }) },
    },
    handler: async ({ principal, query }) => {
      const investor = await investorOf(db, principal);
      const scope = investor
        ? {
            OR: [
              { status: 'OPEN' as const },
              { commitments: { some: { investorId: investor.id } } },
            ],
          }
        : { enterprise: { ownerId: principal.userId } };
      const rows = await db.equityRound.findMany({
        where: { AND: [scope, query.status ? { status: query.status } : {}] },
        orderBy: { createdAt: 'desc' },
        take: 100,
        select: { id: true },
      });
      const items = await Promise.all(rows.map((r) => loadRoundView(db, principal, r.id)));
      return { status: 200, body: { items } };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/rounds/:id',
    tag: 'Equity',
    summary: 'A round: its terms, commitments and, once closed, its price',
    roles: ['APPLICANT', 'OFFICER', 'APPROVER', 'FUND_MANAGER'],
    params,
    responses: {
      200: { description: 'The round', schema: roundView },
      404: { description: 'No such round visible to you' },
    },
    handler: async ({ principal, params }) => ({
      status: 200,
      body: await loadRoundView(db, principal, params.id),
    }),
  });

  routes.add({
    method: 'post',
    path: '/v1/rounds/:id/commitments',
    tag: 'Equity',
    summary: 'Commit your investor or sub-fund to the round',
    roles: ['FUND_MANAGER'],
    params,
    body: z.object({ amount: yuanAmount }),
    responses: {
      200: { description: 'Committed; the round closes once it can', schema: roundView },
      404: { description: 'No such open round, or you act for no investor' },
      409: { description: 'The round is closed or lapsed, or your investor has committed' },
      422: { description: 'The deadline has passed, or the amount exceeds what is sought' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const { round, investor } = await visibleRound(db, principal, params.id);
      if (!investor) throw notFound('round');
      // A lapsed round's workflow has ended: its deadline is the answer, as the workflow would give it.
      if (round.status === 'LAPSED') {
        throw new AppError(
          'business_rule',
          `the round's deadline ${day(round.deadline)} has passed`,
        );
      }
      if (round.status === 'CLOSED') throw new AppError('invalid_state', 'the round is closed');
      await runUpdate(
        temporal,
        round.workflowId,
        commitToRoundUpdate,
        {
          actor: { userId: principal.userId, role: 'FUND_MANAGER' },
          investorId: investor.id,
          amountFen: yuanToFen(body.amount),
        },
        actId,
      );
      return { status: 200, body: await loadRoundView(db, principal, round.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/rounds/:id/conditions',
    tag: 'Equity',
    summary: "The firm confirms the round's closing conditions are met",
    roles: ['APPLICANT'],
    params,
    responses: {
      200: { description: 'Confirmed; the round closes once the minimum is in', schema: roundView },
      404: { description: 'No such round of yours' },
      409: { description: 'The round is closed or lapsed, or the conditions are confirmed' },
    },
    handler: async ({ principal, params, actId }) => {
      const { round, ownFirm } = await visibleRound(db, principal, params.id);
      if (!ownFirm) throw notFound('round');
      if (round.status !== 'OPEN')
        throw new AppError('invalid_state', `the round is ${round.status}`);
      await runUpdate(
        temporal,
        round.workflowId,
        confirmRoundConditionsUpdate,
        { actor: { userId: principal.userId, role: 'APPLICANT' } },
        actId,
      );
      return { status: 200, body: await loadRoundView(db, principal, round.id) };
    },
  });
}
