// Tenancy of the guidance fund's side: the guidance fund's managers see the sub-funds it
// committed to, each sub-fund's managers their own sub-fund, and a buy-back is seen by those
// two and by its buyer. Anything else answers 404, so another fund's ids reveal nothing.
import type { Db } from '../prisma/client.ts';
import type { Principal } from './auth.ts';
import { notFound } from './errors.ts';

/** The institution a fund manager acts for: the guidance fund, a sub-fund or an investor. */
export async function fundManagerOf(db: Db, principal: Principal) {
  if (!principal.roles.includes('FUND_MANAGER') || !principal.institutionId) return undefined;
  const institution = await db.institution.findUnique({ where: { id: principal.institutionId } });
  return institution ?? undefined;
}

export async function visibleSubFund(db: Db, principal: Principal, subFundId: string) {
  const subFund = await db.subFund.findUnique({ where: { id: subFundId } });
  const me = await fundManagerOf(db, principal);
  const asGuidanceFund = !!subFund && me?.id === subFund.guidanceFundId;
  const asManager = !!subFund && me?.id === subFund.institutionId;
  if (!subFund || !(asGuidanceFund || asManager)) throw notFound('sub-fund');
  return { subFund, me: me!, asGuidanceFund, asManager };
}

export async function visibleInvestment(db: Db, principal: Principal, investmentId: string) {
  const investment = await db.fundInvestment.findUnique({ where: { id: investmentId } });
  if (!investment) throw notFound('investment');
  const seen = await visibleSubFund(db, principal, investment.subFundId).catch(() => {
    throw notFound('investment');
  });
  return { investment, ...seen };
}

export async function visibleBuyback(db: Db, principal: Principal, buybackId: string) {
  const buyback = await db.buyback.findUnique({
    where: { id: buybackId },
    include: { subFund: true },
  });
  const me = await fundManagerOf(db, principal);
  const asGuidanceFund = !!buyback && me?.id === buyback.subFund.guidanceFundId;
  const asBuyer = !!buyback && me?.id === buyback.buyerId;
  const asManager = !!buyback && me?.id === buyback.subFund.institutionId;
  if (!buyback || !(asGuidanceFund || asBuyer || asManager)) throw notFound('buy-back');
  return { buyback, asGuidanceFund, asBuyer };
}
