// A sub-fund as the guidance fund and its manager read it: who committed what (the fund's
// stake in basis points), its portfolio against its terms (the early-stage share, the losses
// used against its tolerance), each investment with its stage at entry, and its reports
// awaited, overdue or filed.
import { z } from 'zod';
import { ownership } from '../domain/equity/cap-table.ts';
import { portfolioStanding } from '../domain/fund/portfolio.ts';
import { guidanceShareBp } from '../domain/fund/stake.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Db } from '../prisma/client.ts';
import { portfolioOf } from '../prisma/fund-store.ts';

const yuan = (fen: number | bigint) => fenToYuan(Number(fen));
const day = (d: Date) => d.toISOString().slice(0, 10);

export const subFundView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  guidanceFund: z.string(),
  terms: z.string().meta({ description: 'The terms version the sub-fund pinned' }),
  closedOn: z.iso.date(),
  guidanceStakeBp: z
    .int()
    .meta({ description: 'The guidance fund’s share of the commitments (rule 26: at most 2500)' }),
  commitments: z.array(
    z.object({
      holder: z.string(),
      institution: z.string().nullable(),
      guidanceFund: z.boolean(),
      amount: z.string(),
      shareBp: z.int(),
    }),
  ),
  standing: z.object({
    invested: z.string(),
    earlyStage: z.string().meta({ description: 'Invested in firms at seed or start-up at entry' }),
    earlyStageShareBp: z.int().nullable(),
    requiredEarlyStageShareBp: z.int(),
    belowRequiredShare: z.boolean(),
    lossUsed: z.string().meta({ description: 'Write-offs and losses realised at exits' }),
    lossTolerance: z.string(),
    lossHeadroom: z.string(),
  }),
  investments: z.array(
    z.object({
      id: z.uuid(),
      enterprise: z.string(),
      stageAtEntry: z.string(),
      investedOn: z.iso.date(),
      invested: z.string(),
      costHeld: z.string(),
      mark: z.string(),
      returned: z.string(),
      lossUsed: z.string(),
    }),
  ),
  reports: z.array(
    z.object({
      key: z.string().meta({ example: 'q2026Q4' }),
      kind: z.string(),
      dueDate: z.iso.date(),
      status: z.enum(['awaited', 'overdue', 'filed']),
    }),
  ),
});

export async function loadSubFundView(db: Db, id: string): Promise<z.infer<typeof subFundView>> {
  const subFund = await db.subFund.findUniqueOrThrow({
    where: { id },
    include: {
      commitments: { orderBy: { amountFen: 'desc' } },
      investments: { orderBy: { investedOn: 'asc' } },
      tasks: { where: { kind: 'REPORT', status: { not: 'CANCELLED' } }, orderBy: { dueAt: 'asc' } },
    },
  });
  const institutions = await db.institution.findMany({
    where: {
      id: {
        in: [
          subFund.institutionId,
          subFund.guidanceFundId,
          ...subFund.commitments.map((c) => c.institutionId).filter((i) => i !== null),
        ],
      },
    },
  });
  const codeOf = (id: string | null) => institutions.find((i) => i.id === id)?.code ?? null;
  const firms = await db.enterprise.findMany({
    where: { id: { in: subFund.investments.map((i) => i.enterpriseId) } },
  });
  const { terms, portfolio, figures } = await db.$transaction((tx) => portfolioOf(tx, id));
  const standing = portfolioStanding(terms, portfolio);
  const held = subFund.commitments.filter((c) => c.amountFen > 0n);
  const shares = ownership(held.map((c) => ({ holderId: c.id, units: Number(c.amountFen) })));
  const now = new Date();
  return {
    id,
    code: codeOf(subFund.institutionId)!,
    name: institutions.find((i) => i.id === subFund.institutionId)!.name,
    guidanceFund: codeOf(subFund.guidanceFundId)!,
    terms: subFund.termsVersion,
    closedOn: day(subFund.closedOn),
    guidanceStakeBp: guidanceShareBp(
      held.map((c) => ({
        holder: c.holder,
        fen: Number(c.amountFen),
        isGuidanceFund: c.isGuidanceFund,
      })),
    ),
    commitments: subFund.commitments.map((c) => ({
      holder: c.holder,
      institution: codeOf(c.institutionId),
      guidanceFund: c.isGuidanceFund,
      amount: yuan(c.amountFen),
      shareBp: shares.find((s) => s.holderId === c.id)?.bp ?? 0,
    })),
    standing: {
      invested: yuan(standing.investedFen),
      earlyStage: yuan(standing.earlyStageFen),
      earlyStageShareBp: standing.earlyStageShareBp,
      requiredEarlyStageShareBp: terms.requiredSeedShareBp,
      belowRequiredShare: standing.belowRequiredShare,
      lossUsed: yuan(standing.writtenOffFen),
      lossTolerance: yuan(standing.lossToleranceFen),
      lossHeadroom: fenToYuan(standing.lossHeadroomFen),
    },
    investments: subFund.investments.map((i) => {
      const f = figures.get(i.id)!;
      return {
        id: i.id,
        enterprise: firms.find((e) => e.id === i.enterpriseId)!.name,
        stageAtEntry: i.stageAtEntry,
        investedOn: day(i.investedOn),
        invested: yuan(f.investedFen),
        costHeld: yuan(f.costHeldFen),
        mark: yuan(f.markFen),
        returned: yuan(f.returnedFen),
        lossUsed: yuan(f.writtenOffFen),
      };
    }),
    reports: subFund.tasks.map((t) => {
      const duty = t.detail as { key: string; kind: string; dueDate: string };
      const filed = t.status === 'DONE';
      return {
        key: duty.key,
        kind: duty.kind,
        dueDate: duty.dueDate,
        status: filed ? 'filed' : t.escalatedAt || t.dueAt < now ? 'overdue' : 'awaited',
      };
    }),
  };
}
