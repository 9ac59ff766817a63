// Tenancy of combined deals: each institution sees the deals it is party to (the bank that
// lends, the guarantor, the re-guarantor and national fund behind it, the pool that
// compensates), and nothing else; other deals answer 404, so their ids reveal nothing.
import { bankStaffRoles, guaranteeStaffRoles, type Role } from '../domain/roles.ts';
import type { Db, Prisma } from '../prisma/client.ts';
import type { Principal } from './auth.ts';
import { notFound } from './errors.ts';

/** The roles that read combined deals: each party's staff, the pool and the platform. */
export const dealReaders: readonly Role[] = [
  ...bankStaffRoles.filter((r) => r !== 'COMMITTEE_MEMBER'),
  ...guaranteeStaffRoles,
  'POOL_MANAGER',
  'ADMIN',
];

/** The deals the principal's institution is party to, as a filter. */
export async function guaranteeScope(
  db: Db,
  principal: Principal,
): Promise<Prisma.GuaranteeWhereInput> {
  // The platform's administrator and the pool, which stands behind every scheme, see them all.
  if (principal.roles.some((r) => r === 'ADMIN' || r === 'POOL_MANAGER')) return {};
  const institutionId = principal.institutionId;
  if (!institutionId) return { id: { in: [] } };
  const scopes: Prisma.GuaranteeWhereInput[] = [];
  if (principal.roles.some((r) => bankStaffRoles.includes(r)))
    scopes.push({ bankId: institutionId });
  if (principal.roles.some((r) => guaranteeStaffRoles.includes(r))) {
    const agreements = await db.frameworkAgreement.findMany({
      where: { providerId: institutionId, kind: { in: ['REGUARANTEE', 'NATIONAL_FUND'] } },
      select: { id: true },
    });
    const ids = agreements.map((a) => a.id);
    scopes.push(
      { guarantorId: institutionId },
      { reguaranteeAgreementId: { in: ids } },
      { fundAgreementId: { in: ids } },
    );
  }
  return scopes.length > 0 ? { OR: scopes } : { id: { in: [] } };
}

export async function visibleGuarantee(db: Db, principal: Principal, id: string) {
  const guarantee = await db.guarantee.findFirst({
    where: { AND: [{ id }, await guaranteeScope(db, principal)] },
    include: { guarantor: true, enterprise: true, application: true },
  });
  if (!guarantee) throw notFound('guarantee');
  return guarantee;
}

/** A deal the principal works as the guarantor's staff (not merely sees as a party). */
export async function guarantorsDeal(db: Db, principal: Principal, id: string) {
  const guarantee = await visibleGuarantee(db, principal, id);
  if (guarantee.guarantorId !== principal.institutionId) throw notFound('guarantee');
  return guarantee;
}
