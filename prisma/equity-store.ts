// Equity as stored. A firm's cap table is a ledger (CapTableEntry): holdings are the sums of
// each holder's entries up to a date, and nothing else stores them. Read by the API (the firm's,
// the bank's and the investors' views) and by the activities that change it (a round's
// closing), which lock the firm first so two changes never interleave.
import type { Holding } from '../domain/equity/cap-table.ts';
import type { RoundTerms } from '../domain/equity/round.ts';
import type { Db, EquityRound, Prisma, ShareClass } from './client.ts';

type Tx = Prisma.TransactionClient;

export interface HoldingOnRecord extends Holding {
  name: string;
  institutionId: string | null;
  shareClass: ShareClass;
}

/** Each holder's units of each class on `asOf` (ISO date), or today's when not given. */
export async function holdingsOf(
  db: Db | Tx,
  enterpriseId: string,
  asOf?: string,
): Promise<HoldingOnRecord[]> {
  const sums = await db.capTableEntry.groupBy({
    by: ['shareholderId', 'shareClass'],
    where: { enterpriseId, ...(asOf && { effectiveOn: { lte: new Date(`${asOf}T00:00:00Z`) } }) },
    _sum: { unitsDelta: true },
  });
  const holders = await db.shareholder.findMany({ where: { enterpriseId } });
  const byId = new Map(holders.map((h) => [h.id, h]));
  return sums
    .map((s) => ({
      holderId: s.shareholderId,
      units: Number(s._sum.unitsDelta ?? 0n),
      shareClass: s.shareClass,
      name: byId.get(s.shareholderId)!.name,
      institutionId: byId.get(s.shareholderId)!.institutionId,
    }))
    .filter((h) => h.units > 0)
    .sort((a, b) => b.units - a.units || a.name.localeCompare(b.name));
}

/** Each holder's units of all classes together: ownership counts every class as converted. */
export function unitsByHolder(holdings: readonly HoldingOnRecord[]): Holding[] {
  const units = new Map<string, number>();
  for (const h of holdings) units.set(h.holderId, (units.get(h.holderId) ?? 0) + h.units);
  return [...units].map(([holderId, n]) => ({ holderId, units: n }));
}

/**
 * The holder row for an institution on a firm's register: its own, or a row the founding
 * register wrote under the institution's name, which it then claims; made the first time it
 * holds otherwise (named after its code as well when another holder has its name).
 */
export async function institutionHolder(
  tx: Tx,
  enterpriseId: string,
  institution: { id: string; name: string; code: string },
): Promise<string> {
  const own = await tx.shareholder.findFirst({
    where: { enterpriseId, institutionId: institution.id },
  });
  if (own) return own.id;
  const named = await tx.shareholder.findUnique({
    where: { enterpriseId_name: { enterpriseId, name: institution.name } },
  });
  if (named && named.institutionId === null) {
    await tx.shareholder.update({
      where: { id: named.id },
      data: { institutionId: institution.id },
    });
    return named.id;
  }
  const name = named ? `${institution.name} (${institution.code})` : institution.name;
  const created = await tx.shareholder.create({
    data: { enterpriseId, name, institutionId: institution.id },
  });
  return created.id;
}

/** A round's term sheet as the workflow and the rules take it. */
export const roundTerms = (round: EquityRound): RoundTerms => ({
  instrument: round.instrument,
  preMoneyFen: Number(round.preMoneyFen),
  amountSoughtFen: Number(round.amountSoughtFen),
  minimumFen: Number(round.minimumFen),
  deadline: round.deadline.toISOString().slice(0, 10),
});
