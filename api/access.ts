// Tenancy: an applicant sees its own enterprise's applications, a bank's staff the applications
// filed with that bank. Anything else answers 404, so other tenants' ids reveal nothing.
import { bankStaffRoles } from '../domain/roles.ts';
import type { Db } from '../prisma/client.ts';
import type { Principal } from './auth.ts';
import { notFound } from './errors.ts';

export const isBankStaffOf = (principal: Principal, bankId: string) =>
  principal.institutionId === bankId && principal.roles.some((r) => bankStaffRoles.includes(r));

const isOwner = (principal: Principal, ownerId: string) =>
  principal.roles.includes('APPLICANT') && principal.userId === ownerId;

export async function visibleApplication(db: Db, principal: Principal, id: string) {
  const application = await db.application.findUnique({
    where: { id },
    include: { enterprise: true, bank: true },
  });
  if (
    !application ||
    !(
      isOwner(principal, application.enterprise.ownerId) ||
      isBankStaffOf(principal, application.bankId)
    )
  ) {
    throw notFound('application');
  }
  return application;
}

/** An application the principal works as bank staff (not merely sees as the applicant). */
export async function bankApplication(db: Db, principal: Principal, id: string) {
  const application = await visibleApplication(db, principal, id);
  if (!isBankStaffOf(principal, application.bankId)) throw notFound('application');
  return application;
}

export async function visibleEnterprise(db: Db, principal: Principal, id: string) {
  const enterprise = await db.enterprise.findUnique({ where: { id } });
  if (!enterprise) throw notFound('enterprise');
  if (isOwner(principal, enterprise.ownerId)) return enterprise;
  const appliedToTheirBank =
    principal.institutionId &&
    principal.roles.some((r) => bankStaffRoles.includes(r)) &&
    (await db.application.count({
      where: { enterpriseId: id, bankId: principal.institutionId },
    })) > 0;
  if (!appliedToTheirBank) throw notFound('enterprise');
  return enterprise;
}
