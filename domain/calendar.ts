// Working days for SLA clocks. Business dates are Asia/Shanghai dates; China has kept UTC+8
// without daylight saving since 1991, so a fixed offset is exact for every date we handle
// and needs no timezone database (workflow code runs sandboxed, without Intl guarantees).
// Every function takes the calendar as data so that an application can keep the version it pinned.
import { CN_CALENDAR } from './calendar-cn.ts';

export interface WorkingDayCalendar {
  readonly version: string;
  /** First and last year (inclusive) whose official arrangement is in the data. */
  readonly covers: readonly [first: number, last: number];
  /** ISO dates off work, weekends inside a holiday period included. */
  readonly holidays: readonly string[];
  /** ISO dates of weekends worked in exchange for a holiday (调休上班). */
  readonly makeUpWorkdays: readonly string[];
  /** Statutory holidays on fixed dates (MM-DD), the same every year. */
  readonly fixedHolidays: readonly string[];
  /**
   * The lunar holidays of years whose arrangement is not published yet, from which their
   * provisional days off follow (see provisionalDaysOff). A year in neither list has only
   * the fixed-date holidays off besides weekends.
   */
  readonly lunarDates: Readonly<Record<number, LunarDates>>;
}

export interface LunarDates {
  /** 除夕: the Spring Festival holiday is this day and the first three of the new year. */
  readonly springFestivalEve: string;
  readonly qingming: string;
  readonly dragonBoat: string;
  readonly midAutumn: string;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// Internally a date is its day number: whole days since 1970-01-01 on the Shanghai calendar.

function shanghaiDay(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOfIso(isoDate: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? Date.parse(`${isoDate}T00:00:00Z`) : NaN;
  // Date.parse rolls 2026-02-30 over to March; the round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`not an ISO date (YYYY-MM-DD): ${isoDate}`);
  }
  return ms / DAY_MS;
}

/** The instant a Shanghai day ends (24:00 there, 16:00 UTC). */
function endOfDay(day: number): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

const isWeekend = (day: number) => [0, 6].includes(new Date(day * DAY_MS).getUTCDay());

function isWorkingDayNumber(day: number, calendar: WorkingDayCalendar): boolean {
  const iso = isoOfDay(day);
  if (calendar.makeUpWorkdays.includes(iso)) return true;
  if (calendar.holidays.includes(iso)) return false;
  const year = Number(iso.slice(0, 4));
  if (!isCovered(year, calendar) && provisionalDaysOff(year, calendar).has(day)) return false;
  return !isWeekend(day);
}

const provisional = new WeakMap<WorkingDayCalendar, Map<number, ReadonlySet<number>>>();

/**
 * The statutory days off of a year without its official arrangement (放假办法, as revised for
 * 2025): the fixed-date holidays, and where its lunar dates are known 春节 (除夕 and the
 * three days after), 清明, 端午 and 中秋; each that falls on a weekend is given back on the
 * next weekday not already off (补假). Bridging days and make-ups are only known once the
 * State Council publishes the year, so none are assumed.
 */
function provisionalDaysOff(year: number, calendar: WorkingDayCalendar): ReadonlySet<number> {
  let years = provisional.get(calendar);
  if (!years) provisional.set(calendar, (years = new Map()));
  const known = years.get(year);
  if (known) return known;
  const lunar = calendar.lunarDates[year];
  const statutory = [
    ...calendar.fixedHolidays.map((mmdd) => dayOfIso(`${year}-${mmdd}`)),
    ...(lunar
      ? [
          ...[0, 1, 2, 3].map((k) => dayOfIso(lunar.springFestivalEve) + k),
          ...[lunar.qingming, lunar.dragonBoat, lunar.midAutumn].map(dayOfIso),
        ]
      : []),
  ].sort((a, b) => a - b);
  const off = new Set(statutory);
  for (const day of statutory) {
    if (!isWeekend(day)) continue;
    let inLieu = day + 1;
    while (isWeekend(inLieu) || off.has(inLieu)) inLieu += 1;
    off.add(inLieu);
  }
  years.set(year, off);
  return off;
}

/**
 * Whether the calendar knows the official arrangement of `year`; if not, its days off are
 * provisional (see provisionalDaysOff).
 */
export function isCovered(year: number, calendar: WorkingDayCalendar = CN_CALENDAR): boolean {
  const [first, last] = calendar.covers;
  return Number.isInteger(year) && year >= first && year <= last;
}

/** Whether `value` is a real ISO date ("2026-02-30" is not). Safe in workflow code, unlike zod. */
export function isIsoDate(value: string): boolean {
  try {
    dayOfIso(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether the Shanghai date `isoDate` ("2026-10-10") is a working day. */
export function isWorkingDay(isoDate: string, calendar: WorkingDayCalendar = CN_CALENDAR): boolean {
  return isWorkingDayNumber(dayOfIso(isoDate), calendar);
}

/** `isoDate` itself if it is a working day, else the next working day after it. */
export function nextWorkingDayFrom(
  isoDate: string,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): string {
  let day = dayOfIso(isoDate);
  while (!isWorkingDayNumber(day, calendar)) day += 1;
  return isoOfDay(day);
}

/** The Shanghai calendar date of an instant: 2025-12-31T16:00:00Z → "2026-01-01". */
export function shanghaiDate(instant: Date): string {
  return isoOfDay(shanghaiDay(instant));
}

/**
 * The instant at which `n` full working days have elapsed since `start`: the end (24:00
 * Shanghai) of the n-th working day after start's Shanghai date. The start date never
 * counts, whatever the hour or kind of day, so a file completed on Friday 10:00 with n = 1
 * is due Monday 24:00. n = 0 gives `start` itself.
 */
export function addWorkingDays(
  start: Date,
  n: number,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): Date {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  }
  let day = shanghaiDay(start); // also rejects an invalid Date
  if (n === 0) return new Date(start.getTime());
  for (let counted = 0; counted < n;) {
    day += 1;
    if (isWorkingDayNumber(day, calendar)) counted += 1;
  }
  return endOfDay(day);
}

/**
 * Full working days elapsed from `a` to `b`: the working days after a's Shanghai date that
 * have ended (24:00 Shanghai) by `b`, i.e. those strictly between the two Shanghai dates.
 * The inverse of addWorkingDays: workingDaysBetween(s, addWorkingDays(s, n)) === n, and one
 * millisecond earlier it is n − 1. Throws if b is before a.
 */
export function workingDaysBetween(
  a: Date,
  b: Date,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): number {
  if (b.getTime() < a.getTime()) throw new RangeError('b must not be before a');
  const lastDay = shanghaiDay(b) - 1;
  let count = 0;
  for (let day = shanghaiDay(a) + 1; day <= lastDay; day++) {
    if (isWorkingDayNumber(day, calendar)) count += 1;
  }
  return count;
}

/**
 * Milliseconds of working days between `a` and `b` (b ≥ a): the time an SLA clock runs.
 * A pause from a to b moves a due time on by exactly this much working time.
 */
export function workingMsBetween(
  a: Date,
  b: Date,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): number {
  if (b.getTime() < a.getTime()) throw new RangeError('b must not be before a');
  let total = 0;
  for (let day = shanghaiDay(a); day <= shanghaiDay(b); day++) {
    if (!isWorkingDayNumber(day, calendar)) continue;
    const from = Math.max(a.getTime(), endOfDay(day - 1).getTime());
    const to = Math.min(b.getTime(), endOfDay(day).getTime());
    if (to > from) total += to - from;
  }
  return total;
}

/**
 * The instant `ms` of working time after `start` (before it, when ms is negative), counting
 * only time inside working days. A result that falls on a day's end stays at that end, so
 * moving a due time of 24:00 by whole days keeps it at 24:00.
 */
export function addWorkingMs(
  start: Date,
  ms: number,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): Date {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`ms must be a safe integer, got ${ms}`);
  let at = start.getTime();
  let left = Math.abs(ms);
  let day = shanghaiDay(start);
  if (ms < 0 && at === endOfDay(day - 1).getTime()) day -= 1; // 24:00 belongs to the day ending
  while (left > 0) {
    if (isWorkingDayNumber(day, calendar)) {
      const edge = ms > 0 ? endOfDay(day).getTime() : endOfDay(day - 1).getTime();
      const room = Math.abs(edge - at);
      if (left <= room) return new Date(at + Math.sign(ms) * left);
      left -= room;
    }
    day += Math.sign(ms);
    at = ms > 0 ? endOfDay(day - 1).getTime() : endOfDay(day).getTime();
  }
  return new Date(at);
}

/** The instant the Shanghai day `days` calendar days after `instant`'s ends (24:00 there). */
export function endOfShanghaiDayAfter(instant: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  return endOfDay(shanghaiDay(instant) + days);
}

/**
 * What the calendar knows: the years of official arrangements, those whose days off are
 * provisional (statutory days from their lunar dates) until their notice is published, and a
 * warning to show wherever dates reach past the official years.
 */
export function calendarOutlook(calendar: WorkingDayCalendar = CN_CALENDAR) {
  const [first, last] = calendar.covers;
  const lunarYears = Object.keys(calendar.lunarDates)
    .map(Number)
    .filter((y) => y > last);
  const provisional = lunarYears.length
    ? { from: Math.min(...lunarYears), to: Math.max(...lunarYears) }
    : null;
  const beyond = provisional ? provisional.to : last;
  return {
    version: calendar.version,
    official: { from: first, to: last },
    provisional,
    warning:
      `working days are official for ${first}–${last} only` +
      (provisional
        ? `; ${provisional.from}–${provisional.to} are provisional (statutory days from the ` +
          'lunar dates, no bridging or make-up days) until the State Council publishes them'
        : '') +
      `; after ${beyond} only weekends and fixed-date holidays are known`,
  };
}
