// Language-neutral formatting of letter values that domain/money.ts does not cover.
// Rates stay decimal strings all the way to the page: no float touches a printed figure.
import { Decimal } from 'decimal.js';

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

// China has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the
// Asia/Shanghai calendar date without depending on the ICU data Node was built with.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

// An explicit offset is required: Date.parse reads "2026-11-27T10:00" in the process's own
// time zone, which would make the letter date depend on the machine rendering it.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function shanghaiDate(isoInstant: string): CalendarDate {
  const ms = Date.parse(isoInstant);
  if (!ISO_INSTANT.test(isoInstant) || Number.isNaN(ms)) {
    throw new RangeError(`not an ISO instant with an offset: ${isoInstant}`);
  }
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** "0.0435" → "4.35%"; at least two decimals, more only when the rate has them. */
export function formatPercent(rate: string): string {
  const percent = new Decimal(rate).times(100);
  return `${percent.toFixed(Math.max(2, percent.decimalPlaces()))}%`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-27" → its calendar date; refuses anything that is not a real day. */
export function calendarDate(isoDate: string): CalendarDate {
  const [, year, month, day] = ISO_DATE.exec(isoDate)?.map(Number) ?? [];
  const probe = new Date(Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN));
  // Date.UTC rolls 31 April over to 1 May: a real day reads back unchanged.
  if (
    year === undefined ||
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() + 1 !== month ||
    probe.getUTCDate() !== day
  ) {
    throw new RangeError(`not an ISO date: ${isoDate}`);
  }
  return { year, month, day };
}

/** Basis points of a whole: 4000 → "40.00%". */
export function formatShare(basisPoints: number): string {
  return formatPercent(new Decimal(basisPoints).dividedBy(10_000).toString());
}

/** "ABCDEFGHJKLMNPQR" → "ABCD-EFGH-JKLM-NPQR": easier to read aloud and to type. */
export function groupedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
