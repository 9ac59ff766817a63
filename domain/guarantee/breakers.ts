// Portfolio limits as circuit breakers (DOMAIN.md §5; rules 10 and 22): a guarantor's, or the
// whole programme's, compensation rate over a rolling window stops new guarantees at the
// scheme's cap; the pool's NPL ratio warns, then stops compensation. A tripped breaker stays
// tripped until an authorised person lifts it, however the rate moves.
import { monthsAfter } from '../loan/repayment-schedule.ts';

/** compensated ÷ guaranteed, in basis points, floored; 0 when nothing was guaranteed. */
export function rateBp(compensatedFen: number, guaranteedFen: number): number {
  if (guaranteedFen === 0) return 0;
  return Number((BigInt(compensatedFen) * 10_000n) / BigInt(guaranteedFen));
}

/** Whether compensated ÷ guaranteed has reached the cap, compared exactly. */
export function reachesCap(compensatedFen: number, guaranteedFen: number, capBp: number): boolean {
  if (guaranteedFen === 0) return compensatedFen > 0;
  return BigInt(compensatedFen) * 10_000n >= BigInt(capBp) * BigInt(guaranteedFen);
}

/** The first day of the rolling window of `months` that ends on `asOf`. */
export const windowStart = (asOf: string, months: number): string => monthsAfter(asOf, -months);
