import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingMs,
  isWorkingDay,
  shanghaiDate,
  workingMsBetween,
} from '../../domain/calendar.ts';
import {
  deadline,
  dueTime,
  pauseClock,
  reminderTime,
  resumeClock,
  runningClock,
  type SlaClock,
} from '../../domain/sla-clock.ts';

/** An instant given as Shanghai wall-clock time: sh('2026-09-30T10:00'). */
const sh = (local: string): Date => new Date(`${local}+08:00`);
/** 24:00 Shanghai of a date: the instant a due date of whole working days ends. */
const endOf = (isoDate: string): Date => new Date(Date.parse(`${isoDate}T16:00:00Z`));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A clock paused from `from` to `to`, starting from `clock`. */
const pausedBetween = (from: Date, to: Date, clock: SlaClock = runningClock) =>
  resumeClock(pauseClock(clock, from), to);

// Dates used below: 2026-11-27 is a Friday. National Day 2026: 1–7 October off (Thu–Wed),
// 8 and 9 October (Thu, Fri) worked, Saturday 10 October a make-up workday.

describe('pausing the SLA clock', () => {
  // Due Monday 30 November 24:00, set while the clock ran.
  const due = deadline(runningClock, endOf('2026-11-30'));

  it('moves nothing for a pause over a weekend', () => {
    const clock = pausedBetween(sh('2026-11-28T09:00'), sh('2026-11-29T21:00'));
    expect(clock).toEqual({ pausedMs: 0 });
    expect(dueTime(clock, due)).toEqual(endOf('2026-11-30'));
  });

  it('moves nothing for a pause from Friday 24:00 to Monday 00:00', () => {
    const clock = pausedBetween(endOf('2026-11-27'), sh('2026-11-30T00:00'));
    expect(dueTime(clock, due)).toEqual(endOf('2026-11-30'));
  });

  it('moves the due time two working days for a pause over two working days', () => {
    const thursday = deadline(runningClock, endOf('2026-12-03'));
    const clock = pausedBetween(sh('2026-11-30T10:00'), sh('2026-12-02T10:00'));
    expect(clock.pausedMs).toBe(2 * DAY);
    // Two working days after Thursday 24:00: Friday, then (weekend skipped) Monday.
    expect(dueTime(clock, thursday)).toEqual(endOf('2026-12-07'));
  });

  it('counts a pause over a weekend by its working time only', () => {
    // Friday 18:00 → Monday 09:00: 6 h of Friday and 9 h of Monday.
    const clock = pausedBetween(sh('2026-11-27T18:00'), sh('2026-11-30T09:00'));
    expect(clock.pausedMs).toBe(15 * HOUR);
    expect(dueTime(clock, due)).toEqual(sh('2026-12-01T15:00'));
  });

  it('moves a due time across National Day by the working time inside the pause only', () => {
    // Wed 30 Sep 12:00 → Fri 9 Oct 12:00: 12 h of 30 Sep, all of 8 Oct, 12 h of 9 Oct.
    const clock = pausedBetween(sh('2026-09-30T12:00'), sh('2026-10-09T12:00'));
    expect(clock.pausedMs).toBe(2 * DAY);
    // Due 30 Sep 24:00 → 8 Oct 24:00 → 9 Oct 24:00, not 2 Oct.
    expect(dueTime(clock, deadline(runningClock, endOf('2026-09-30')))).toEqual(
      endOf('2026-10-09'),
    );
    // Due 9 Oct 24:00 → Sat 10 Oct (worked) 24:00 → Sunday off → Mon 12 Oct 24:00.
    expect(dueTime(clock, deadline(runningClock, endOf('2026-10-09')))).toEqual(
      endOf('2026-10-12'),
    );
  });

  it('moves nothing for a pause inside the holiday', () => {
    const clock = pausedBetween(sh('2026-10-01T08:00'), sh('2026-10-07T20:00'));
    expect(clock.pausedMs).toBe(0);
  });

  it('leaves due times where they are while the pause runs, and the first pause start stands', () => {
    const paused = pauseClock(runningClock, sh('2026-11-30T10:00'));
    expect(dueTime(paused, due)).toEqual(endOf('2026-11-30'));
    expect(pauseClock(paused, sh('2026-11-30T15:00'))).toBe(paused);
    expect(resumeClock(paused, sh('2026-11-30T12:00')).pausedMs).toBe(2 * HOUR);
    expect(resumeClock(runningClock, sh('2026-11-30T12:00'))).toBe(runningClock);
  });

  it('adds up successive pauses, and moves a deadline only by the pauses after it was set', () => {
    const first = pausedBetween(sh('2026-11-30T10:00'), sh('2026-11-30T14:00'));
    const setBetween = deadline(first, endOf('2026-12-02'));
    const second = pausedBetween(sh('2026-12-01T10:00'), sh('2026-12-01T16:00'), first);
    expect(second.pausedMs).toBe(10 * HOUR);
    expect(dueTime(second, due)).toEqual(sh('2026-12-01T10:00'));
    expect(dueTime(second, setBetween)).toEqual(sh('2026-12-03T06:00'));
  });
});

