// A sub-fund's manager records what happened to an investment (DOMAIN.md §6; rule 27): a
// follow-on, a valuation mark, an exit (the proceeds split among the sub-fund's holders, with
// the guidance fund's profit concession) or a write-off. A loss beyond a tolerance stands only
// with the guidance fund's exception, recorded with its reason. The ledger is folded in date
// order, so an event never goes before one already recorded; the early-stage share is reviewed
// after every change, all under the sub-fund's lock.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/contracts/shared.ts';
import { exitDistribution } from '../../domain/fund/exit.ts';
import type { Stage } from '../../domain/fund/fund-terms.ts';
import { writeOffProblems } from '../../domain/fund/portfolio.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db, FundInvestment, Prisma } from '../../prisma/client.ts';
import { asJson, dayOf } from '../../prisma/enterprise-store.ts';
import { lockSubFund, portfolioOf, reviewSeedShare } from '../../prisma/fund-store.ts';
import { recordSubFundEvent } from '../../prisma/lifecycles.ts';
import { AppError } from '../errors.ts';
import { plainText } from '../text.ts';

export const units = z.int().positive().max(Number.MAX_SAFE_INTEGER);
/** A loss beyond a tolerance (a write-off, an exit below cost) stands only with this. */
const exception = z
  .object({ reason: plainText(2, 500) })
  .optional()
  .meta({ description: 'The guidance fund’s authorised exception to a loss tolerance' });

export const investmentEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('FOLLOW_ON'), on: z.iso.date(), amount: yuanAmount, units }),
  z.object({ kind: z.literal('MARK'), on: z.iso.date(), valuation: yuanAmount }),
  z.object({
    kind: z.literal('EXIT'),
    on: z.iso.date(),
    unitsSold: units,
    proceeds: yuanAmount,
    exception,
  }),
  z.object({ kind: z.literal('WRITE_OFF'), on: z.iso.date(), amount: yuanAmount, exception }),
]);

export type InvestmentEvent = z.infer<typeof investmentEvent>;

export async function recordInvestmentEvent(
  db: Db,
  { investment, subFundId }: { investment: FundInvestment; subFundId: string },
  body: InvestmentEvent,
  { actor, actId }: { actor: Actor; actId?: string },
): Promise<void> {
  const exception = 'exception' in body ? body.exception : undefined;
  const at = new Date();
  await db.$transaction(async (tx) => {
    await lockSubFund(tx, subFundId);
    const { terms, portfolio, figures } = await portfolioOf(tx, subFundId);
    const held = figures.get(investment.id)!;
    const latest = await tx.investmentEvent.findFirst({
      where: { investmentId: investment.id },
      orderBy: { on: 'desc' },
    });
    // The ledger is folded in date order: an event never goes before one already recorded.
    if (latest && dayOf(body.on) < latest.on) {
      throw new AppError(
        'business_rule',
        `the investment's last event is of ${latest.on.toISOString().slice(0, 10)}`,
      );
    }
    const entry = await eventEntry(tx, body, {
      terms,
      held,
      stage: investment.stageAtEntry,
      subFundId,
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
          subjectId: subFundId,
          event: 'write_off_exception',
          at,
          actor,
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
        recordedById: actor.userId,
      },
    });
    await recordSubFundEvent(tx, {
      subjectId: subFundId,
      event: 'investment_event_recorded',
      at,
      actor,
      occurrence: actId ?? randomUUID(),
      data: { investmentId: investment.id, kind: body.kind, amountFen: entry.amountFen },
    });
    await reviewSeedShare(tx, subFundId, at);
  });
}

/** The ledger entry an event makes, and the loss it would use against the tolerances. */
async function eventEntry(
  tx: Prisma.TransactionClient,
  body: InvestmentEvent,
  ctx: {
    terms: Parameters<typeof exitDistribution>[0];
    held: { costHeldFen: number; unitsHeld: number };
    stage: Stage;
    subFundId: string;
  },
) {
  const { held } = ctx;
  switch (body.kind) {
    case 'FOLLOW_ON':
      if (!Number.isSafeInteger(held.unitsHeld + body.units)) {
        throw new AppError(
          'business_rule',
          'the units held would pass what can be counted exactly',
        );
      }
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
        detail: undefined,
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
