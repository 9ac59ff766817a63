// A claim as every party to the deal reads it: the loss, the settlement the scheme fixed,
// each payment with its deadline, the recoveries, and the ledger of what each party bore and
// got back, exact to the fen.
import { z } from 'zod';
import { claimLifecycle } from '../domain/guarantee/claim-lifecycle.ts';
import type { Settlement } from '../domain/guarantee/loss-sharing.ts';
import { riskParties, type RiskParty } from '../domain/guarantee/sharing-scheme.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Db } from '../prisma/client.ts';
import { stillBorne } from './use-cases/record-recovery.ts';

const party = z.enum(riskParties);
const yuan = z.string().meta({ example: '640000.00' });

export const claimView = z.object({
  id: z.uuid(),
  guaranteeId: z.uuid(),
  status: z.enum(claimLifecycle.statuses),
  daysPastDue: z.int(),
  loss: yuan,
  filedAt: z.iso.datetime(),
  settledAt: z.iso.datetime().nullable(),
  pool: z.object({
    basis: z.enum(['share', 'rules']),
    award: yuan,
    rateBp: z.int().optional(),
    cap: yuan.optional(),
  }),
  payments: z.array(
    z.object({
      payer: party,
      payee: party,
      payerInstitution: z.string(),
      amount: yuan,
      dueAt: z.iso.datetime().nullable(),
      paidOn: z.iso.date().nullable(),
      reference: z.string().nullable(),
    }),
  ),
  recoveries: z.array(
    z.object({
      sequence: z.int(),
      amount: yuan,
      source: z.string(),
      receivedOn: z.iso.date(),
      reference: z.string(),
      shares: z.record(party, yuan),
    }),
  ),
  ledger: z
    .array(
      z.object({
        party,
        institution: z.string(),
        bore: yuan.meta({ description: 'What it bore once every claim was paid' }),
        recovered: yuan,
        net: yuan.meta({ description: 'What it still bears' }),
      }),
    )
    .meta({ description: 'Sums: bore = the loss; net = the loss less every recovery' }),
});
export type ClaimView = z.infer<typeof claimView>;

const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

export async function loadClaimView(db: Db, claimId: string): Promise<ClaimView> {
  const claim = await db.guaranteeClaim.findUniqueOrThrow({
    where: { id: claimId },
    include: {
      guarantee: true,
      payments: true,
      recoveries: { orderBy: { sequence: 'asc' } },
    },
  });
  const settlement = claim.settlement as unknown as Settlement;
  const institutionOf: Record<RiskParty, string | undefined> = {
    BANK: claim.guarantee.bankId,
    GUARANTOR: claim.guarantee.guarantorId,
    REGUARANTOR: claim.payments.find((p) => p.payer === 'REGUARANTOR')?.payerId,
    NATIONAL_FUND: claim.payments.find((p) => p.payer === 'NATIONAL_FUND')?.payerId,
    GOVERNMENT: claim.poolId,
  };
  const institutions = await db.institution.findMany({
    where: { id: { in: Object.values(institutionOf).filter((i) => i !== undefined) } },
  });
  const codeOf = (id: string | undefined) => institutions.find((i) => i.id === id)?.code ?? '—';
  const still = stillBorne(settlement, claim.recoveries);
  const order = (p: string) => riskParties.indexOf(p as RiskParty);
  return {
    id: claim.id,
    guaranteeId: claim.guaranteeId,
    status: claim.status,
    daysPastDue: claim.daysPastDue,
    loss: fenToYuan(Number(claim.lossFen)),
    filedAt: claim.filedAt.toISOString(),
    settledAt: claim.settledAt?.toISOString() ?? null,
    pool: {
      basis: settlement.pool.basis,
      award: fenToYuan(settlement.pool.amountFen),
      ...(settlement.pool.rateBp !== undefined && { rateBp: settlement.pool.rateBp }),
      ...(settlement.pool.capFen !== undefined && { cap: fenToYuan(settlement.pool.capFen) }),
    },
    payments: [...claim.payments]
      .sort((a, b) => order(a.payer) - order(b.payer))
      .map((p) => ({
        payer: p.payer as RiskParty,
        payee: p.payee as RiskParty,
        payerInstitution: codeOf(p.payerId),
        amount: fenToYuan(Number(p.amountFen)),
        dueAt: p.dueAt?.toISOString() ?? null,
        paidOn: day(p.paidOn),
        reference: p.reference,
      })),
    recoveries: claim.recoveries.map((r) => ({
      sequence: r.sequence,
      amount: fenToYuan(Number(r.amountFen)),
      source: r.source,
      receivedOn: day(r.receivedOn)!,
      reference: r.reference,
      shares: Object.fromEntries(
        riskParties.map((p) => [p, fenToYuan((r.shares as Record<RiskParty, number>)[p])]),
      ) as Record<RiskParty, string>,
    })),
    ledger: riskParties
      .filter((p) => settlement.borneFen[p] > 0)
      .map((p) => ({
        party: p,
        institution: codeOf(institutionOf[p]),
        bore: fenToYuan(settlement.borneFen[p]),
        recovered: fenToYuan(settlement.borneFen[p] - still[p]),
        net: fenToYuan(still[p]),
      })),
  };
}
