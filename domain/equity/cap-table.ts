// A firm's cap table (DOMAIN.md §4): who holds how much of it, as registered capital in fen (a
// limited-liability company) or as a count of shares (a company limited by shares). Holdings
// are whole units, changed only by dated moves; ownership in basis points is derived from the
// units on every read and never stored, so the two cannot disagree.
import { allocate } from '../allocation.ts';
import { fenToYuan } from '../money.ts';

export const capitalUnits = ['REGISTERED_CAPITAL_FEN', 'SHARES'] as const;
export type CapitalUnit = (typeof capitalUnits)[number];

/** Units as people read them: registered capital in yuan, shares as a count. */
export const unitsText = (unit: CapitalUnit, units: number | bigint) =>
  unit === 'REGISTERED_CAPITAL_FEN' ? fenToYuan(Number(units)) : String(units);

export interface Holding {
  holderId: string;
  units: number;
}

/** Units moved to (positive) or from (negative) one holder by an event on the cap table. */
export interface CapTableMove {
  holderId: string;
  unitsDelta: number;
}

export const totalUnits = (holdings: readonly Holding[]) =>
  holdings.reduce((sum, h) => sum + h.units, 0);

/**
 * Each holder's ownership in basis points of the whole, by largest remainder so the shares
 * always sum to 10 000; holders with no units left are not shown.
 */
export function ownership(holdings: readonly Holding[]): (Holding & { bp: number })[] {
  const held = holdings.filter((h) => h.units > 0);
  if (held.length === 0) return [];
  const bp = allocate(
    10_000,
    held.map((h) => h.units),
  );
  return held.map((h, i) => ({ ...h, bp: bp[i]! }));
}

/** The holdings after `moves`, one entry per holder; no holder may go below zero. */
export function applyMoves(
  holdings: readonly Holding[],
  moves: readonly CapTableMove[],
): Holding[] {
  const units = new Map(holdings.map((h) => [h.holderId, h.units]));
  for (const { holderId, unitsDelta } of moves) {
    if (!Number.isSafeInteger(unitsDelta)) throw new RangeError(`not whole units: ${unitsDelta}`);
    const after = (units.get(holderId) ?? 0) + unitsDelta;
    if (after < 0) throw new RangeError(`${holderId} would hold ${after} units`);
    units.set(holderId, after);
  }
  return [...units].map(([holderId, n]) => ({ holderId, units: n }));
}
