// A sub-fund's investments over HTTP, tracked for life (DOMAIN.md §6; rules 24, 27): recorded
// with the firm's stage at entry, which a seed or start-up claim must prove with the start-up
// test that day; then follow-ons, valuation marks, exits (the proceeds split among the
// sub-fund's holders, with the guidance fund's profit concession) and write-offs, each within
// the loss tolerances unless the guidance fund records an exception. The early-stage share is
// reviewed after every change.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { exitDistribution } from '../../domain/fund/exit.ts';
import { isEarlyStage, stages } from '../../domain/fund/fund-terms.ts';
import { writeOffProblems } from '../../domain/fund/portfolio.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { asJson, dayOf, startupTestOn } from '../../prisma/enterprise-store.ts';
import { portfolioOf, recordInvestment, reviewSeedShare } from '../../prisma/fund-store.ts';
import { recordSubFundEvent } from '../../prisma/lifecycles.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import { visibleInvestment, visibleSubFund } from '../fund-access.ts';
import { AppError, notFound } from '../errors.ts';
import { plainText } from '../text.ts';
import type { RouteTable } from './define.ts';

const units = z.int().positive().max(Number.MAX_SAFE_INTEGER);
const event = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('FOLLOW_ON'), on: z.iso.date(), amount: yuanAmount, units }),
  z.object({ kind: z.literal('MARK'), on: z.iso.date(), valuation: yuanAmount }),
  z.object({ kind: z.literal('EXIT'), on: z.iso.date(), unitsSold: units, proceeds: yuanAmount }),
  z.object({
    kind: z.literal('WRITE_OFF'),
    on: z.iso.date(),
    amount: yuanAmount,
    exception: z
      .object({ reason: plainText(2, 500) })
      .optional()
      .meta({ description: 'The guidance fund’s authorised exception to a tolerance' }),
  }),
]);

const investmentView = z.object({
  id: z.uuid(),
  subFundId: z.uuid(),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  stageAtEntry: z.enum(stages),
  stageTest: z
    .unknown()
    .meta({ description: 'The start-up test (128号) on the entry day, with its inputs' }),
  investedOn: z.iso.date(),
  invested: z.string(),
  costHeld: z.string(),
  unitsHeld: z.string(),
  mark: z.string(),
  returned: z.string(),
  lossUsed: z.string(),
  events: z.array(
    z.object({
      kind: z.string(),
      on: z.iso.date(),
      amount: z.string(),
      units: z.string().nullable(),
      detail: z.unknown(),
    }),
  ),
});

