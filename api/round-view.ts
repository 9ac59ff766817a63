// An equity round as each reader sees it: its terms, what is committed, and once closed its
// price; the firm and its banks see every commitment, an investor its own and the total.
import { z } from 'zod';
import { unitsText } from '../domain/equity/cap-table.ts';
import { instruments } from '../domain/equity/round.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Db } from '../prisma/client.ts';
import type { Principal } from './auth.ts';
import { visibleRound } from './equity-access.ts';

const day = (d: Date | null) => d && d.toISOString().slice(0, 10);

const commitmentView = z.object({
  investor: z.string().meta({ description: "The investor's institution code" }),
  amount: z.string(),
  status: z.enum(['COMMITTED', 'INVESTED', 'RELEASED']),
  units: z
    .string()
    .nullable()
    .meta({ description: 'Units issued at closing: registered capital in yuan, or shares' }),
  taxQualified: z
    .boolean()
    .nullable()
    .meta({ description: 'Whether the firm passed the tax-startup test (55号) at closing' }),
  deductibleFrom: z.iso.date().nullable(),
  deductible: z.string().nullable().meta({ description: '70% of the investment' }),
  deductionAnnounced: z.boolean(),
});
export const roundView = z.object({
  id: z.uuid(),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  instrument: z.enum(instruments),
  preMoney: z.string(),
  amountSought: z.string(),
  minimum: z.string(),
  deadline: z.iso.date(),
  conditions: z.array(z.string()),
  conditionsConfirmed: z.boolean(),
  status: z.enum(['OPEN', 'CLOSED', 'LAPSED']),
  openedOn: z.iso.date(),
  committed: z.string().meta({ description: 'All commitments together' }),
  closedOn: z.iso.date().nullable(),
  postMoney: z.string().nullable(),
  commitments: z.array(commitmentView).meta({
    description: 'The firm and its banks see every commitment; an investor its own',
  }),
});

export async function loadRoundView(db: Db, principal: Principal, id: string) {
  const { round, investor } = await visibleRound(db, principal, id);
  const yuan = (fen: bigint | null) => (fen === null ? null : fenToYuan(Number(fen)));
  const live = round.commitments.filter((c) => c.status !== 'RELEASED');
  return {
    id: round.id,
    enterprise: { id: round.enterprise.id, name: round.enterprise.name },
    instrument: round.instrument,
    preMoney: fenToYuan(Number(round.preMoneyFen)),
    amountSought: fenToYuan(Number(round.amountSoughtFen)),
    minimum: fenToYuan(Number(round.minimumFen)),
    deadline: day(round.deadline)!,
    conditions: round.conditions,
    conditionsConfirmed: round.conditionsConfirmedAt !== null,
    status: round.status,
    openedOn: day(round.openedOn)!,
    committed: fenToYuan(live.reduce((sum, c) => sum + Number(c.amountFen), 0)),
    closedOn: day(round.closedOn),
    postMoney: yuan(round.postMoneyFen),
    commitments: round.commitments
      .filter((c) => !investor || c.investorId === investor.id)
      .map((c) => ({
        investor: c.investor.code,
        amount: fenToYuan(Number(c.amountFen)),
        status: c.status,
        units:
          c.unitsIssued === null
            ? null
            : unitsText(round.enterprise.capitalUnit ?? 'SHARES', c.unitsIssued),
        taxQualified: c.taxTest ? (c.taxTest as { eligible: boolean }).eligible : null,
        deductibleFrom: day(c.deductibleFrom),
        deductible: yuan(c.deductibleFen),
        deductionAnnounced: c.deductionNotifiedAt !== null,
      })),
  };
}
