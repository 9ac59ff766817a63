// Schedules checked against tables computed independently of this code: due dates derived
// by hand from the calendar (noted per table), money computed with exact fractions (each
// period's interest = balance × rate × days / basis, rounded half up to the fen; 等额本息's
// level payment A = P / Σ_k Π_(j≤k) 1/(1 + i_j) over the periods' own rates; the last
// instalment repays what is left). Rows are [due date, principal, interest] in fen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar.ts';
import {
  dayCounts,
  monthsAfter,
  repaymentMethods,
  repaymentSchedule,
  type RepaymentTerms,
} from '../../domain/loan/repayment-schedule.ts';

const rowsOf = (terms: Omit<RepaymentTerms, 'firstDueDate' | 'dueDateRule'>) =>
  repaymentSchedule({
    ...terms,
    firstDueDate: monthsAfter(terms.valueDate!, 1),
    dueDateRule: 'following',
  }).rows.map((r) => [r.dueDate, r.principalFen, r.interestFen]);

/** Paid 31 January 2027: 28 Feb is a Sunday (→ 1 Mar), 31 Jul a Saturday (→ 2 Aug), 31 Oct a Sunday (→ 1 Nov). */
const from31January2027 = { valueDate: '2027-01-31', termMonths: 12 };

describe('independent tables', () => {
  it('等额本息 ¥800,000.00 at 3.85% over 24 months, ACT/360, paid 5 December 2026', () => {
    // Due dates on the 5th, moved on: 5 Feb 2027 is 除夕 (the Spring Festival runs to 8 Feb,
    // 9–10 Feb in lieu of its weekend) → 11 Feb; 5 Apr 清明 → 6 Apr; 5 Oct 2027 in lieu of
    // 2 Oct → 6 Oct; weekends → the Monday (5 Jun, 5 Sep, 5 Dec 2027; 5 Feb, 5 Mar, 5 Aug,
    // 5 Nov 2028). A = 34,709.09; the last instalment is 34,709.14.
    expect(
      rowsOf({
        method: 'equal-instalment',
        principalFen: 80_000_000,
        annualRate: '0.0385',
        valueDate: '2026-12-05',
        termMonths: 24,
        dayCount: 'ACT/360',
      }),
    ).toEqual([
      ['2027-01-05', 3205687, 265222],
      ['2027-02-11', 3167038, 303871],
      ['2027-03-05', 3297680, 173229],
      ['2027-04-06', 3230225, 240684],
      ['2027-05-05', 3262808, 208101],
      ['2027-06-07', 3245619, 225290],
      ['2027-07-05', 3289473, 181436],
      ['2027-08-05', 3280939, 189970],
      ['2027-09-06', 3286039, 184870],
      ['2027-10-06', 3308136, 162773],
      ['2027-11-05', 3318749, 152160],
      ['2027-12-06', 3324680, 146229],
      ['2028-01-05', 3340064, 130845],
      ['2028-02-07', 3338767, 132142],
      ['2028-03-06', 3368786, 102123],
      ['2028-04-05', 3372300, 98609],
      ['2028-05-05', 3383119, 87790],
      ['2028-06-05', 3391409, 79500],
      ['2028-07-05', 3404854, 66055],
      ['2028-08-07', 3410265, 60644],
      ['2028-09-05', 3428192, 42717],
      ['2028-10-05', 3437718, 33191],
      ['2028-11-06', 3447270, 23639],
      ['2028-12-05', 3460183, 10731],
    ]);
  });

  it('等额本金 ¥1,000,000.00 at 4.35% over 12 months, ACT/365, paid on the 31st', () => {
    expect(
      rowsOf({
        ...from31January2027,
        method: 'equal-principal',
        principalFen: 100_000_000,
        annualRate: '0.0435',
        dayCount: 'ACT/365',
      }),
    ).toEqual([
      ['2027-03-01', 8333333, 345616],
      ['2027-03-31', 8333333, 327740],
      ['2027-04-30', 8333333, 297945],
      ['2027-05-31', 8333333, 277089],
      ['2027-06-30', 8333333, 238356],
      ['2027-08-02', 8333333, 229418],
      ['2027-08-31', 8333333, 172808],
      ['2027-09-30', 8333333, 148973],
      ['2027-11-01', 8333333, 127123],
      ['2027-11-30', 8333333, 86404],
      ['2027-12-31', 8333333, 61575],
      ['2028-01-31', 8333337, 30788],
    ]);
  });

  it('等额本息 ¥1,000,000.00 at 4.35% over 12 months, ACT/365, paid on the 31st', () => {
    // A = 85,299.27; the last instalment is 85,299.32.
    expect(
      rowsOf({
        ...from31January2027,
        method: 'equal-instalment',
        principalFen: 100_000_000,
        annualRate: '0.0435',
        dayCount: 'ACT/365',
      }),
    ).toEqual([
      ['2027-03-01', 8184311, 345616],
      ['2027-03-31', 8201654, 328273],
      ['2027-04-30', 8230978, 298949],
      ['2027-05-31', 8251423, 278504],
      ['2027-06-30', 8289908, 240019],
      ['2027-08-02', 8298510, 231417],
      ['2027-08-31', 8355241, 174686],
      ['2027-09-30', 8379091, 150836],
      ['2027-11-01', 8400990, 128937],
      ['2027-11-30', 8442113, 87814],
      ['2027-12-31', 8467247, 62680],
      ['2028-01-31', 8498534, 31398],
    ]);
  });

  it('等额本息 ¥120,000.00 at 6% over 12 months, 30/360, paid on the 31st', () => {
    // 30/360 counts 30 days a period wherever its due date moves: A is the textbook annuity at
    // 0.5% a month, 10,327.97; the last instalment is 10,327.99.
    expect(
      rowsOf({
        ...from31January2027,
        method: 'equal-instalment',
        principalFen: 12_000_000,
        annualRate: '0.06',
        dayCount: '30/360',
      }),
    ).toEqual([
      ['2027-03-01', 972797, 60000],
      ['2027-03-31', 977661, 55136],
      ['2027-04-30', 982549, 50248],
      ['2027-05-31', 987462, 45335],
      ['2027-06-30', 992399, 40398],
      ['2027-08-02', 997361, 35436],
      ['2027-08-31', 1002348, 30449],
      ['2027-09-30', 1007360, 25437],
      ['2027-11-01', 1012397, 20400],
      ['2027-11-30', 1017459, 15338],
      ['2027-12-31', 1022546, 10251],
      ['2028-01-31', 1027661, 5138],
    ]);
  });

  it('interest only, ¥500,000.00 at 3.6% over 6 months, 30/360, paid on 29 February 2028', () => {
    // The 29th of each month: 29 Apr is a Saturday and 1–2 May are 劳动节 → 3 May; 29 May is
    // the Monday in lieu of 端午 (28 May, a Sunday) → 30 May; 29 Jul a Saturday → 31 Jul.
    expect(
      rowsOf({
        method: 'interest-only',
        principalFen: 50_000_000,
        annualRate: '0.036',
        valueDate: '2028-02-29',
        termMonths: 6,
        dayCount: '30/360',
      }),
    ).toEqual([
      ['2028-03-29', 0, 150000],
      ['2028-05-03', 0, 150000],
      ['2028-05-30', 0, 150000],
      ['2028-06-29', 0, 150000],
      ['2028-07-31', 0, 150000],
      ['2028-08-29', 50000000, 150000],
    ]);
  });
});

