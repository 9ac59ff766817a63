// Taking a guarantee on, atomically (DOMAIN.md §5; rules 21–22): no breaker stops the
// guarantor or the programme, the firm's guarantee balance
// across all its deals stays within the scheme's cap, and the re-guarantor's and national
// fund's shares attach under framework agreements with room left. Locks on the firm and on
// each agreement serialise deals racing for the last headroom: one wins, the other is told why.
import { basisPointsOf } from '../../domain/allocation.ts';
import {
  agreementProblem,
  counterGuarantees,
  type AgreementKind,
} from '../../domain/guarantee/agreements.ts';
import { feeFor } from '../../domain/guarantee/fees.ts';
import { liveGuarantee } from '../../domain/guarantee/lifecycle.ts';
import type { RiskParty, SharingScheme } from '../../domain/guarantee/sharing-scheme.ts';
import { fenToYuan } from '../../domain/money.ts';
import { agreementUsage } from '../../prisma/agreement-store.ts';
import { breakerRefusal, guarantorScope, programmeScope } from '../../prisma/breaker-store.ts';
import type { Prisma } from '../../prisma/client.ts';

type Tx = Prisma.TransactionClient;

export interface Commitment {
  guaranteeId: string;
  enterpriseId: string;
  guarantorId: string;
  amountFen: number;
  termMonths: number;
  scheme: SharingScheme;
  fees: { guaranteeBp: number; reguaranteeBp: number };
  asOf: string;
  /** A batch deal names the agreement it is taken under. */
  batchAgreementId?: string;
}

/** The agreement behind each counter-guarantee, or why the deal cannot be taken on. */
export type Committed =
  | { ok: true; agreements: Partial<Record<'REGUARANTEE' | 'NATIONAL_FUND', string>> }
  | { ok: false; problem: string };

const lock = (tx: Tx, key: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;

/**
 * Checks and writes the commitment in the caller's transaction; the caller records the
 * lifecycle event. Nothing is written when a check fails.
 */
export async function commit(tx: Tx, c: Commitment): Promise<Committed> {
  const stopped = await breakerRefusal(tx, [
    guarantorScope(c.guarantorId),
    programmeScope(c.scheme.family),
  ]);
  if (stopped) return { ok: false, problem: stopped };
  await lock(tx, `guarantee-firm:${c.enterpriseId}`);
  const held = await tx.guarantee.aggregate({
    where: {
      enterpriseId: c.enterpriseId,
      status: { in: [...liveGuarantee] },
      id: { not: c.guaranteeId },
    },
    _sum: { amountFen: true },
  });
  const balance = Number(held._sum.amountFen ?? 0n) + c.amountFen;
  if (balance > c.scheme.perFirmBalanceCapFen) {
    return {
      ok: false,
      problem: `the firm's guarantee balance would be ¥${fenToYuan(balance)}, above the cap of ¥${fenToYuan(c.scheme.perFirmBalanceCapFen)} per firm`,
    };
  }
  if (c.batchAgreementId) {
    const problem = await roomOn(tx, c, c.batchAgreementId, 'BATCH', c.amountFen);
    if (problem) return { ok: false, problem };
  }
  const agreements: Partial<Record<'REGUARANTEE' | 'NATIONAL_FUND', string>> = {};
  for (const { kind, party } of counterGuarantees) {
    const share = c.scheme.sharesBp[party];
    if (share === 0) continue;
    const found = await counterAgreement(tx, c, kind, party);
    if (!found.ok) return found;
    agreements[kind as 'REGUARANTEE' | 'NATIONAL_FUND'] = found.id;
  }
  await tx.guarantee.update({
    where: { id: c.guaranteeId },
    data: {
      amountFen: BigInt(c.amountFen),
      termMonths: c.termMonths,
      sharesBp: { ...c.scheme.sharesBp },
      guaranteeFeeBp: c.fees.guaranteeBp,
      reguaranteeFeeBp: c.fees.reguaranteeBp,
      guaranteeFeeFen: BigInt(feeFor(c.amountFen, c.fees.guaranteeBp, c.termMonths)),
      reguaranteeFeeFen: BigInt(feeFor(c.amountFen, c.fees.reguaranteeBp, c.termMonths)),
      batchAgreementId: c.batchAgreementId ?? null,
      reguaranteeAgreementId: agreements.REGUARANTEE ?? null,
      fundAgreementId: agreements.NATIONAL_FUND ?? null,
    },
  });
  return { ok: true, agreements };
}

/** The first agreement of `kind` covering the guarantor's deal with room for the party's share. */
async function counterAgreement(
  tx: Tx,
  c: Commitment,
  kind: AgreementKind,
  party: RiskParty,
): Promise<{ ok: true; id: string } | { ok: false; problem: string }> {
  const candidates = await tx.frameworkAgreement.findMany({
    where: { kind, beneficiaryId: c.guarantorId },
    orderBy: [{ validUntil: 'asc' }, { reference: 'asc' }],
  });
  const exposure = basisPointsOf(c.amountFen, c.scheme.sharesBp[party]);
  const problems: string[] = [];
  for (const agreement of candidates) {
    const problem = await roomOn(tx, c, agreement.id, kind, exposure);
    if (!problem) return { ok: true, id: agreement.id };
    problems.push(problem);
  }
  const why = problems.length > 0 ? `: ${problems.join('; ')}` : '';
  return { ok: false, problem: `no ${kind} agreement takes the ${party} share of this deal${why}` };
}

/** Why the agreement cannot take `exposureFen` more of this deal; undefined when it can. */
async function roomOn(
  tx: Tx,
  c: Commitment,
  agreementId: string,
  kind: AgreementKind,
  exposureFen: number,
): Promise<string | undefined> {
  await lock(tx, `framework-agreement:${agreementId}`);
  const agreement = await tx.frameworkAgreement.findUniqueOrThrow({ where: { id: agreementId } });
  const usage = await agreementUsage(
    tx,
    { id: agreementId, kind },
    { enterpriseId: c.enterpriseId, except: c.guaranteeId },
  );
  return agreementProblem(
    {
      reference: agreement.reference,
      schemeFamily: agreement.schemeFamily,
      validFrom: isoDate(agreement.validFrom),
      validUntil: isoDate(agreement.validUntil),
      quotaFen: Number(agreement.quotaFen),
      perFirmLimitFen: Number(agreement.perFirmLimitFen),
      ...usage,
    },
    { exposureFen, family: c.scheme.family, asOf: c.asOf },
  );
}

const isoDate = (day: Date) => day.toISOString().slice(0, 10);
