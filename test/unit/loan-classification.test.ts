import { describe, expect, it } from 'vitest';
import {
  classify,
  pastDue,
  type ClassificationPolicy,
  type ScheduledInstalment,
} from '../../domain/loan/classification.ts';
import {
  classificationDefault2026,
  classificationPolicies,
} from '../../domain/loan/classification.data.ts';
import { versionInForce } from '../../domain/policy-versions.ts';
import { repaymentSchedule } from '../../domain/loan/repayment-schedule.ts';

const policy = classificationDefault2026;

// The floors of the 2023 measures: over 90 days substandard, over 270 doubtful, over 360 loss.
describe('classify with the default thresholds', () => {
  it.each([
    [0, 'normal'],
    [1, 'special-mention'],
    [90, 'special-mention'],
    [91, 'substandard'],
    [180, 'substandard'],
    [181, 'substandard'],
    [270, 'substandard'],
    [271, 'doubtful'],
    [360, 'doubtful'],
    [361, 'loss'],
    [5_000, 'loss'],
  ] as const)('%i days past due → %s', (days, category) => {
    expect(classify(days, policy)).toBe(category);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s days', (days) => {
    expect(() => classify(days, policy)).toThrow();
  });

  it('is the version in force from 2026', () => {
    expect(versionInForce(classificationPolicies, '2026-01-01', 'classification policy')).toBe(
      policy,
    );
  });
});

describe('classify with configured thresholds', () => {
  // A bank tolerating 30 days of technical delay before special mention.
  const graceful: ClassificationPolicy = {
    ...policy,
    version: 'classification@test',
    fromDays: { 'special-mention': 31, substandard: 61, doubtful: 121, loss: 241 },
    specialMentionAtFirstDay: false,
  };

  it('moves every boundary with the data', () => {
    const at = (days: number) => classify(days, graceful);
    expect([1, 30, 31, 60, 61, 120, 121, 240, 241].map(at)).toEqual([
      'normal',
      'normal',
      'special-mention',
      'special-mention',
      'substandard',
      'substandard',
      'doubtful',
      'doubtful',
      'loss',
    ]);
  });

  it('makes any day past due special mention when the flag is set, grace or not', () => {
    const strict = { ...graceful, specialMentionAtFirstDay: true };
    expect(classify(0, strict)).toBe('normal');
    expect(classify(1, strict)).toBe('special-mention');
    expect(classify(30, strict)).toBe('special-mention');
    expect(classify(61, strict)).toBe('substandard');
  });

  it('refuses thresholds that do not ascend from day 1', () => {
    const unordered = { ...policy, fromDays: { ...policy.fromDays, doubtful: 91 } };
    expect(() => classify(10, unordered)).toThrow(/ascend/);
    const fromZero = { ...policy, fromDays: { ...policy.fromDays, 'special-mention': 0 } };
    expect(() => classify(0, fromZero)).toThrow(/ascend/);
  });
});

