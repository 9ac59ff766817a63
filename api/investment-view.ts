// An investment as the guidance fund and the sub-fund's manager read it: the stage it entered
// at and the test behind it (its outcome, not the firm's figures), its figures folded from its
// events, and the events themselves.
import { z } from 'zod';
import { stages } from '../domain/fund/fund-terms.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Db } from '../prisma/client.ts';
import { portfolioOf } from '../prisma/fund-store.ts';

export const investmentView = z.object({
  id: z.uuid(),
  subFundId: z.uuid(),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  stageAtEntry: z.enum(stages),
  stageTest: z.unknown().meta({
    description: 'The start-up test (128号) on the entry day: version, outcome, gates failed',
  }),
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

/**
 * What the start-up test says, without the firm's figures it was run on: those stay in the
 * record for audit, and the firm's own channels show them to the firm and its banks.
 */
export function outcomeOf(test: unknown) {
  const { model, version, eligible, failedGates, reason } = test as {
    model?: string;
    version?: string;
    eligible: boolean;
    failedGates?: { gate: string }[];
    reason?: string;
  };
  return { model, version, eligible, failedGates: failedGates?.map((g) => g.gate), reason };
}

export async function loadInvestmentView(
  db: Db,
  id: string,
): Promise<z.infer<typeof investmentView>> {
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
    stageTest: outcomeOf(i.stageTest),
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
