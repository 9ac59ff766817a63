// Repayment schedules exact to the fen (DOMAIN.md §2, "disbursement → repayment schedule").
// Periods are calendar months ending on the due dates; the first period starts one month
// before the first due date (a broken first period is not modelled). Interest is charged on
// the principal outstanding during the period, with the contract's day count, up to the day
// the instalment is actually due: under the `following` rule a due date that falls on a day
// off in China moves to the next working day, and the period accrues the days it gained.
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { whenWellFormed } from '../well-formed.ts';
import { nextWorkingDayFrom, type WorkingDayCalendar } from '../calendar.ts';
import { CN_CALENDAR } from '../calendar-cn.ts';
import { daysBetween } from '../scorecards/dates.ts';

export const repaymentMethods = [
  'equal-instalment', // 等额本息: a level payment, the annuity
  'equal-principal', // 等额本金: a level share of principal plus the period's interest
  'interest-only', // 按月付息、到期还本: interest monthly, all principal at maturity
] as const;
export type RepaymentMethod = (typeof repaymentMethods)[number];

/**
 * ACT/360 (the usual convention of Chinese bank loans): annual rate / 360 per actual day.
 * ACT/365: annual rate / 365 per actual day. 30/360: every month is 30 days, annual rate / 12.
 */
export const dayCounts = ['ACT/360', 'ACT/365', '30/360'] as const;
export type DayCount = (typeof dayCounts)[number];

/**
 * Where a due date lands when the month's date is a day off: `following`, the contract term
 * of the credit track (the next working day on the China calendar, interest to that day), or
 * `unadjusted` (the calendar date as it is).
 */
export const dueDateRules = ['following', 'unadjusted'] as const;
export type DueDateRule = (typeof dueDateRules)[number];

/** Working-capital loans for tech firms may run up to 60 months (DOMAIN.md §2). */
const MAX_TERM_MONTHS = 60;
/**
 * ¥1,000,000,000,000, the most the API accepts as an amount (money.ts). Below it, 60 months
 * of interest at a rate under 100% stay well inside safe integers; near 2^53 they would not.
 */
const MAX_PRINCIPAL_FEN = 100_000_000_000_000;

export const repaymentTerms = z
  .object({
    method: z.enum(repaymentMethods),
    principalFen: z.int().positive().max(MAX_PRINCIPAL_FEN),
    // Six decimals at most: the precision a decision stores its rate with.
    annualRate: z
      .string()
      .regex(/^0\.\d{1,6}$/, {
        message: 'must be a decimal fraction below 1 with at most 6 decimals, e.g. "0.0385"',
        abort: true,
      })
      .refine((s) => new Decimal(s).greaterThan(0), {
        ...whenWellFormed,
        message: 'must be greater than 0',
      }),
    termMonths: z.int().min(1).max(MAX_TERM_MONTHS),
    firstDueDate: z.iso.date(),
    /**
     * The day the money was paid, when known: the first period then starts on it and every due
     * date keeps its day of month (paid 31 Jan: due 28 Feb, 31 Mar, 30 Apr), so one short month
     * never drags the later dates. The first due date must be one month after it.
     */
    valueDate: z.iso.date().optional(),
    dayCount: z.enum(dayCounts),
    dueDateRule: z.enum(dueDateRules),
  })
  .refine((t) => !t.valueDate || t.firstDueDate === monthsAfter(t.valueDate, 1), {
    ...whenWellFormed,
    message: 'must be one month after the value date',
    path: ['firstDueDate'],
  });
export type RepaymentTerms = z.infer<typeof repaymentTerms>;

export interface RepaymentRow {
  /** 1-based instalment number. */
  readonly n: number;
  readonly dueDate: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly paymentFen: number;
  readonly balanceAfterFen: number;
}

export interface RepaymentSchedule {
  readonly terms: RepaymentTerms;
  readonly rows: readonly RepaymentRow[];
  readonly totals: { principalFen: number; interestFen: number; paymentFen: number };
}

// Wide enough to hold (12 + r)^60 exactly (r has ≤ 6 decimals: ≤ 360 decimals, ~65 integer
// digits), so the level payment is one correctly rounded division of exact numbers.
const Exact = Decimal.clone({ precision: 1_000 });

