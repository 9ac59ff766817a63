// What a framework agreement has taken on: the live guarantees under it, each counted by the
// agreement's share of it (a batch agreement the whole guaranteed amount, a counter-guarantee
// its party's share, floored to the fen as the loss split floors it), in all and for one firm.
// Summed by the database, so taking a deal on stays one query however large the portfolio.
import { Prisma } from './client.ts';
import { liveGuarantee } from '../domain/guarantee/lifecycle.ts';
import type { AgreementKind } from '../domain/guarantee/agreements.ts';
import type { Db } from './client.ts';

const columnOf: Record<AgreementKind, string> = {
  BATCH: 'batchAgreementId',
  REGUARANTEE: 'reguaranteeAgreementId',
  NATIONAL_FUND: 'fundAgreementId',
};
/** The share a counter-guarantee takes on; a batch agreement takes the whole. */
const partyOf: Record<AgreementKind, string | null> = {
  BATCH: null,
  REGUARANTEE: 'REGUARANTOR',
  NATIONAL_FUND: 'NATIONAL_FUND',
};

export async function agreementUsage(
  db: Db | Prisma.TransactionClient,
  agreement: { id: string; kind: AgreementKind },
  {
    enterpriseId = null,
    except = null,
  }: { enterpriseId?: string | null; except?: string | null } = {},
): Promise<{ usedFen: number; firmUsedFen: number }> {
  const party = partyOf[agreement.kind];
  const exposure = party
    ? Prisma.sql`("amountFen" * ("sharesBp" ->> ${party})::bigint) / 10000`
    : Prisma.sql`"amountFen"`;
  const [row] = await db.$queryRaw<{ used: bigint; firm: bigint }[]>`
    SELECT COALESCE(SUM(${exposure}), 0)::bigint AS used,
           COALESCE(SUM(${exposure}) FILTER (WHERE "enterpriseId" = ${enterpriseId}::uuid), 0)::bigint AS firm
    FROM "Guarantee"
    WHERE ${Prisma.raw(`"${columnOf[agreement.kind]}"`)} = ${agreement.id}::uuid
      AND status::text IN (${Prisma.join([...liveGuarantee])})
      AND id IS DISTINCT FROM ${except}::uuid`;
  return { usedFen: Number(row!.used), firmUsedFen: Number(row!.firm) };
}
