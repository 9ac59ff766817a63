import { Decimal } from 'decimal.js';
import { boundValue, percentMeasure, type Bound } from './ladder.ts';
import { addYears, daysBetween } from './dates.ts';
import { Dec, formatPercent, formatYuan, toPercent, type Ratio } from './numbers.ts';
import type { FailedGate } from './types.ts';

// Each check returns the failed gate, or undefined when it passes. Values shown for a failed
// gate are rounded away from the requirement and gaps upwards, so the printed numbers never
// suggest the gate was met (4.999% shows as "4.99%", gap "0.01%").

export function failedOnly(...checks: (FailedGate | undefined)[]): FailedGate[] {
  return checks.filter((check) => check !== undefined);
}

export function atMostCount(gate: string, value: number, limit: number): FailedGate | undefined {
  if (value <= limit) return undefined;
  return { gate, value: String(value), required: `≤ ${limit}`, gap: String(value - limit) };
}

export function atLeastCount(gate: string, value: number, min: number): FailedGate | undefined {
  if (value >= min) return undefined;
  return { gate, value: String(value), required: `≥ ${min}`, gap: String(min - value) };
}

export function atMostYuan(gate: string, value: string, limit: string): FailedGate | undefined {
  const over = new Dec(value).minus(limit);
  if (over.lte(0)) return undefined;
  return {
    gate,
    value: formatYuan(value),
    required: `≤ ${formatYuan(limit)}`,
    gap: formatYuan(over),
  };
}

/** A money floor; a strict bound ("> ¥0", a profit) is not met by the bound itself. */
export function atLeastYuan(gate: string, value: Decimal, bound: Bound): FailedGate | undefined {
  const min = new Dec(boundValue(bound));
  const strict = 'above' in bound;
  if (strict ? value.gt(min) : value.gte(min)) return undefined;
  const gap = formatYuan(min.minus(value));
  return {
    gate,
    value: formatYuan(value),
    required: `${strict ? '>' : '≥'} ${formatYuan(min)}`,
    gap: strict ? `> ${gap}` : gap,
  };
}

export function atLeastPercent(gate: string, r: Ratio, bound: Bound): FailedGate | undefined {
  if (percentMeasure(r).reaches(bound)) return undefined;
  const actual = toPercent(r);
  const min = boundValue(bound);
  const strict = 'above' in bound;
  const gap = formatPercent(new Dec(min).minus(actual), Decimal.ROUND_UP);
  return {
    gate,
    value: formatPercent(actual, Decimal.ROUND_FLOOR),
    required: `${strict ? '>' : '≥'} ${min}%`,
    // Reaching a strict bound exactly is still short of it.
    gap: strict ? `> ${gap}` : gap,
  };
}

/** A disqualifying fact (an incident, a listing) that must be absent. */
export function mustBeAbsent(gate: string, present: boolean): FailedGate | undefined {
  return present ? { gate, value: 'yes', required: 'no', gap: null } : undefined;
}

/** A qualifying fact that must hold. */
export function mustHold(gate: string, holds: boolean): FailedGate | undefined {
  return holds ? undefined : { gate, value: 'no', required: 'yes', gap: null };
}

/** At least `years` old on `asOf` (the anniversary itself counts). */
export function minAge(
  gate: string,
  registeredOn: string,
  asOf: string,
  years: number,
): FailedGate | undefined {
  const due = addYears(registeredOn, years);
  if (due <= asOf) return undefined;
  return {
    gate,
    value: `registered ${registeredOn}`,
    required: `≥ ${plural(years, 'year')} old on ${asOf}`,
    gap: plural(daysBetween(asOf, due), 'day'),
  };
}

/** At most `years` old on `asOf` (the anniversary itself still counts). */
export function maxAge(
  gate: string,
  registeredOn: string,
  asOf: string,
  years: number,
): FailedGate | undefined {
  const limit = addYears(registeredOn, years);
  if (asOf <= limit) return undefined;
  return {
    gate,
    value: `registered ${registeredOn}`,
    required: `≤ ${plural(years, 'year')} old on ${asOf}`,
    gap: plural(daysBetween(limit, asOf), 'day'),
  };
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