describe('reminderTime', () => {
  it('one working day before a Monday 24:00 due time is Monday 00:00', () => {
    expect(reminderTime(endOf('2026-11-30'), 1)).toEqual(sh('2026-11-30T00:00'));
  });

  it('skips the weekend before a Monday due time within the day', () => {
    expect(reminderTime(sh('2026-11-30T10:00'), 1)).toEqual(sh('2026-11-27T10:00'));
  });

  it('skips the holiday before the first working days after it', () => {
    // Thu 8 Oct 10:00 less a working day: 10 h of 8 Oct, then 14 h back from 30 Sep 24:00.
    expect(reminderTime(sh('2026-10-08T10:00'), 1)).toEqual(sh('2026-09-30T10:00'));
    // Fri 9 Oct 10:00 less two working days: the same instant.
    expect(reminderTime(sh('2026-10-09T10:00'), 2)).toEqual(sh('2026-09-30T10:00'));
    expect(reminderTime(endOf('2026-10-09'), 1)).toEqual(sh('2026-10-09T00:00'));
    expect(reminderTime(endOf('2026-10-09'), 3)).toEqual(sh('2026-09-30T00:00'));
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(reminderTime(sh('2026-10-12T10:00'), 1)).toEqual(sh('2026-10-10T10:00'));
  });
});

describe('workingMsBetween and addWorkingMs', () => {
  it('count only working time, and are inverse to each other', () => {
    const cases: [from: Date, to: Date, ms: number][] = [
      [sh('2026-11-27T18:00'), sh('2026-11-30T09:00'), 15 * HOUR],
      [sh('2026-11-30T09:00'), sh('2026-12-04T09:00'), 4 * DAY],
      [sh('2026-11-27T09:00'), sh('2026-12-04T09:00'), 5 * DAY],
      [sh('2026-09-30T12:00'), sh('2026-10-09T12:00'), 2 * DAY],
      [sh('2026-10-09T20:00'), sh('2026-10-12T01:00'), 29 * HOUR],
    ];
    for (const [from, to, ms] of cases) {
      expect(workingMsBetween(from, to)).toBe(ms);
      expect(addWorkingMs(from, ms)).toEqual(to);
      expect(addWorkingMs(to, -ms)).toEqual(from);
    }
  });

  it('stop at the end of a working day rather than the start of the next', () => {
    expect(addWorkingMs(sh('2026-11-27T18:00'), 6 * HOUR)).toEqual(endOf('2026-11-27'));
    expect(addWorkingMs(endOf('2026-11-30'), -DAY)).toEqual(sh('2026-11-30T00:00'));
  });

  it('find no working time inside a weekend, and move nothing by zero', () => {
    expect(workingMsBetween(sh('2026-11-28T10:00'), sh('2026-11-29T20:00'))).toBe(0);
    expect(addWorkingMs(sh('2026-11-28T10:00'), 0)).toEqual(sh('2026-11-28T10:00'));
    expect(addWorkingMs(sh('2026-11-28T10:00'), HOUR)).toEqual(sh('2026-11-30T01:00'));
  });

  it('reject b before a and a fractional amount', () => {
    expect(() => workingMsBetween(sh('2026-11-30T10:00'), sh('2026-11-30T09:00'))).toThrow(
      RangeError,
    );
    expect(() => addWorkingMs(sh('2026-11-30T10:00'), 0.5)).toThrow(RangeError);
  });

  it('round-trip for any start and amount', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 30 * DAY }),
        (start, ms) => {
          const end = addWorkingMs(start, ms);
          expect(workingMsBetween(start, end)).toBe(ms);
          // Back from the end lands on the start when the start lies in working time.
          if (isWorkingDay(shanghaiDate(start))) expect(addWorkingMs(end, -ms)).toEqual(start);
        },
      ),
    );
  });
});
