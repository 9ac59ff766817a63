import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  isCovered,
  isWorkingDay,
  shanghaiDate,
  workingDaysBetween,
  type WorkingDayCalendar,
  calendarOutlook,
} from '../../domain/calendar.ts';
import { Lunar } from 'lunar-typescript';
import { CN_CALENDAR } from '../../domain/calendar-cn.ts';

/** An instant given as Shanghai wall-clock time: sh('2026-09-30T10:00'). */
const sh = (local: string): Date => new Date(`${local}+08:00`);
/** The due instant addWorkingDays gives for a last working day: 24:00 Shanghai of it. */
const endOf = (isoDate: string): Date => new Date(Date.parse(`${isoDate}T16:00:00Z`));

const weekday = (isoDate: string): number => new Date(`${isoDate}T00:00:00Z`).getUTCDay();
const datesOf = (year: number): string[] =>
  Array.from({ length: 366 }, (_, i) =>
    new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10),
  ).filter((d) => d.startsWith(`${year}-`));

describe('CN_CALENDAR data', () => {
  const all = [...CN_CALENDAR.holidays, ...CN_CALENDAR.makeUpWorkdays];

  it('holds sorted, unique, real dates inside the covered years, never both off and on', () => {
    for (const list of [CN_CALENDAR.holidays, CN_CALENDAR.makeUpWorkdays]) {
      expect([...list].sort()).toEqual(list);
    }
    expect(new Set(all).size).toBe(all.length);
    for (const date of all) {
      expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
      expect(isCovered(Number(date.slice(0, 4)))).toBe(true);
    }
  });

  it('makes up only on weekends', () => {
    for (const date of CN_CALENDAR.makeUpWorkdays) expect([0, 6]).toContain(weekday(date));
  });

  it.each([2025, 2026])('gives %i its 13 statutory days off (weekday holidays − make-ups)', (y) => {
    const weekdayHolidays = CN_CALENDAR.holidays.filter(
      (d) => d.startsWith(`${y}-`) && ![0, 6].includes(weekday(d)),
    ).length;
    const makeUps = CN_CALENDAR.makeUpWorkdays.filter((d) => d.startsWith(`${y}-`)).length;
    expect(weekdayHolidays - makeUps).toBe(13);
  });

  it.each([2025, 2026])('has 248 working days in %i', (year) => {
    // 2025: 261 weekdays − 18 weekday holidays + 5 make-ups; 2026: 261 − 19 + 6.
    expect(datesOf(year).filter((d) => isWorkingDay(d))).toHaveLength(248);
  });
});

describe('the provisional years', () => {
  it.each(Object.entries(CN_CALENDAR.lunarDates))(
    '%s holds the lunar dates an independent lunisolar calendar computes',
    (year, dates) => {
      const y = Number(year);
      const newYear = Lunar.fromYmd(y, 1, 1).getSolar();
      expect(dates).toEqual({
        springFestivalEve: newYear.next(-1).toYmd(),
        qingming: Lunar.fromYmd(y, 3, 1).getJieQiTable()['清明']!.toYmd(),
        dragonBoat: Lunar.fromYmd(y, 5, 5).getSolar().toYmd(),
        midAutumn: Lunar.fromYmd(y, 8, 15).getSolar().toYmd(),
      });
    },
  );

  it('reach as far as the longest loan filed today can run, with every year after the official ones', () => {
    const outlook = calendarOutlook();
    expect(outlook.official).toEqual({ from: 2025, to: 2026 });
    expect(outlook.provisional).toEqual({ from: 2027, to: 2032 });
    // 60 months from the end of the official data, and the due date moved past a holiday.
    expect(outlook.provisional!.to).toBeGreaterThanOrEqual(outlook.official.to + 5);
  });

  // 13 statutory days a year, one fewer where 中秋 falls on 国庆 (2028, 2031).
  it.each([
    [2027, 13],
    [2028, 12],
    [2029, 13],
    [2030, 13],
    [2031, 12],
    [2032, 13],
  ])('gives %i its %i statutory days off, given back when they fall on a weekend', (y, n) => {
    const weekdaysOff = datesOf(y).filter((d) => ![0, 6].includes(weekday(d)) && !isWorkingDay(d));
    expect(weekdaysOff).toHaveLength(n);
  });
});

