import { Decimal } from 'decimal.js';
import { Dec, ratio, toPercent, type Ratio } from './numbers.ts';

/** Inclusive (`atLeast`) or strict (`above`) lower bound, in the ladder's unit. */
export type Bound = { readonly atLeast: string } | { readonly above: string };

/** Fixed points, or a range an expert picks from (both ends inclusive). */
export type Points = number | readonly [min: number, max: number];

/** A tier runs from its bound up to the bound of the tier before it. */
export type Tier<P extends Points = number> = Bound & { readonly points: P };

export interface Ladder<P extends Points = number> {
  /** Names the measure in rule texts, e.g. "S&T staff". */
  readonly label: string;
  /** '%' for ratios, 'count' for whole numbers, 'number' for averages. */
  readonly unit: '%' | 'count' | 'number';
  /** Highest bound first. */
  readonly tiers: readonly Tier<P>[];
  /** Points for anything under the lowest tier. */
  readonly below: P;
}

/** A measured value as a ladder sees it. */
export interface Measure {
  reaches(bound: Bound): boolean;
  /** Rounded down, so a value never looks like it reached a higher tier. */
  readonly value: string;
}

export interface LadderScore<P extends Points = number> {
  readonly points: P;
  readonly value: string;
  readonly rule: string;
}

/**
 * A ratio in percent, less `shift` percentage points (100 turns "y2/y1" into growth).
 * Compared by cross-multiplying, so the bound is met exactly or not at all.
 */
export function percentMeasure(r: Ratio, shift: Decimal.Value = 0): Measure {
  return {
    reaches: (bound) => compare(r, new Dec(boundValue(bound)).plus(shift).div(100), bound),
    value: toPercent(r).minus(shift).toFixed(2, Decimal.ROUND_FLOOR),
  };
}

/** A quotient as a plain number, e.g. transfers per year. */
export function numberMeasure(r: Ratio): Measure {
  return {
    reaches: (bound) => compare(r, new Dec(boundValue(bound)), bound),
    value: (r.den.isZero() ? new Dec(0) : r.num.div(r.den)).toFixed(2, Decimal.ROUND_FLOOR),
  };
}

export function countMeasure(count: number): Measure {
  return { ...numberMeasure(ratio(count, 1)), value: String(count) };
}

export function scoreLadder<P extends Points>(ladder: Ladder<P>, measure: Measure): LadderScore<P> {
  const index = ladder.tiers.findIndex((tier) => measure.reaches(tier));
  const points = ladder.tiers[index]?.points ?? ladder.below;
  return {
    points,
    value: measure.value,
    rule: `${condition(ladder, index < 0 ? ladder.tiers.length : index)} → ${formatPoints(points)}`,
  };
}

/** The higher-scoring measure; on a tie the one listed first, so results are stable. */
export function bestOf<P extends Points>(
  first: LadderScore<P>,
  ...others: LadderScore<P>[]
): LadderScore<P> {
  return others.reduce((best, s) => (top(s.points) > top(best.points) ? s : best), first);
}

export function maxPoints(...ladders: Ladder<Points>[]): number {
  return Math.max(...ladders.flatMap((l) => [...l.tiers.map((t) => top(t.points)), top(l.below)]));
}

/** The lowest bound that scores more than `below`, e.g. 10% for S&T staff. */
export function lowestScoringBound(ladder: Ladder): Bound | undefined {
  return ladder.tiers.filter((tier) => tier.points > ladder.below).at(-1);
}

export function boundValue(bound: Bound): string {
  return 'atLeast' in bound ? bound.atLeast : bound.above;
}

export function formatPoints(points: Points): string {
  if (typeof points === 'number') return String(points);
  const [min, max] = points;
  return min === max ? String(min) : `${min}–${max}`;
}

function top(points: Points): number {
  return typeof points === 'number' ? points : points[1];
}

/** num/den against a threshold, the way the bound says (≥ or >). A zero denominator is 0. */
function compare(r: Ratio, threshold: Decimal, bound: Bound): boolean {
  const left = r.den.isZero() ? new Dec(0) : r.num;
  const right = r.den.isZero() ? threshold : threshold.times(r.den);
  return 'atLeast' in bound ? left.gte(right) : left.gt(right);
}

/** "S&T staff ≥ 25% and < 30%", "Class II IP = 3", "no Class I IP", "revenue growth ≤ 0%". */
function condition({ label, unit, tiers }: Ladder<Points>, index: number): string {
  const u = unit === '%' ? '%' : '';
  const own = tiers[index];
  const upper = tiers[index - 1];
  const from = own && ('atLeast' in own ? `≥ ${own.atLeast}${u}` : `> ${own.above}${u}`);
  const upTo = upper && ('atLeast' in upper ? `< ${upper.atLeast}${u}` : `≤ ${upper.above}${u}`);
  if (unit === 'count' && own && upper && 'atLeast' in own && 'atLeast' in upper) {
    if (new Dec(own.atLeast).plus(1).eq(upper.atLeast)) return `${label} = ${own.atLeast}`;
  }
  if (unit === 'count' && !own && upper && 'atLeast' in upper && new Dec(upper.atLeast).eq(1)) {
    return `no ${label}`;
  }
  return `${label} ${[from, upTo].filter(Boolean).join(' and ')}`;
}
