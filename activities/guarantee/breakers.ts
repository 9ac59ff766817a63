// The breakers measured where the money moves (DOMAIN.md §1.4, §5; rules 10, 22): after each
// settled claim, the guarantor's and the programme's compensation rate over the scheme's
// window (what the guarantor paid banks ÷ what was guaranteed in the window); before each
// pool claim, the pool's NPL (the live loans classified substandard or worse, by amount).
import { shanghaiDate } from '../../domain/calendar.ts';
import { rateBp, reachesCap, windowStart } from '../../domain/guarantee/breakers.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { findPoolPolicy, poolStanding } from '../../domain/guarantee/pool-policy.ts';
import { findScheme } from '../../domain/guarantee/sharing-scheme.ts';
import {
  guarantorScope,
  moveBreaker,
  poolScope,
  programmeScope,
} from '../../prisma/breaker-store.ts';
import type { Guarantee, Prisma } from '../../prisma/client.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';

type Tx = Prisma.TransactionClient;

const nonPerforming = ['substandard', 'doubtful', 'loss'];
const day = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/** The pool's standing today, recorded (and audited when it changes). */
export async function evaluatePoolStanding(tx: Tx, poolId: string, poolPolicy: string, at: Date) {
  const policy = findPoolPolicy(poolPolicies, poolPolicy);
  const live = { status: { in: ['LIVE', 'IN_DISPOSAL'] as ('LIVE' | 'IN_DISPOSAL')[] } };
  const [all, bad] = await Promise.all([
    tx.loan.aggregate({ where: live, _sum: { amountFen: true } }),
    tx.loan.aggregate({
      where: { ...live, classification: { in: nonPerforming } },
      _sum: { amountFen: true },
    }),
  ]);
  const nplBp = rateBp(Number(bad._sum.amountFen ?? 0n), Number(all._sum.amountFen ?? 0n));
  const standing = poolStanding(policy, nplBp);
  await moveBreaker(
    tx,
    poolScope(poolId),
    { state: standing, rateBp: nplBp, capBp: policy.nplSuspendBp },
    at,
  );
  return standing;
}

/** The guarantor's and the programme's compensation rates, tripping a breaker at its cap. */
export async function evaluateCompensationBreakers(tx: Tx, guarantee: Guarantee, at: Date) {
  const scheme = findScheme(await allSchemes(tx), guarantee.schemeVersion);
  const since = day(windowStart(shanghaiDate(at), scheme.compensationWindowMonths));
  const family = { schemeVersion: { startsWith: `${scheme.family}@` } };
  for (const [scope, deals] of [
    // The guarantor answers for all its deals; the programme for its scheme family's.
    [guarantorScope(guarantee.guarantorId), { guarantorId: guarantee.guarantorId }],
    [programmeScope(scheme.family), family],
  ] as const) {
    const [compensated, guaranteed] = await Promise.all([
      tx.claimPayment.aggregate({
        where: { payer: 'GUARANTOR', paidOn: { gte: since }, claim: { guarantee: deals } },
        _sum: { amountFen: true },
      }),
      tx.guarantee.aggregate({
        where: { ...deals, inForceOn: { gte: since } },
        _sum: { amountFen: true },
      }),
    ]);
    const paid = Number(compensated._sum.amountFen ?? 0n);
    const covered = Number(guaranteed._sum.amountFen ?? 0n);
    const capBp = scheme.compensationRateCapBp;
    const state = reachesCap(paid, covered, capBp) ? 'tripped' : 'closed';
    await moveBreaker(tx, scope, { state, rateBp: rateBp(paid, covered), capBp }, at);
  }
}
