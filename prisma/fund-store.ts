// The guidance fund's side as stored: a sub-fund's pinned terms, its portfolio folded from the
// investments' event ledgers, and the two writes every change of the portfolio ends with: the
// investment's own record, and the early-stage share reviewed against the terms (a task for
// the fund while it is short). Used by the API (investments recorded directly, events) and by
// the activities (a sub-fund's investment through a round on the platform).
import { findFundTerms, type FundTerms, type Stage } from '../domain/fund/fund-terms.ts';
import { seedFundTerms, ventureFundTerms } from '../domain/fund/fund-terms.data.ts';
import { investmentFigures, type InvestmentFigures } from '../domain/fund/investment.ts';
import { portfolioStanding, type Portfolio } from '../domain/fund/portfolio.ts';
import type { Prisma } from './client.ts';
import { dayOf } from './enterprise-store.ts';
import { recordSubFundEvent } from './lifecycles.ts';

type Tx = Prisma.TransactionClient;

/** Every published version of sub-fund terms. */
export const publishedFundTerms: readonly FundTerms[] = [...seedFundTerms, ...ventureFundTerms];

export const fundTermsOf = (subFund: { termsVersion: string }) =>
  findFundTerms(publishedFundTerms, subFund.termsVersion);

/** Serialises the changes to one sub-fund: its commitments, its portfolio, a buy-back. */
export async function lockSubFund(tx: Tx, subFundId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "SubFund" WHERE "id" = ${subFundId}::uuid FOR UPDATE`;
}

/** The buy-back of the fund's stake under way, if any: one at a time per sub-fund. */
export const openBuyback = (tx: Tx, subFundId: string) =>
  tx.buyback.findFirst({ where: { subFundId, status: { in: ['REQUESTED', 'APPROVED'] } } });

export interface PortfolioOnRecord {
  terms: FundTerms;
  portfolio: Portfolio;
  figures: Map<string, InvestmentFigures>;
}

export async function portfolioOf(tx: Tx, subFundId: string): Promise<PortfolioOnRecord> {
  const subFund = await tx.subFund.findUniqueOrThrow({
    where: { id: subFundId },
    include: {
      commitments: true,
      investments: { include: { events: { orderBy: [{ on: 'asc' }, { recordedAt: 'asc' }] } } },
    },
  });
  const figures = new Map(
    subFund.investments.map((i) => [
      i.id,
      investmentFigures(
        i.events.map((e) => ({
          kind: e.kind,
          amountFen: Number(e.amountFen),
          units: e.units === null ? null : Number(e.units),
          costOfPartFen: (e.detail as { costOfPartFen?: number } | null)?.costOfPartFen,
        })),
      ),
    ]),
  );
  return {
    terms: fundTermsOf(subFund),
    portfolio: {
      committedFen: subFund.commitments.reduce((sum, c) => sum + Number(c.amountFen), 0),
      investments: subFund.investments.map((i) => ({
        id: i.id,
        firm: i.enterpriseId,
        stageAtEntry: i.stageAtEntry,
        ...figures.get(i.id)!,
      })),
    },
    figures,
  };
}

/**
 * Compares the early-stage share with the terms after a change: falling short opens a task for
 * the fund (one per time it falls short), coming back closes it.
 */
export async function reviewSeedShare(tx: Tx, subFundId: string, at: Date): Promise<void> {
  const { terms, portfolio } = await portfolioOf(tx, subFundId);
  const standing = portfolioStanding(terms, portfolio);
  const open = await tx.task.findFirst({
    where: { subFundId, kind: 'SEED_SHARE', status: 'OPEN' },
  });
  const data = {
    earlyStageShareBp: standing.earlyStageShareBp,
    requiredBp: terms.requiredSeedShareBp,
  };
  if (standing.belowRequiredShare && !open) {
    const times = await tx.task.count({ where: { subFundId, kind: 'SEED_SHARE' } });
    await recordSubFundEvent(tx, {
      subjectId: subFundId,
      event: 'seed_share_below',
      at,
      data,
      occurrence: times + 1,
      // Due at once: the fund steers the sub-fund's next investments.
      open: [{ kind: 'SEED_SHARE', qualifier: times + 1, dueAt: at, detail: data }],
    });
  } else if (!standing.belowRequiredShare && open) {
    const times = await tx.task.count({ where: { subFundId, kind: 'SEED_SHARE' } });
    await recordSubFundEvent(tx, {
      subjectId: subFundId,
      event: 'seed_share_restored',
      at,
      data,
      occurrence: times,
      close: [{ kind: 'SEED_SHARE', qualifier: times, outcome: 'DONE' }],
    });
  }
}

export interface NewInvestment {
  subFundId: string;
  enterpriseId: string;
  investedOn: string;
  amountFen: number;
  units: number | null;
  stageAtEntry: Stage;
  stageTest: Prisma.InputJsonValue;
  roundCommitmentId?: string;
  actorId: string;
}

/**
 * A sub-fund's investment with its entry on the ledger, or, in a firm it holds already, a
 * follow-on; the early-stage share is reviewed after.
 */
export async function recordInvestment(tx: Tx, entry: NewInvestment, at: Date): Promise<string> {
  const held = await tx.fundInvestment.findUnique({
    where: {
      subFundId_enterpriseId: { subFundId: entry.subFundId, enterpriseId: entry.enterpriseId },
    },
  });
  const money = {
    on: dayOf(entry.investedOn),
    amountFen: BigInt(entry.amountFen),
    units: entry.units === null ? null : BigInt(entry.units),
    recordedById: entry.actorId,
  };
  if (held) {
    await tx.investmentEvent.create({
      data: { investmentId: held.id, kind: 'FOLLOW_ON', ...money },
    });
    await recordSubFundEvent(tx, {
      subjectId: entry.subFundId,
      event: 'investment_event_recorded',
      at,
      actor: { userId: entry.actorId, role: 'FUND_MANAGER' },
      occurrence: `${held.id}:${entry.roundCommitmentId ?? entry.investedOn}`,
      data: { investmentId: held.id, kind: 'FOLLOW_ON', amountFen: entry.amountFen },
    });
    await reviewSeedShare(tx, entry.subFundId, at);
    return held.id;
  }
  const { id } = await tx.fundInvestment.create({
    data: {
      subFundId: entry.subFundId,
      enterpriseId: entry.enterpriseId,
      roundCommitmentId: entry.roundCommitmentId,
      stageAtEntry: entry.stageAtEntry,
      stageTest: entry.stageTest,
      investedOn: dayOf(entry.investedOn),
      events: { create: { kind: 'ENTRY', ...money } },
    },
  });
  await recordSubFundEvent(tx, {
    subjectId: entry.subFundId,
    event: 'investment_recorded',
    at,
    actor: { userId: entry.actorId, role: 'FUND_MANAGER' },
    occurrence: id,
    data: {
      investmentId: id,
      enterpriseId: entry.enterpriseId,
      amountFen: entry.amountFen,
      stageAtEntry: entry.stageAtEntry,
    },
  });
  await reviewSeedShare(tx, entry.subFundId, at);
  return id;
}