/** Rounds to the fen, half up (amounts here are never negative). */
function toFen(amount: Decimal): number {
  return amount.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * The schedule of `terms`, validated here: bad terms throw a ZodError naming each field. Every
 * instalment is rounded to the fen half up; the last one repays whatever principal is left,
 * so the principal repaid always sums to the loan exactly. `calendar` says which days are off
 * for the `following` rule.
 */
export function repaymentSchedule(
  input: RepaymentTerms,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): RepaymentSchedule {
  const terms = repaymentTerms.parse(input);
  const { method, principalFen, termMonths } = terms;
  const dates = periodDates(terms, calendar);
  const periodRates = dates.slice(1).map((to, k) => periodRate(terms, dates[k]!, to));
  const levelPrincipalFen = toFen(new Exact(principalFen).div(termMonths));
  const levelPaymentFen = method === 'equal-instalment' ? levelPayment(terms, periodRates) : 0;

  const rows: RepaymentRow[] = [];
  let balance = principalFen;
  for (let n = 1; n <= termMonths; n++) {
    // Dividing last keeps an exact half fen exact, so half-up rounding sees it.
    const { accrued, basis } = periodRates[n - 1]!;
    const interestFen = toFen(accrued.times(balance).div(basis));
    const scheduled = {
      'equal-instalment': Math.max(0, levelPaymentFen - interestFen),
      'equal-principal': levelPrincipalFen,
      'interest-only': 0,
    }[method];
    // The last instalment takes the rounding residue; none may repay more than is owed.
    const principalPartFen = n === termMonths ? balance : Math.min(balance, scheduled);
    balance -= principalPartFen;
    rows.push({
      n,
      dueDate: dates[n]!,
      principalFen: principalPartFen,
      interestFen,
      paymentFen: principalPartFen + interestFen,
      balanceAfterFen: balance,
    });
  }
  const total = (key: 'principalFen' | 'interestFen' | 'paymentFen') =>
    rows.reduce((sum, row) => sum + row[key], 0);
  return {
    terms,
    rows,
    totals: {
      principalFen: total('principalFen'),
      interestFen: total('interestFen'),
      paymentFen: total('paymentFen'),
    },
  };
}

/**
 * The start of the first period and every due date: months counted from one anchor (the
 * value date, or a month before the first due date), each moved to the next working day
 * under the `following` rule.
 */
function periodDates(terms: RepaymentTerms, calendar: WorkingDayCalendar): string[] {
  const { valueDate, firstDueDate, termMonths, dueDateRule } = terms;
  return Array.from({ length: termMonths + 1 }, (_, k) => {
    const date = valueDate ? monthsAfter(valueDate, k) : monthsAfter(firstDueDate, k - 1);
    return k > 0 && dueDateRule === 'following' ? nextWorkingDayFrom(date, calendar) : date;
  });
}

/**
 * The interest a fen earns over one period, accrued / basis: the annual rate times the days
 * the period accrues, over the days of the year (30/360: a twelfth of the rate).
 */
function periodRate(
  { annualRate, dayCount }: RepaymentTerms,
  from: string,
  to: string,
): { accrued: Decimal; basis: number } {
  const rate = new Exact(annualRate);
  switch (dayCount) {
    case '30/360':
      return { accrued: rate, basis: 12 };
    case 'ACT/360':
      return { accrued: rate.times(daysBetween(from, to)), basis: 360 };
    case 'ACT/365':
      return { accrued: rate.times(daysBetween(from, to)), basis: 365 };
  }
}

/**
 * The level payment of 等额本息, solved on the schedule's own periods: the A that repays P
 * exactly when period k accrues its own rate i_k (its actual days under ACT, a twelfth under
 * 30/360), A = P / Σ_k Π_{j≤k} 1/(1 + i_j). Every instalment is then A to the fen and the
 * last one differs only by the rounding of the interest. Under 30/360 it is the textbook
 * annuity P·i·(1+i)^n / ((1+i)^n − 1) with i = r / 12.
 */
function levelPayment(
  { principalFen }: RepaymentTerms,
  periodRates: { accrued: Decimal; basis: number }[],
): number {
  let discount = new Exact(1);
  let annuityFactor = new Exact(0);
  for (const { accrued, basis } of periodRates) {
    discount = discount.times(basis).div(accrued.plus(basis));
    annuityFactor = annuityFactor.plus(discount);
  }
  return toFen(new Exact(principalFen).div(annuityFactor));
}

/**
 * The date `months` calendar months after `isoDate` (before it, when negative), keeping its
 * day of month clamped to the month's end: 31 Jan + 1 → 28/29 Feb, 31 Jan + 2 → 31 Mar. Due
 * dates are counted from one anchor this way, so a clamp never carries into later months.
 */
export function monthsAfter(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) + months;
  const y = Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [4, 6, 9, 11].includes(month) ? 30 : 31;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
