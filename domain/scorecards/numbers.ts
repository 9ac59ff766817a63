import { Decimal } from 'decimal.js';

/**
 * The scorecards' own Decimal: 64 significant digits hold any product of a money amount and a
 * percentage without rounding, and plain notation keeps formatted values free of exponents.
 */
export const Dec = Decimal.clone({ precision: 64, toExpPos: 64, toExpNeg: -64 });

/**
 * A quotient kept as numerator and denominator: tier bounds are compared by cross-multiplying,
 * so 5% is exactly 5% however the division would have rounded.
 */
export interface Ratio {
  readonly num: Decimal;
  readonly den: Decimal;
}

/** Only the denominator must be non-negative: growth numerators can fall below zero. */
export function ratio(num: Decimal.Value, den: Decimal.Value): Ratio {
  const r = { num: new Dec(num), den: new Dec(den) };
  if (r.den.isNeg()) throw new RangeError('a ratio denominator must be non-negative');
  return r;
}

/** The ratio in percent, for display and gaps only (never for a tier decision). */
export function toPercent(r: Ratio): Decimal {
  return r.den.isZero() ? new Dec(0) : r.num.times(100).div(r.den);
}

/** "4.2%": at most two decimals, rounded in the direction the caller says is honest. */
export function formatPercent(percent: Decimal, rounding: Decimal.Rounding): string {
  return `${percent.toDecimalPlaces(2, rounding).toFixed()}%`;
}

/** "¥200,000,000.00", as domain/money.ts prints fen, but from yuan of any size (3-year sums). */
export function formatYuan(yuan: Decimal.Value): string {
  const d = new Dec(yuan);
  const grouped = d
    .abs()
    .toFixed(2)
    .replace(/\B(?=(\d{3})+\.)/g, ',');
  return `${d.isNeg() ? '-' : ''}¥${grouped}`;
}

export function sum(values: readonly Decimal.Value[]): Decimal {
  return values.reduce<Decimal>((total, v) => total.plus(v), new Dec(0));
}
