import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZodError } from 'zod';
import {
  dayCounts,
  dueDateRules,
  monthsAfter,
  repaymentMethods,
  repaymentSchedule,
  type RepaymentTerms,
} from '../../domain/loan/repayment-schedule.ts';

/** Rows as [dueDate, principal, interest, payment, balance after], all in fen. */
function table(terms: RepaymentTerms) {
  return repaymentSchedule(terms).rows.map((r) => [
    r.dueDate,
    r.principalFen,
    r.interestFen,
    r.paymentFen,
    r.balanceAfterFen,
  ]);
}

describe('hand-computed schedules', () => {
  it('equal principal, ¥120,000.00 at 3.6% over 12 months, 30/360', () => {
    // Principal 120,000.00 / 12 = 10,000.00 a month. 30/360 gives 3.6% / 12 = 0.3% a month
    // on the balance before the payment: 120,000 × 0.003 = 360.00, 110,000 × 0.003 = 330.00,
    // ... 10,000 × 0.003 = 30.00; total 30.00 × (12 + 11 + ... + 1) = 30.00 × 78 = 2,340.00.
    const schedule = repaymentSchedule({
      method: 'equal-principal',
      principalFen: 120_000_00,
      annualRate: '0.036',
      termMonths: 12,
      firstDueDate: '2026-01-20',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
    });
    const interest = [360, 330, 300, 270, 240, 210, 180, 150, 120, 90, 60, 30].map((y) => y * 100);
    expect(schedule.rows.map((r) => r.principalFen)).toEqual(Array(12).fill(10_000_00));
    expect(schedule.rows.map((r) => r.interestFen)).toEqual(interest);
    expect(schedule.rows.map((r) => r.paymentFen)).toEqual(interest.map((i) => i + 10_000_00));
    expect(schedule.rows.map((r) => r.balanceAfterFen)).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((k) => k * 10_000_00),
    );
    expect(schedule.totals).toEqual({
      principalFen: 120_000_00,
      interestFen: 2_340_00,
      paymentFen: 122_340_00,
    });
  });

  it('equal principal puts the rounding residue in the last instalment', () => {
    // ¥100.00 / 3 = 33.3333 → 33.33, 33.33, and 100.00 − 66.66 = 33.34 last.
    // 12% / 12 = 1% a month: 100.00 → 1.00; 66.67 → 0.6667 → 0.67; 33.34 → 0.3334 → 0.33.
    expect(
      table({
        method: 'equal-principal',
        principalFen: 100_00,
        annualRate: '0.12',
        termMonths: 3,
        firstDueDate: '2026-05-10',
        dayCount: '30/360',
        dueDateRule: 'unadjusted',
      }),
    ).toEqual([
      ['2026-05-10', 3333, 100, 3433, 6667],
      ['2026-06-10', 3333, 67, 3400, 3334],
      ['2026-07-10', 3334, 33, 3367, 0],
    ]);
  });

  it('equal instalments, ¥10,000.00 at 12% over 2 months, 30/360', () => {
    // i = 12% / 12 = 0.01; A = 10,000 × 0.01 × 1.01² / (1.01² − 1) = 102.01 / 0.0201
    // = 5,075.1243… → 5,075.12.
    // 1: interest 10,000.00 × 0.01 = 100.00, principal 5,075.12 − 100.00 = 4,975.12,
    //    balance 5,024.88.
    // 2: interest 5,024.88 × 0.01 = 50.2488 → 50.25; principal 5,024.88 (all that is left),
    //    payment 5,075.13: one fen above A, the residue of rounding A down.
    expect(
      table({
        method: 'equal-instalment',
        principalFen: 10_000_00,
        annualRate: '0.12',
        termMonths: 2,
        firstDueDate: '2026-01-31',
        dayCount: '30/360',
        dueDateRule: 'unadjusted',
      }),
    ).toEqual([
      ['2026-01-31', 4_975_12, 100_00, 5_075_12, 5_024_88],
      ['2026-02-28', 5_024_88, 50_25, 5_075_13, 0],
    ]);
  });

  it('equal instalments with ACT/360: A solved on the actual days, so both are level', () => {
    // Daily rate 3.6% / 360 = 0.0001: period 1 (28 Feb → 31 Mar) accrues i1 = 0.0031, period 2
    // (31 Mar → 30 Apr) i2 = 0.003. A = 10,000 / (1/1.0031 + 1/(1.0031 × 1.003))
    // = 5,023.011982… → 5,023.01.
    // 1: 10,000.00 × 0.0031 = 31.00; principal 4,992.01, balance 5,007.99.
    // 2: 5,007.99 × 0.003 = 15.02397 → 15.02; principal 5,007.99, payment 5,023.01.
    expect(
      table({
        method: 'equal-instalment',
        principalFen: 10_000_00,
        annualRate: '0.036',
        termMonths: 2,
        firstDueDate: '2026-03-31',
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
      }),
    ).toEqual([
      ['2026-03-31', 4_992_01, 31_00, 5_023_01, 5_007_99],
      ['2026-04-30', 5_007_99, 15_02, 5_023_01, 0],
    ]);
  });

  it('equal instalments never amortise negatively when a long month’s interest exceeds A', () => {
    // At 99% over 60 months A ≈ 8.3% of the principal, but 31 days of ACT/360 interest are
    // 1,000,000 × 0.99 × 31 / 360 = 85,250.00 (8.5%): the month repays interest only.
    // February: 1,000,000 × 0.99 × 28 / 360 = 77,000.00, below A, so principal is repaid again.
    const [jan, feb] = repaymentSchedule({
      method: 'equal-instalment',
      principalFen: 1_000_000_00,
      annualRate: '0.99',
      termMonths: 60,
      firstDueDate: '2026-01-31',
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
    }).rows;
    expect(jan).toMatchObject({ principalFen: 0, interestFen: 85_250_00, paymentFen: 85_250_00 });
    expect(jan?.balanceAfterFen).toBe(1_000_000_00);
    expect(feb?.interestFen).toBe(77_000_00);
    expect(feb?.principalFen).toBeGreaterThan(0);
  });

  it('equal principal with ACT/360 charges each balance for its actual days', () => {
    // Principal 360,000 / 3 = 120,000.00. Daily rate 3.6% / 360 = 0.0001.
    // 15 Feb → 15 Mar (28 days): 360,000 × 0.0001 × 28 = 1,008.00
    // 15 Mar → 15 Apr (31 days): 240,000 × 0.0001 × 31 = 744.00
    // 15 Apr → 15 May (30 days): 120,000 × 0.0001 × 30 = 360.00
    expect(
      table({
        method: 'equal-principal',
        principalFen: 360_000_00,
        annualRate: '0.036',
        termMonths: 3,
        firstDueDate: '2026-03-15',
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
      }),
    ).toEqual([
      ['2026-03-15', 120_000_00, 1_008_00, 121_008_00, 240_000_00],
      ['2026-04-15', 120_000_00, 744_00, 120_744_00, 120_000_00],
      ['2026-05-15', 120_000_00, 360_00, 120_360_00, 0],
    ]);
  });

  it('interest only with ACT/360: interest monthly, the whole principal in the last row', () => {
    // ¥1,000,000 × 3.6% / 360 = 100.00 a day; periods 31 Dec → 31 Jan → 28 Feb → 31 Mar
    // are 31, 28 and 31 days: 3,100.00, 2,800.00, 3,100.00.
    expect(
      table({
        method: 'interest-only',
        principalFen: 1_000_000_00,
        annualRate: '0.036',
        termMonths: 3,
        firstDueDate: '2026-01-31',
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
      }),
    ).toEqual([
      ['2026-01-31', 0, 3_100_00, 3_100_00, 1_000_000_00],
      ['2026-02-28', 0, 2_800_00, 2_800_00, 1_000_000_00],
      ['2026-03-31', 1_000_000_00, 3_100_00, 1_003_100_00, 0],
    ]);
  });

  it('interest only with ACT/365 counts the leap day', () => {
    // ¥1,000,000 × 3.65% / 365 = 100.00 a day; 31 Dec 2023 → 31 Jan → 29 Feb → 31 Mar 2024
    // are 31, 29 and 31 days.
    expect(
      table({
        method: 'interest-only',
        principalFen: 1_000_000_00,
        annualRate: '0.0365',
        termMonths: 3,
        firstDueDate: '2024-01-31',
        dayCount: 'ACT/365',
        dueDateRule: 'unadjusted',
      }).map((row) => row[2]),
    ).toEqual([3_100_00, 2_900_00, 3_100_00]);
  });

  it.each([
    [50, 1], // 0.5 fen → 1
    [150, 2], // 1.5 fen → 2
    [250, 3], // 2.5 fen → 3 (half-even would give 2)
    [249, 2], // 2.49 fen → 2
  ])('rounds interest half up: %i fen at 1%% a month → %i fen', (principalFen, interestFen) => {
    const [row] = repaymentSchedule({
      method: 'interest-only',
      principalFen,
      annualRate: '0.12',
      termMonths: 1,
      firstDueDate: '2026-06-30',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
    }).rows;
    expect(row?.interestFen).toBe(interestFen);
  });
});