describe('pastDue', () => {
  // Three instalments of ¥1,000.00 principal with ¥50, ¥40 and ¥30 interest.
  const rows: ScheduledInstalment[] = [
    { n: 1, dueDate: '2026-01-31', principalFen: 1_000_00, interestFen: 50_00 },
    { n: 2, dueDate: '2026-02-28', principalFen: 1_000_00, interestFen: 40_00 },
    { n: 3, dueDate: '2026-03-31', principalFen: 1_000_00, interestFen: 30_00 },
  ];

  it('is not past due on the due date, and one day past due the day after', () => {
    expect(pastDue(rows, [], '2026-01-31')).toEqual({
      daysPastDue: 0,
      oldestUnpaid: null,
      overdueInterestFen: 0,
      overduePrincipalFen: 0,
    });
    expect(pastDue(rows, [], '2026-02-01')).toEqual({
      daysPastDue: 1,
      oldestUnpaid: { n: 1, dueDate: '2026-01-31' },
      overdueInterestFen: 50_00,
      overduePrincipalFen: 1_000_00,
    });
  });

  it('counts from the oldest unpaid instalment and sums everything overdue', () => {
    expect(pastDue(rows, [], '2026-04-01')).toMatchObject({
      daysPastDue: 60, // 31 Jan → 1 Apr
      oldestUnpaid: { n: 1 },
      overdueInterestFen: 120_00,
      overduePrincipalFen: 3_000_00,
    });
  });

  it('applies a payment to the oldest instalment first, interest before principal', () => {
    // ¥1,060 by 1 Mar: instalment 1 (¥1,050) in full, then ¥10 of instalment 2's interest.
    const paid = [{ date: '2026-03-01', amountFen: 1_060_00 }];
    expect(pastDue(rows, paid, '2026-03-01')).toEqual({
      daysPastDue: 1, // counted from 28 Feb
      oldestUnpaid: { n: 2, dueDate: '2026-02-28' },
      overdueInterestFen: 30_00,
      overduePrincipalFen: 1_000_00,
    });
    // ¥30 on instalment 1: interest first, so ¥20 of interest and all the principal remain.
    expect(pastDue(rows, [{ date: '2026-02-10', amountFen: 30_00 }], '2026-02-10')).toMatchObject({
      daysPastDue: 10,
      overdueInterestFen: 20_00,
      overduePrincipalFen: 1_000_00,
    });
  });

  it('keeps the instalment past due until the last fen is paid', () => {
    const short = [{ date: '2026-02-05', amountFen: 1_049_99 }];
    expect(pastDue(rows, short, '2026-02-05')).toMatchObject({
      daysPastDue: 5,
      overdueInterestFen: 0,
      overduePrincipalFen: 1,
    });
    const full = [...short, { date: '2026-02-05', amountFen: 1 }];
    expect(pastDue(rows, full, '2026-02-05').daysPastDue).toBe(0);
  });

  it('counts payments received by asOf only', () => {
    const late = [{ date: '2026-02-11', amountFen: 1_050_00 }];
    expect(pastDue(rows, late, '2026-02-10').daysPastDue).toBe(10);
    expect(pastDue(rows, late, '2026-02-11').daysPastDue).toBe(0);
  });

  it('lets a prepayment cover later instalments', () => {
    const everything = [{ date: '2026-01-15', amountFen: 3_120_00 }];
    expect(pastDue(rows, everything, '2026-06-30')).toMatchObject({
      daysPastDue: 0,
      oldestUnpaid: null,
    });
  });

  it('applies payments in due order even when rows come unordered', () => {
    const paid = [{ date: '2026-03-01', amountFen: 1_050_00 }];
    const reversed = [...rows].reverse();
    expect(pastDue(reversed, paid, '2026-03-01')).toEqual(pastDue(rows, paid, '2026-03-01'));
  });

  it('refuses bad payments and dates', () => {
    expect(() => pastDue(rows, [{ date: '2026-02-30', amountFen: 1 }], '2026-03-01')).toThrow();
    expect(() => pastDue(rows, [{ date: '2026-02-01', amountFen: 0 }], '2026-03-01')).toThrow();
    expect(() => pastDue(rows, [], '2026/03/01')).toThrow();
  });

  it('feeds classify: the category changes the day after 90, 270 and 360 days past due', () => {
    const { rows: schedule } = repaymentSchedule({
      method: 'equal-principal',
      principalFen: 120_000_00,
      annualRate: '0.036',
      termMonths: 12,
      firstDueDate: '2026-01-31',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
    });
    // Instalment 1 unpaid since 31 Jan: 1 May is 90 days later, 2 May 91.
    const on = (day: string) => classify(pastDue(schedule, [], day).daysPastDue, policy);
    expect(on('2026-05-01')).toBe('special-mention');
    expect(on('2026-05-02')).toBe('substandard');
    expect(on('2026-10-28')).toBe('substandard'); // 270 days
    expect(on('2026-10-29')).toBe('doubtful');
    expect(on('2027-01-26')).toBe('doubtful'); // 360 days
    expect(on('2027-01-27')).toBe('loss');
  });
});