describe('every schedule under the following rule', () => {
  const terms = fc.record({
    method: fc.constantFrom(...repaymentMethods),
    principalFen: fc.integer({ min: 100_00, max: 100_000_000_00 }),
    // Up to the ceiling the track allows (12%).
    annualRate: fc
      .integer({ min: 1_000, max: 120_000 })
      .map((m) => `0.${String(m).padStart(6, '0')}`),
    termMonths: fc.integer({ min: 1, max: 60 }),
    valueDate: fc
      .date({ min: new Date('2025-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    dayCount: fc.constantFrom(...dayCounts),
  });
  const scheduleOf = (
    t: { valueDate: string } & Omit<RepaymentTerms, 'firstDueDate' | 'dueDateRule'>,
  ) =>
    repaymentSchedule({
      ...t,
      firstDueDate: monthsAfter(t.valueDate, 1),
      dueDateRule: 'following',
    });

  it('falls due on working days only, the first on or after each month’s date', () => {
    fc.assert(
      fc.property(terms, (t) => {
        scheduleOf(t).rows.forEach((row, k) => {
          const nominal = monthsAfter(t.valueDate, k + 1);
          expect(isWorkingDay(row.dueDate)).toBe(true);
          expect(row.dueDate >= nominal).toBe(true);
          for (let d = nominal; d < row.dueDate; d = dayAfter(d))
            expect(isWorkingDay(d)).toBe(false);
        });
      }),
    );
  });

  it('levels 等额本息: every instalment equal, the last within the rounding residue', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const { rows } = scheduleOf({ ...t, method: 'equal-instalment' });
        const level = rows[0]!.paymentFen;
        // Before the last, every payment is the level one: below the ceiling no month's interest
        // exceeds it.
        for (const row of rows.slice(0, -1)) expect(row.paymentFen).toBe(level);
        // Each period adds at most a fen of rounding (half for its interest, half for A), grown
        // by the interest of the periods after it: the residue stays within Σ (1 + i_max)^j.
        const monthly = (Number(t.annualRate) * 31) / 360;
        const bound = rows.reduce((sum, _, j) => sum + (1 + monthly) ** j, 0);
        expect(Math.abs(rows.at(-1)!.paymentFen - level)).toBeLessThanOrEqual(Math.ceil(bound));
      }),
    );
  });
});

const dayAfter = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
