// A sub-fund's investments over HTTP, tracked for life (DOMAIN.md §6; rules 24, 27): recorded
// with the firm's stage at entry, which a seed or start-up claim must prove with the start-up
// test that day; then follow-ons, valuation marks, exits (the proceeds split among the
// sub-fund's holders, with the guidance fund's profit concession) and write-offs, each within
// the loss tolerances unless the guidance fund records an exception. The early-stage share is
// reviewed after every change.
import { z } from 'zod';
import { isEarlyStage, stages } from '../../domain/fund/fund-terms.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { asJson, startupTestOn } from '../../prisma/enterprise-store.ts';
import { recordInvestment } from '../../prisma/fund-store.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import { visibleInvestment, visibleSubFund } from '../fund-access.ts';
import { AppError, notFound } from '../errors.ts';
import { investmentView, loadInvestmentView, outcomeOf } from '../investment-view.ts';
import {
  investmentEvent,
  recordInvestmentEvent,
  units,
} from '../use-cases/record-investment-event.ts';
import type { RouteTable } from './define.ts';

export function investmentRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/sub-funds/:id/investments',
    tag: 'Guidance fund',
    summary: 'The sub-fund’s manager records an investment made outside a round on the platform',
    roles: ['FUND_MANAGER'],
    params: z.object({ id: z.uuid().meta({ description: "The sub-fund's id" }) }),
    body: z.object({
      enterpriseId: z.uuid(),
      investedOn: z.iso.date(),
      amount: yuanAmount,
      units: units.meta({ description: 'Units bought: registered capital in fen, or shares' }),
      stage: z
        .enum(stages)
        .meta({ description: 'Seed or start-up must pass the start-up test that day' }),
    }),
    responses: {
      201: { description: 'Recorded', schema: investmentView },
      404: { description: 'No such sub-fund that you manage, or no such firm' },
      409: { description: 'The sub-fund has invested in the firm: record a follow-on' },
      422: { description: 'A seed or start-up stage the start-up test does not bear out' },
    },
    handler: async ({ principal, params, body }) => {
      const { subFund, asManager } = await visibleSubFund(db, principal, params.id);
      if (!asManager) throw notFound('sub-fund');
      if (!(await db.enterprise.findUnique({ where: { id: body.enterpriseId } }))) {
        throw notFound('enterprise');
      }
      const id = await db.$transaction(async (tx) => {
        if (
          await tx.fundInvestment.findFirst({
            where: { subFundId: subFund.id, enterpriseId: body.enterpriseId },
          })
        ) {
          throw new AppError(
            'conflict',
            'the sub-fund has invested in this firm: record a follow-on',
          );
        }
        const stageTest = await startupTestOn(tx, await loadScorecardCatalogue(db), {
          enterpriseId: body.enterpriseId,
          model: 'startup-sme',
          on: body.investedOn,
        });
        if (isEarlyStage(body.stage) && !stageTest.eligible) {
          throw new AppError(
            'business_rule',
            `the firm does not pass the start-up test on ${body.investedOn}, so it entered at no ${body.stage} stage`,
            [
              {
                field: 'body.stage',
                message: JSON.stringify(outcomeOf(stageTest)),
              },
            ],
          );
        }
        return recordInvestment(
          tx,
          {
            subFundId: subFund.id,
            enterpriseId: body.enterpriseId,
            investedOn: body.investedOn,
            amountFen: yuanToFen(body.amount),
            units: body.units,
            stageAtEntry: body.stage,
            stageTest: asJson(stageTest),
            actorId: principal.userId,
          },
          new Date(),
        );
      });
      return { status: 201, body: await loadInvestmentView(db, id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/investments/:id',
    tag: 'Guidance fund',
    summary: 'An investment: its stage at entry with the test behind it, its figures and events',
    roles: ['FUND_MANAGER'],
    params: z.object({ id: z.uuid() }),
    responses: {
      200: { description: 'The investment', schema: investmentView },
      404: { description: 'No investment of a sub-fund you see' },
    },
    handler: async ({ principal, params }) => {
      await visibleInvestment(db, principal, params.id);
      return { status: 200, body: await loadInvestmentView(db, params.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/investments/:id/events',
    tag: 'Guidance fund',
    summary: 'Record a follow-on, a valuation mark, an exit or a write-off',
    roles: ['FUND_MANAGER'],
    params: z.object({ id: z.uuid() }),
    body: investmentEvent,
    responses: {
      201: { description: 'Recorded', schema: investmentView },
      404: { description: 'No investment of a sub-fund you see' },
      409: { description: 'More units sold or more written off than the sub-fund holds' },
      422: {
        description:
          'A loss beyond a tolerance (rule 27) without the guidance fund’s exception, or an exception from anyone else',
      },
    },
    handler: async ({ principal, params, body, actId }) => {
      const { investment, subFund, asGuidanceFund, asManager } = await visibleInvestment(
        db,
        principal,
        params.id,
      );
      const exception = 'exception' in body ? body.exception : undefined;
      // The manager records what happened; only the guidance fund may excuse a tolerance.
      if (exception ? !asGuidanceFund : !asManager) throw notFound('investment');
      await recordInvestmentEvent(db, { investment, subFundId: subFund.id }, body, {
        actor: { userId: principal.userId, role: 'FUND_MANAGER' },
        actId,
      });
      return { status: 201, body: await loadInvestmentView(db, investment.id) };
    },
  });
}