describe('isCovered', () => {
  it.each([
    [2024, false],
    [2025, true],
    [2026, true],
    [2027, false],
    [2025.5, false],
  ])('%s → %s', (year, covered) => {
    expect(isCovered(year)).toBe(covered);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-03-07', true, 'ordinary Friday'],
    ['2025-03-08', false, 'ordinary Saturday'],
    ['2025-01-26', true, 'make-up Sunday before Spring Festival 2025'],
    ['2025-10-08', false, 'Wednesday, last day of National Day 2025'],
    ['2025-10-11', true, 'make-up Saturday after National Day 2025'],
    ['2026-01-01', false, "New Year's Day 2026"],
    ['2026-01-03', false, 'Saturday inside the New Year holiday'],
    ['2026-01-04', true, 'make-up Sunday after New Year 2026'],
    ['2026-02-14', true, 'make-up Saturday before Spring Festival 2026'],
    ['2026-02-23', false, 'Monday, last day of Spring Festival 2026'],
    ['2026-02-24', true, 'first working day after Spring Festival 2026'],
    ['2026-02-28', true, 'make-up Saturday after Spring Festival 2026'],
    ['2026-09-20', true, 'make-up Sunday before National Day 2026'],
    ['2026-10-07', false, 'Wednesday, last day of National Day 2026'],
    ['2026-10-10', true, 'make-up Saturday after National Day 2026'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2027-01-01', false, 'uncovered year: Friday, but 元旦 is a statutory fixed date'],
    ['2027-05-03', false, 'provisional: Monday in lieu of 1 May, a Saturday (补假)'],
    ['2027-05-04', false, 'provisional: Tuesday in lieu of 2 May, a Sunday'],
    ['2027-05-05', true, 'provisional: Wednesday, no bridging days are assumed'],
    ['2027-10-04', false, 'provisional: Monday in lieu of 2 Oct, a Saturday'],
    ['2027-10-06', true, 'provisional: Wednesday after the in-lieu days'],
    ['2027-02-05', false, "provisional: 除夕 2027, New Year's Eve is a holiday since 2025"],
    ['2027-02-08', false, 'provisional: 正月初三 2027, a Monday'],
    ['2027-02-09', false, 'provisional: Tuesday in lieu of 初一, a Saturday'],
    ['2027-02-11', true, 'provisional: Thursday after the Spring Festival'],
    ['2027-06-09', false, 'provisional: 端午 2027, a Wednesday'],
    ['2028-10-03', false, 'provisional: 中秋 on 国庆 2028'],
    ['2031-10-01', false, 'provisional: 中秋 on 国庆 2031'],
    ['2033-01-31', true, 'beyond the lunar data: only the fixed-date holidays are known'],
    ['2024-10-03', false, 'uncovered year: Thursday, 国庆节'],
    ['2024-10-08', true, 'uncovered year: Tuesday, Mon–Fri assumed'],
    ['2024-10-05', false, 'uncovered year: Saturday'],
  ])('%s → %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-2-3', '20260101', '2026-01-01T00:00', ''])(
    'rejects %j',
    (date) => {
      expect(() => isWorkingDay(date)).toThrow(/not an ISO date/);
    },
  );
});

describe('shanghaiDate', () => {
  it('turns over at 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(shanghaiDate(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2026-03-01T00:00:00Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });

  it('maps every instant of a Shanghai day to that day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 86_400_000 - 1 }),
        (someDay, msIntoDay) => {
          const iso = someDay.toISOString().slice(0, 10);
          const midnight = Date.parse(`${iso}T00:00:00+08:00`);
          expect(shanghaiDate(new Date(midnight + msIntoDay))).toBe(iso);
        },
      ),
    );
  });
});

