// Each party's dashboard of combined deals: the deals it is party to and the balance they
// guarantee, its claims open and settled, what it paid and received on them and got back
// from recoveries, and the breakers that answer for it against their caps.
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import { riskParties, type RiskParty } from '../../domain/guarantee/sharing-scheme.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import type { Principal } from '../auth.ts';
import { guaranteeScope, dealReaders } from '../guarantee-access.ts';
import { breakerOf, breakerView } from './breakers.ts';
import type { RouteTable } from './define.ts';

const yuan = z.string().meta({ example: '2560000.00' });

const dashboardView = z.object({
  institution: z.string().nullable().meta({ description: 'Null for the whole programme' }),
  asOf: z.iso.date(),
  deals: z.object({
    count: z.int(),
    byStatus: z.record(z.string(), z.int()),
    guaranteedBalance: yuan.meta({ description: 'Guarantees in force or claimed' }),
  }),
  claims: z.object({
    open: z.int(),
    settled: z.int(),
    paid: yuan.meta({ description: 'What your institution paid on claims' }),
    received: yuan.meta({ description: 'What your institution received on claims' }),
    recovered: yuan.meta({
      description: 'Your parts of the recoveries (all parts for the programme)',
    }),
  }),
  breakers: z.array(breakerView),
});

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

async function dashboard(db: Db, principal: Principal) {
  const whole = principal.roles.some((r) => r === 'ADMIN' || r === 'POOL_MANAGER');
  const mine =
    whole && !principal.roles.includes('POOL_MANAGER') ? undefined : principal.institutionId;
  const deals = await db.guarantee.findMany({
    where: await guaranteeScope(db, principal),
    include: { claim: { include: { payments: true, recoveries: true } } },
  });
  const byStatus: Record<string, number> = {};
  for (const d of deals) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  const claims = deals.flatMap((d) => (d.claim ? [{ deal: d, claim: d.claim }] : []));
  const payments = claims.flatMap(({ claim }) => claim.payments.filter((p) => p.paidOn));
  /** The party an institution is on a claim: by the payments it owes or is owed. */
  const partyOn = ({ deal, claim }: (typeof claims)[number]): RiskParty | undefined => {
    if (deal.bankId === mine) return 'BANK';
    if (deal.guarantorId === mine) return 'GUARANTOR';
    if (claim.poolId === mine) return 'GOVERNMENT';
    return claim.payments.find((p) => p.payerId === mine)?.payer as RiskParty | undefined;
  };
  const recovered = claims.flatMap((c) =>
    c.claim.recoveries.map((r) => {
      const shares = r.shares as Record<RiskParty, number>;
      const party = partyOn(c);
      if (!mine) return riskParties.reduce((total, p) => total + shares[p], 0);
      return party ? shares[party] : 0;
    }),
  );
  const breakers = await db.breaker.findMany({
    where: mine ? { scope: { endsWith: `:${mine}` } } : {},
    orderBy: { scope: 'asc' },
  });
  return {
    institution: mine ? (principal.institutionCode ?? null) : null,
    asOf: shanghaiDate(new Date()),
    deals: {
      count: deals.length,
      byStatus,
      guaranteedBalance: fenToYuan(
        Number(
          sum(
            deals
              .filter((d) => ['IN_FORCE', 'CLAIMED'].includes(d.status))
              .map((d) => d.amountFen ?? 0n),
          ),
        ),
      ),
    },
    claims: {
      open: claims.filter((c) => c.claim.status !== 'SETTLED').length,
      settled: claims.filter((c) => c.claim.status === 'SETTLED').length,
      paid: fenToYuan(
        Number(sum(payments.filter((p) => !mine || p.payerId === mine).map((p) => p.amountFen))),
      ),
      received: fenToYuan(
        Number(sum(payments.filter((p) => !mine || p.payeeId === mine).map((p) => p.amountFen))),
      ),
      recovered: fenToYuan(recovered.reduce((a, b) => a + b, 0)),
    },
    breakers: breakers.map(breakerOf),
  };
}

export function dashboardRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/dashboards/combined-deals',
    tag: 'Combined deals',
    summary: 'Your institution’s deals, guaranteed balance, claims, recoveries and breakers',
    roles: dealReaders,
    responses: { 200: { description: 'The dashboard', schema: dashboardView } },
    handler: async ({ principal }) => ({ status: 200, body: await dashboard(db, principal) }),
  });
}