async function loadInvestmentView(db: Db, id: string): Promise<z.infer<typeof investmentView>> {
  const i = await db.fundInvestment.findUniqueOrThrow({
    where: { id },
    include: { events: { orderBy: [{ on: 'asc' }, { recordedAt: 'asc' }] } },
  });
  const firm = await db.enterprise.findUniqueOrThrow({ where: { id: i.enterpriseId } });
  const { figures } = await db.$transaction((tx) => portfolioOf(tx, i.subFundId));
  const f = figures.get(id)!;
  const yuan = (fen: number | bigint) => fenToYuan(Number(fen));
  return {
    id,
    subFundId: i.subFundId,
    enterprise: { id: firm.id, name: firm.name },
    stageAtEntry: i.stageAtEntry,
    stageTest: i.stageTest,
    investedOn: i.investedOn.toISOString().slice(0, 10),
    invested: yuan(f.investedFen),
    costHeld: yuan(f.costHeldFen),
    unitsHeld: String(f.unitsHeld),
    mark: yuan(f.markFen),
    returned: yuan(f.returnedFen),
    lossUsed: yuan(f.writtenOffFen),
    events: i.events.map((e) => ({
      kind: e.kind,
      on: e.on.toISOString().slice(0, 10),
      amount: yuan(e.amountFen),
      units: e.units === null ? null : String(e.units),
      detail: e.detail,
    })),
  };
}

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
                message: JSON.stringify(stageTest.failedGates ?? stageTest.reason),
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
    body: event,
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
      const exception = body.kind === 'WRITE_OFF' ? body.exception : undefined;
      // The manager records what happened; only the guidance fund may excuse a tolerance.
      if (exception ? !asGuidanceFund : !asManager) throw notFound('investment');
      const at = new Date();
      await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "SubFund" WHERE "id" = ${subFund.id}::uuid FOR UPDATE`;
        const { terms, portfolio, figures } = await portfolioOf(tx, subFund.id);
        const held = figures.get(investment.id)!;
        const entry = await eventEntry(tx, body, {
          terms,
          held,
          stage: investment.stageAtEntry,
          subFundId: subFund.id,
        });
        if (entry.lossFen > 0) {
          const problems = writeOffProblems(terms, portfolio, {
            investmentId: investment.id,
            amountFen: entry.lossFen,
          });
          if (problems.length > 0 && !exception) {
            throw new AppError(
              'business_rule',
              problems.join('; '),
              problems.map((message) => ({ field: 'body', message })),
            );
          }
          if (problems.length > 0) {
            await recordSubFundEvent(tx, {
              subjectId: subFund.id,
              event: 'write_off_exception',
              at,
              actor: { userId: principal.userId, role: 'FUND_MANAGER' },
              occurrence: actId ?? randomUUID(),
              data: {
                investmentId: investment.id,
                lossFen: entry.lossFen,
                problems,
                reason: exception!.reason,
              },
            });
          }
        }
        await tx.investmentEvent.create({
          data: {
            investmentId: investment.id,
            kind: body.kind,
            on: dayOf(body.on),
            amountFen: BigInt(entry.amountFen),
            units: entry.units === null ? null : BigInt(entry.units),
            detail: entry.detail,
            recordedById: principal.userId,
          },
        });
        await recordSubFundEvent(tx, {
          subjectId: subFund.id,
          event: 'investment_event_recorded',
          at,
          actor: { userId: principal.userId, role: 'FUND_MANAGER' },
          occurrence: actId ?? randomUUID(),
          data: { investmentId: investment.id, kind: body.kind, amountFen: entry.amountFen },
        });
        await reviewSeedShare(tx, subFund.id, at);
      });
      return { status: 201, body: await loadInvestmentView(db, investment.id) };
    },
  });
}

/** The ledger entry an event makes, and the loss it would use against the tolerances. */
async function eventEntry(
  tx: Prisma.TransactionClient,
  body: z.infer<typeof event>,
  ctx: {
    terms: Parameters<typeof exitDistribution>[0];
    held: { costHeldFen: number; unitsHeld: number };
    stage: (typeof stages)[number];
    subFundId: string;
  },
) {
  const { held } = ctx;
  switch (body.kind) {
    case 'FOLLOW_ON':
      return {
        amountFen: yuanToFen(body.amount),
        units: body.units,
        detail: undefined,
        lossFen: 0,
      };
    case 'MARK':
      return { amountFen: yuanToFen(body.valuation), units: null, detail: undefined, lossFen: 0 };
    case 'WRITE_OFF': {
      const amountFen = yuanToFen(body.amount);
      if (amountFen > held.costHeldFen) {
        throw new AppError(
          'invalid_state',
          `the sub-fund holds ${fenToYuan(held.costHeldFen)} of cost in this firm`,
        );
      }
      return {
        amountFen,
        units: null,
        detail: body.exception ? asJson({ exception: body.exception.reason }) : undefined,
        lossFen: amountFen,
      };
    }
    case 'EXIT': {
      if (body.unitsSold > held.unitsHeld) {
        throw new AppError(
          'invalid_state',
          `the sub-fund holds ${held.unitsHeld} units in this firm`,
        );
      }
      const holders = await tx.subFundCommitment.findMany({
        where: { subFundId: ctx.subFundId, amountFen: { gt: 0 } },
        orderBy: { holder: 'asc' },
      });
      const split = exitDistribution(
        ctx.terms,
        {
          stageAtEntry: ctx.stage,
          costFen: held.costHeldFen,
          unitsHeld: held.unitsHeld,
          unitsSold: body.unitsSold,
          proceedsFen: yuanToFen(body.proceeds),
        },
        holders.map((h) => ({
          holder: h.holder,
          committedFen: Number(h.amountFen),
          isGuidanceFund: h.isGuidanceFund,
        })),
      );
      return {
        amountFen: yuanToFen(body.proceeds),
        units: body.unitsSold,
        detail: asJson(split),
        lossFen: Math.max(0, -split.profitFen),
      };
    }
  }
}