describe('addWorkingDays', () => {
  it.each([
    // start, n, last working day counted
    ['2025-03-07T10:00', 1, '2025-03-10', 'Friday → Monday across a weekend'],
    ['2025-03-07T23:59:59.999', 1, '2025-03-10', 'Friday just before midnight'],
    ['2025-03-08T00:00', 1, '2025-03-10', 'Saturday start: the start day never counts'],
    ['2025-03-10T00:00', 1, '2025-03-11', 'Monday 00:00: Monday itself does not count'],
    ['2025-03-07T10:00', 5, '2025-03-14', 'a full week'],
    ['2026-09-30T15:00', 1, '2026-10-08', 'National Day 2026 skipped'],
    ['2026-09-30T15:00', 3, '2026-10-10', 'make-up Saturday 10/10 counts'],
    ['2026-09-30T15:00', 4, '2026-10-12', 'Sunday 10/11 does not'],
    ['2026-09-30T15:00', 5, '2026-10-13', '5-day credit SLA across National Day 2026'],
    ['2026-02-13T09:00', 1, '2026-02-14', 'make-up Saturday before Spring Festival 2026'],
    ['2026-02-13T09:00', 2, '2026-02-24', 'Spring Festival 2/15–2/23 skipped'],
    ['2026-02-13T09:00', 6, '2026-02-28', 'make-up Saturday after Spring Festival 2026'],
    ['2026-02-13T09:00', 7, '2026-03-02', 'then Monday'],
    ['2026-10-03T12:00', 1, '2026-10-08', 'start on a holiday'],
    ['2026-01-01T12:00', 1, '2026-01-04', 'start on a holiday; make-up Sunday 1/4 counts'],
    ['2026-01-04T09:00', 1, '2026-01-05', 'start on make-up Sunday: the start day never counts'],
    ['2025-09-26T17:30', 15, '2025-10-23', '15-day pledge SLA across National Day 2025'],
    ['2026-12-31T10:00', 1, '2027-01-04', 'into an uncovered year: 元旦 and the weekend skipped'],
  ])('%s + %i → end of %s (%s)', (start, n, lastDay) => {
    expect(addWorkingDays(sh(start), n)).toEqual(endOf(lastDay));
  });

  it('returns the start instant itself for n = 0', () => {
    const start = sh('2026-10-03T12:34:56.789');
    const due = addWorkingDays(start, 0);
    expect(due).toEqual(start);
    expect(due).not.toBe(start);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %s', (n) => {
    expect(() => addWorkingDays(sh('2026-03-02T09:00'), n)).toThrow(RangeError);
  });

  it('rejects an invalid start, even for n = 0', () => {
    expect(() => addWorkingDays(new Date('nope'), 0)).toThrow(RangeError);
  });

  it('follows the calendar it is given (a case keeps its pinned version)', () => {
    const pinned: WorkingDayCalendar = {
      ...CN_CALENDAR,
      version: 'test-extra-holiday',
      holidays: [...CN_CALENDAR.holidays, '2026-03-09'],
    };
    const friday = sh('2026-03-06T10:00');
    expect(addWorkingDays(friday, 1)).toEqual(endOf('2026-03-09'));
    expect(addWorkingDays(friday, 1, pinned)).toEqual(endOf('2026-03-10'));
    expect(workingDaysBetween(friday, endOf('2026-03-10'), pinned)).toBe(1);
    expect(isWorkingDay('2026-03-09', pinned)).toBe(false);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-03-07T10:00', '2025-03-07T18:00', 0, 'same day'],
    ['2025-03-07T10:00', '2025-03-10T23:59:59.999', 0, 'Monday not over yet'],
    ['2025-03-07T10:00', '2025-03-11T00:00', 1, 'Monday over'],
    ['2026-02-13T12:00', '2026-02-25T00:00', 2, 'Spring Festival 2026: 2/14 and 2/24'],
    ['2026-09-30T09:00', '2026-10-11T00:00', 3, 'National Day 2026: 10/8, 10/9, 10/10'],
    ['2024-12-31T12:00', '2026-01-01T00:00', 248, 'the whole of 2025'],
    ['2024-12-31T12:00', '2027-01-01T00:00', 496, 'the whole of 2025 and 2026'],
  ])('%s → %s: %i (%s)', (a, b, days) => {
    expect(workingDaysBetween(sh(a), sh(b))).toBe(days);
  });

  it('rejects b before a and invalid dates', () => {
    expect(() => workingDaysBetween(sh('2026-03-03T00:00'), sh('2026-03-02T00:00'))).toThrow(
      /before/,
    );
    expect(() => workingDaysBetween(sh('2026-03-03T00:00'), new Date('nope'))).toThrow(RangeError);
    expect(() => workingDaysBetween(new Date('nope'), sh('2026-03-03T00:00'))).toThrow(RangeError);
  });

  it('is the inverse of addWorkingDays, and the due instant is the earliest such', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-10-01'), max: new Date('2027-03-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 60 }),
        (start, n) => {
          const due = addWorkingDays(start, n);
          expect(workingDaysBetween(start, due)).toBe(n);
          if (n > 0) {
            const justBefore = new Date(due.getTime() - 1);
            expect(workingDaysBetween(start, justBefore)).toBe(n - 1);
            // Due at 24:00 Shanghai of a working day.
            expect(due.toISOString().slice(11)).toBe('16:00:00.000Z');
            expect(isWorkingDay(shanghaiDate(justBefore))).toBe(true);
          }
        },
      ),
    );
  });
});
