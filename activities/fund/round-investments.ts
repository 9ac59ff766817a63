// A sub-fund's money in a round on the platform becomes an investment the guidance fund
// tracks, in the round's closing transaction.
import type { Issue } from '../../domain/equity/round.ts';
import type { ScorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import type { Prisma } from '../../prisma/client.ts';
import { asJson, startupTestOn } from '../../prisma/enterprise-store.ts';
import { recordInvestment } from '../../prisma/fund-store.ts';

type Tx = Prisma.TransactionClient;

/**
 * A sub-fund's money in the round becomes its investment, tracked for the guidance fund: the
 * firm's stage at entry is start-up when it passes the start-up test (财企〔2007〕128号) that
 * day, growth otherwise.
 */
export async function recordSubFundInvestments(
  tx: Tx,
  round: {
    enterpriseId: string;
    commitments: { id: string; investorId: string; committedById: string }[];
  },
  issues: readonly Issue[],
  { closedOn, at }: { closedOn: string; at: Date },
  catalogue: ScorecardCatalogue,
) {
  for (const c of round.commitments) {
    const subFund = await tx.subFund.findUnique({ where: { institutionId: c.investorId } });
    if (!subFund) continue;
    const issue = issues.find((i) => i.holderId === c.id)!;
    const stageTest = await startupTestOn(tx, catalogue, {
      enterpriseId: round.enterpriseId,
      model: 'startup-sme',
      on: closedOn,
    });
    await recordInvestment(
      tx,
      {
        subFundId: subFund.id,
        enterpriseId: round.enterpriseId,
        investedOn: closedOn,
        amountFen: issue.amountFen,
        units: issue.units,
        stageAtEntry: stageTest.eligible ? 'STARTUP' : 'GROWTH',
        stageTest: asJson(stageTest),
        roundCommitmentId: c.id,
        actorId: c.committedById,
      },
      at,
    );
  }
}