describe('due dates', () => {
  const dates = (firstDueDate: string, termMonths: number) =>
    repaymentSchedule({
      method: 'equal-principal',
      principalFen: 1_000_000_00,
      annualRate: '0.0385',
      termMonths,
      firstDueDate,
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
    }).rows.map((r) => r.dueDate);

  it('keep the day of month, clamped to the month end, through leap and common Februaries', () => {
    expect(dates('2024-01-31', 14)).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
    ]);
    expect(dates('2026-01-30', 3)).toEqual(['2026-01-30', '2026-02-28', '2026-03-30']);
    expect(dates('2100-01-29', 2)).toEqual(['2100-01-29', '2100-02-28']); // 2100 is not leap
  });

  it('anchor on the first due date, not on month ends', () => {
    expect(dates('2026-02-28', 3)).toEqual(['2026-02-28', '2026-03-28', '2026-04-28']);
    expect(dates('2025-12-15', 2)).toEqual(['2025-12-15', '2026-01-15']);
  });

  it('start the first ACT period one clamped month before the first due date', () => {
    // 31 Mar → the period runs from 28 Feb (31 days); 1 Mar → from 1 Feb (28 days).
    const firstInterest = (firstDueDate: string) =>
      repaymentSchedule({
        method: 'interest-only',
        principalFen: 3_600_000_00,
        annualRate: '0.01',
        termMonths: 1,
        firstDueDate,
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
      }).rows[0]?.interestFen;
    // 3,600,000 × 1% / 360 = 100.00 a day.
    expect(firstInterest('2026-03-31')).toBe(31 * 100_00);
    expect(firstInterest('2026-03-01')).toBe(28 * 100_00);
  });

  it('count from the value date when it is known: no drift after a short month', () => {
    const schedule = repaymentSchedule({
      method: 'interest-only',
      principalFen: 3_600_000_00,
      annualRate: '0.01',
      termMonths: 3,
      firstDueDate: '2026-02-28',
      valueDate: '2026-01-31',
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
    });
    expect(schedule.rows.map((r) => r.dueDate)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
    // 31 Jan → 28 Feb is 28 days of interest at 100.00 a day; 28 Feb → 31 Mar is 31.
    expect(schedule.rows.map((r) => r.interestFen)).toEqual([28, 31, 30].map((d) => d * 100_00));
  });

  it('refuse a first due date that is not one month after the value date', () => {
    expect(() =>
      repaymentSchedule({
        method: 'interest-only',
        principalFen: 100_00,
        annualRate: '0.01',
        termMonths: 3,
        firstDueDate: '2026-02-27',
        valueDate: '2026-01-31',
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
      }),
    ).toThrow(/one month after the value date/);
  });

  it('move whole months from any date, clamped to the month end', () => {
    expect(monthsAfter('2026-12-31', 1)).toBe('2027-01-31');
    expect(monthsAfter('2028-01-31', 1)).toBe('2028-02-29');
    expect(monthsAfter('2026-01-31', 3)).toBe('2026-04-30');
    expect(monthsAfter('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('validation', () => {
  const valid: RepaymentTerms = {
    method: 'equal-instalment',
    principalFen: 1_000_000_00,
    annualRate: '0.0385',
    termMonths: 36,
    firstDueDate: '2026-01-31',
    dayCount: 'ACT/360',
    dueDateRule: 'unadjusted',
  };
  const failedFields = (patch: Record<string, unknown>): string[] => {
    try {
      repaymentSchedule({ ...valid, ...patch } as RepaymentTerms);
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      return [...new Set((error as ZodError).issues.map((i) => i.path.join('.')))];
    }
    return [];
  };

  it('accepts the bounds: 1 fen to ¥1,000,000,000,000, 1 and 60 months, the extreme rates', () => {
    expect(failedFields({ principalFen: 1, termMonths: 1 })).toEqual([]);
    expect(failedFields({ principalFen: 100_000_000_000_000, termMonths: 60 })).toEqual([]);
    expect(failedFields({ annualRate: '0.000001' })).toEqual([]);
    expect(failedFields({ annualRate: '0.999999' })).toEqual([]);
  });

  it.each([
    ['principalFen', 0],
    ['principalFen', -100],
    ['principalFen', 1.5],
    ['principalFen', 100_000_000_000_001],
    ['principalFen', 2 ** 53],
    ['annualRate', '0'],
    ['annualRate', '0.000000'],
    ['annualRate', '1'],
    ['annualRate', '1.0'],
    ['annualRate', '-0.01'],
    ['annualRate', '.05'],
    ['annualRate', '0.0000001'],
    ['annualRate', '3.85%'],
    ['annualRate', 0.0385],
    ['termMonths', 0],
    ['termMonths', 61],
    ['termMonths', 12.5],
    ['firstDueDate', '2026-02-30'],
    ['firstDueDate', '2026-1-31'],
    ['dayCount', 'ACT/366'],
    ['method', 'balloon'],
  ])('refuses %s = %j, naming the field', (field, value) => {
    expect(failedFields({ [field]: value })).toEqual([field]);
  });
});

describe('properties over amounts, rates, terms, methods and day counts', () => {
  const terms = fc.record({
    method: fc.constantFrom(...repaymentMethods),
    principalFen: fc.oneof(
      fc.integer({ min: 1, max: 1_000 }),
      fc.integer({ min: 1, max: 100_000_000_00 }),
      fc.integer({ min: 1, max: 100_000_000_000_000 }),
    ),
    annualRate: fc
      .integer({ min: 1, max: 999_999 })
      .map((micro) => `0.${String(micro).padStart(6, '0')}`),
    termMonths: fc.integer({ min: 1, max: 60 }),
    firstDueDate: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    dayCount: fc.constantFrom(...dayCounts),
    dueDateRule: fc.constantFrom(...dueDateRules),
  });

  it('repays exactly the principal, never overdraws the balance, and adds up', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const { rows, totals } = repaymentSchedule(t);
        expect(rows).toHaveLength(t.termMonths);
        expect(rows.reduce((sum, r) => sum + r.principalFen, 0)).toBe(t.principalFen);
        expect(totals.principalFen).toBe(t.principalFen);
        expect(totals.paymentFen).toBe(totals.principalFen + totals.interestFen);
        expect(Number.isSafeInteger(totals.paymentFen)).toBe(true);
        let balance = t.principalFen;
        rows.forEach((r, i) => {
          expect(r.n).toBe(i + 1);
          expect(r.principalFen).toBeGreaterThanOrEqual(0);
          expect(r.interestFen).toBeGreaterThanOrEqual(0);
          expect(r.paymentFen).toBe(r.principalFen + r.interestFen);
          balance -= r.principalFen;
          expect(r.balanceAfterFen).toBe(balance);
          expect(balance).toBeGreaterThanOrEqual(0);
        });
        expect(rows.at(-1)?.balanceAfterFen).toBe(0);
      }),
    );
  });

  it('falls due monthly on the first due date’s day, clamped to month ends, unadjusted', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const anchor = Number(t.firstDueDate.slice(8));
        repaymentSchedule({ ...t, dueDateRule: 'unadjusted' }).rows.forEach((r, i) => {
          const [y0, m0] = t.firstDueDate.split('-').map(Number) as [number, number];
          const monthIndex = y0 * 12 + m0 - 1 + i;
          const [y, m, d] = r.dueDate.split('-').map(Number) as [number, number, number];
          expect(y * 12 + m - 1).toBe(monthIndex);
          const monthEnd = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(d).toBe(Math.min(anchor, monthEnd));
        });
      }),
    );
  });

  it('interest only: all principal in the last row', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const { rows } = repaymentSchedule({ ...t, method: 'interest-only' });
        expect(rows.slice(0, -1).every((r) => r.principalFen === 0)).toBe(true);
        expect(rows.at(-1)?.principalFen).toBe(t.principalFen);
      }),
    );
  });

  it('equal principal: P / n rounded half up each month (never past the balance), the rest last', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const { principalFen: p, termMonths: n } = t;
        const level = Math.floor((2 * p + n) / (2 * n)); // round(p / n), half up
        const { rows } = repaymentSchedule({ ...t, method: 'equal-principal' });
        let before = p;
        rows.forEach((r, i) => {
          expect(r.principalFen).toBe(i === n - 1 ? before : Math.min(level, before));
          before = r.balanceAfterFen;
        });
      }),
    );
  });

  it('equal instalments: one level payment until the last, which carries a bounded residue', () => {
    const sizeable = fc
      .tuple(terms, fc.integer({ min: 100_000_00, max: 100_000_000_000_000 }))
      .map(([t, principalFen]) => ({ ...t, method: 'equal-instalment' as const, principalFen }));
    fc.assert(
      fc.property(sizeable, (t) => {
        const { rows } = repaymentSchedule(t);
        // An ACT month whose interest exceeds the level payment repays no principal; at high
        // ACT rates the short months can also repay the loan before its last instalment.
        const amortising = rows
          .slice(0, -1)
          .filter((r) => r.principalFen > 0 && r.balanceAfterFen > 0);
        const level = amortising[0]?.paymentFen;
        for (const r of amortising) expect(r.paymentFen).toBe(level);
        if (t.dayCount !== '30/360' || level === undefined) return;
        // 30/360 is the textbook annuity: every month amortises, and the last payment differs
        // from the level one by the rounding residue, bounded by n·(1 + i)^n + 1 fen.
        expect(amortising).toHaveLength(t.termMonths - 1);
        const growth = (1 + Number(t.annualRate) / 12) ** t.termMonths;
        const bound = Math.ceil(t.termMonths * growth) + 1;
        expect(Math.abs(rows.at(-1)!.paymentFen - level)).toBeLessThanOrEqual(bound);
      }),
    );
  });
});
