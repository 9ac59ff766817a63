// Post-loan monitoring (DOMAIN.md §2): the five-category loan classification (贷款五级分类)
// by days past due, and the days past due of a loan from its schedule and its payments.
import { z } from 'zod';
import type { Versioned } from '../policy-versions.ts';
import type { RepaymentRow } from './repayment-schedule.ts';
import { daysBetween } from '../scorecards/dates.ts';

/** Best first: 正常, 关注, 次级, 可疑, 损失. */
export const loanCategories = [
  'normal',
  'special-mention',
  'substandard',
  'doubtful',
  'loss',
] as const;
export type LoanCategory = (typeof loanCategories)[number];
type BelowNormal = Exclude<LoanCategory, 'normal'>;

export interface ClassificationPolicy extends Versioned {
  /** The first day past due at which each category applies; strictly ascending. */
  readonly fromDays: Readonly<Record<BelowNormal, number>>;
  /**
   * Any day past due makes a loan at least special mention, even when `fromDays` gives
   * special mention a grace period (a bank tolerating short technical delays).
   */
  readonly specialMentionAtFirstDay: boolean;
}

const wholeDays = z.int().nonnegative();

/** The category of a loan `daysPastDue` days past due under `policy`. */
export function classify(daysPastDue: number, policy: ClassificationPolicy): LoanCategory {
  const days = wholeDays.parse(daysPastDue);
  const below = loanCategories.slice(1) as BelowNormal[];
  const thresholds = below.map((c) => policy.fromDays[c]);
  if (thresholds.some((t, i) => t < 1 || (i > 0 && t <= thresholds[i - 1]!))) {
    throw new RangeError(`classification policy ${policy.version}: thresholds must ascend from 1`);
  }
  const reached = below.filter((c) => days >= policy.fromDays[c]).at(-1);
  if (reached) return reached;
  return days >= 1 && policy.specialMentionAtFirstDay ? 'special-mention' : 'normal';
}

export type ScheduledInstalment = Pick<
  RepaymentRow,
  'n' | 'dueDate' | 'principalFen' | 'interestFen'
>;

export interface Payment {
  /** ISO date the money was received. */
  readonly date: string;
  readonly amountFen: number;
}

export interface PastDue {
  /** Days from the oldest unpaid instalment's due date to asOf; 0 when nothing is past due. */
  readonly daysPastDue: number;
  readonly oldestUnpaid: { readonly n: number; readonly dueDate: string } | null;
  /** What remains unpaid of the instalments due before asOf. */
  readonly overdueInterestFen: number;
  readonly overduePrincipalFen: number;
}

const payment = z.object({ date: z.iso.date(), amountFen: z.int().positive() });

/**
 * How far behind the loan is on `asOf`. Payments received by asOf are applied to the
 * instalments in due order, oldest first and interest before principal, whether or not
 * they were due yet. An instalment is past due from the day after its due date.
 */
export function pastDue(
  instalments: readonly ScheduledInstalment[],
  payments: readonly Payment[],
  asOf: string,
): PastDue {
  const date = z.iso.date().parse(asOf);
  let funds = z
    .array(payment)
    .parse(payments)
    .filter((p) => p.date <= date)
    .reduce((sum, p) => sum + p.amountFen, 0);
  const pay = (owed: number) => {
    const paid = Math.min(owed, funds);
    funds -= paid;
    return owed - paid;
  };
  let oldestUnpaid: PastDue['oldestUnpaid'] = null;
  let overdueInterestFen = 0;
  let overduePrincipalFen = 0;
  const inDueOrder = [...instalments].sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.n - b.n,
  );
  for (const instalment of inDueOrder) {
    const unpaidInterest = pay(instalment.interestFen);
    const unpaidPrincipal = pay(instalment.principalFen);
    if (instalment.dueDate >= date) continue;
    overdueInterestFen += unpaidInterest;
    overduePrincipalFen += unpaidPrincipal;
    if (!oldestUnpaid && unpaidInterest + unpaidPrincipal > 0) {
      oldestUnpaid = { n: instalment.n, dueDate: instalment.dueDate };
    }
  }
  return {
    daysPastDue: oldestUnpaid ? daysBetween(oldestUnpaid.dueDate, date) : 0,
    oldestUnpaid,
    overdueInterestFen,
    overduePrincipalFen,
  };
}
