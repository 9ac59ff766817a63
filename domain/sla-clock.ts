// The SLA clock of an application (DOMAIN.md §2): it runs on working time from the moment the file
// is complete and stops while the applicant owes the bank something (documents, answers).
// A pause moves every deadline on by the working time it lasted, so a bank never loses
// time to the applicant's delay and never gains any either.
import { addWorkingMs, workingMsBetween, type WorkingDayCalendar } from './calendar.ts';
import { CN_CALENDAR } from './calendar-cn.ts';

const WORKING_DAY_MS = 86_400_000;

export interface SlaClock {
  /** When the running pause began; absent while the clock runs. */
  readonly pausedAt?: string;
  /** Working milliseconds of all finished pauses. */
  readonly pausedMs: number;
}

/** A due time set at some moment: where it lay then, and how much pause the clock had then. */
export interface Deadline {
  readonly base: string;
  readonly pausedMsBefore: number;
}

export const runningClock: SlaClock = { pausedMs: 0 };

export function pauseClock(clock: SlaClock, now: Date): SlaClock {
  return clock.pausedAt ? clock : { ...clock, pausedAt: now.toISOString() };
}

export function resumeClock(
  clock: SlaClock,
  now: Date,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): SlaClock {
  if (!clock.pausedAt) return clock;
  const paused = workingMsBetween(new Date(clock.pausedAt), now, calendar);
  return { pausedMs: clock.pausedMs + paused };
}

export const deadline = (clock: SlaClock, base: Date): Deadline => ({
  base: base.toISOString(),
  pausedMsBefore: clock.pausedMs,
});

/** Where `d` lies now: its base moved on by the pauses finished since it was set. */
export function dueTime(
  clock: SlaClock,
  d: Deadline,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): Date {
  return addWorkingMs(new Date(d.base), clock.pausedMs - d.pausedMsBefore, calendar);
}

/** When to remind whoever must act: `workingDays` of working time before the due time. */
export function reminderTime(
  due: Date,
  workingDays: number,
  calendar: WorkingDayCalendar = CN_CALENDAR,
): Date {
  return addWorkingMs(due, -workingDays * WORKING_DAY_MS, calendar);
}
