// Tenancy of equity: a firm's owner and the banks it applied to see its cap table and rounds
// (visibleEnterprise); an investor's fund managers see every round, since each is offered to
// every investor on the platform, and the cap tables of the firms they committed to or hold.
// Anything else answers 404, so its ids reveal nothing.
import type { Db } from '../prisma/client.ts';
import { visibleEnterprise } from './access.ts';
import type { Principal } from './auth.ts';
import { notFound } from './errors.ts';
import { fundManagerOf } from './fund-access.ts';

/** The investor (or sub-fund) a fund manager acts for; undefined for anyone else. */
export async function investorOf(db: Db, principal: Principal) {
  const institution = await fundManagerOf(db, principal);
  return institution && ['INVESTOR', 'SUB_FUND'].includes(institution.kind)
    ? institution
    : undefined;
}

/** The firm whose cap table the principal may read: its own, its borrower's, or an investee. */
export async function capTableReader(db: Db, principal: Principal, enterpriseId: string) {
  const investor = await investorOf(db, principal);
  if (investor) {
    const holds = await db.shareholder.count({
      where: { enterpriseId, institutionId: investor.id },
    });
    const committed = await db.roundCommitment.count({
      where: { investorId: investor.id, round: { enterpriseId } },
    });
    if (holds + committed === 0) throw notFound('enterprise');
    return db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  }
  return visibleEnterprise(db, principal, enterpriseId);
}

/** A round the principal may read, and whether it speaks for the firm that raises it. */
export async function visibleRound(db: Db, principal: Principal, roundId: string) {
  const round = await db.equityRound.findUnique({
    where: { id: roundId },
    include: { enterprise: true, commitments: { include: { investor: true } } },
  });
  if (!round) throw notFound('round');
  // A round is offered to every investor on the platform: each reads its terms and outcome.
  const investor = await investorOf(db, principal);
  if (investor) return { round, investor, ownFirm: false };
  await visibleEnterprise(db, principal, round.enterpriseId).catch(() => {
    throw notFound('round');
  });
  const ownFirm =
    principal.roles.includes('APPLICANT') && principal.userId === round.enterprise.ownerId;
  return { round, investor: undefined, ownFirm };
}
