// A sub-fund's reporting duties as due dates (DOMAIN.md §6): its AMAC filing (AMBERS) within
// a number of working days of closing, on China's working-day calendar, and its quarterly and
// annual reports from the quarter and the year in which it closed. A report is due on the last
// day of the month `…DueMonths` after its period ends (Q1 2026 → 2026-04-30, the year 2025 →
// 2026-04-30), that calendar day even when it is a day off: filing early is always allowed,
// and a reminder is never late. The reminder falls `reminderWorkingDays` working days before.
import {
  addWorkingDays,
  isIsoDate,
  isWorkingDay,
  shanghaiDate,
  type WorkingDayCalendar,
} from '../calendar.ts';
import { CN_CALENDAR } from '../calendar-cn.ts';
import { monthsAfter } from '../loan/repayment-schedule.ts';
import type { FundTerms } from './fund-terms.ts';

export interface ReportingDuty {
  /** Stable across calls: 'ambers', 'q2026Q1', 'a2025'. */
  readonly key: string;
  readonly kind: 'ambers' | 'quarterly' | 'annual';
  readonly dueDate: string;
  readonly reminderDate: string;
}

type Reporting = FundTerms['reporting'];

/**
 * The last day of the month `months` after January of `year` (0: January itself): monthsAfter
 * clamps the 31st to the month's last day.
 */
const endOfMonth = (year: number, months: number) => monthsAfter(`${year}-01-31`, months);

/** The date `n` working days before `isoDate`, which itself does not count. */
function workingDaysBefore(isoDate: string, n: number, calendar: WorkingDayCalendar): string {
  let date = isoDate;
  for (let counted = 0; counted < n;) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return date;
}

/** The AMBERS filing's due date: the n-th working day after the closing date. */
function ambersDueDate(
  closedOn: string,
  reporting: Reporting,
  calendar: WorkingDayCalendar,
): string {
  // Noon on the closing date as the start; the due instant is 24:00 Shanghai of the last
  // working day, which is already the next date, so its date is read a millisecond earlier.
  const start = new Date(`${closedOn}T12:00:00+08:00`);
  const due = addWorkingDays(start, reporting.ambersFilingWorkingDays, calendar);
  return shanghaiDate(new Date(due.getTime() - 1));
}

/**
 * Every duty of a sub-fund closed on `closedOn` that falls due from `from` to `to`, both
 * included, in order of due date.
 */
export function dutiesDue(
  reporting: Reporting,
  span: { readonly closedOn: string; readonly from: string; readonly to: string },
  calendar: WorkingDayCalendar = CN_CALENDAR,
): ReportingDuty[] {
  const { closedOn, from, to } = span;
  for (const date of [closedOn, from, to]) {
    if (!isIsoDate(date)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${date}`);
  }
  const periods: Omit<ReportingDuty, 'reminderDate'>[] = [
    { key: 'ambers', kind: 'ambers', dueDate: ambersDueDate(closedOn, reporting, calendar) },
  ];
  const firstYear = Number(closedOn.slice(0, 4));
  // Due dates grow with the period, so each series stops at the first one past `to`.
  const firstQuarter = firstYear * 4 + Math.floor((Number(closedOn.slice(5, 7)) - 1) / 3);
  for (let q = firstQuarter; ; q++) {
    const [year, quarter] = [Math.floor(q / 4), (q % 4) + 1];
    const dueDate = endOfMonth(year, quarter * 3 - 1 + reporting.quarterlyReportDueMonths);
    if (dueDate > to) break;
    periods.push({ key: `q${year}Q${quarter}`, kind: 'quarterly', dueDate });
  }
  for (let year = firstYear; ; year++) {
    const dueDate = endOfMonth(year, 11 + reporting.annualReportDueMonths);
    if (dueDate > to) break;
    periods.push({ key: `a${year}`, kind: 'annual', dueDate });
  }
  return periods
    .filter((d) => d.dueDate >= from && d.dueDate <= to)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key))
    .map((d) => ({
      ...d,
      reminderDate: workingDaysBefore(d.dueDate, reporting.reminderWorkingDays, calendar),
    }));
}
