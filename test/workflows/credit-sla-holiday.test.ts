// The review SLA across New Year's Day and a weekend, on a time-skipping server of its own
// (its clock is moved to the end of the year, so no other test may share it).
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, shanghaiDate } from '../../domain/calendar.ts';
import { reviewUpdate } from '../../domain/contracts/credit.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { eventually } from '../support/eventually.ts';
import { proposedTerms } from '../support/fixtures.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An instant given as Shanghai wall time. */
const shanghai = (isoDate: string, hour = 0) =>
  new Date(Date.parse(`${isoDate}T00:00:00+08:00`) + hour * HOUR);

/**
 * The review due time of a file completed on `start`, counted here by hand: two days that
 * are neither weekend days nor 1 January, the one holiday this span holds (the end of a
 * year is never in a lunar holiday, and no make-up day falls in its last days).
 */
function reviewDueByHand(start: string): Date {
  let date = start;
  for (let counted = 0; counted < 2;) {
    date = shanghaiDate(new Date(shanghai(date).getTime() + DAY + HOUR));
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !date.endsWith('-01-01')) counted += 1;
  }
  return shanghai(date, 24);
}

const events = (id: string, action: string) =>
  testbed.database.db.auditEvent.findMany({ where: { entityId: id, action } });

describe('review SLA over New Year', () => {
  it('skips the public holiday and the weekend, reminds on the due day, escalates after', async () => {
    // 30 December of this year, or of the next if it has passed: the file completes then.
    const now = await testbed.env.currentTimeMs();
    let year = Number(shanghaiDate(new Date(now)).slice(0, 4));
    if (shanghai(`${year}-12-30`, 10).getTime() <= now) year += 1;
    const start = `${year}-12-30`;
    expect(isWorkingDay(`${year + 1}-01-01`)).toBe(false);
    await testbed.env.sleep(shanghai(start, 10).getTime() - now);

    const c = await testbed.fileCase();
    await c.untilStep('review');
    const due = reviewDueByHand(start);
    const task = () =>
      testbed.database.db.task.findUniqueOrThrow({
        where: { key: creditApplication.taskKey(c.id, 'REVIEW') },
      });
    expect((await task()).dueAt).toEqual(due);
    // Two working days at the turn of a year always reach past 1 January and a weekend.
    expect(due.getTime() - shanghai(start, 24).getTime()).toBeGreaterThan(3 * DAY);

    // The reminder comes as the last working day begins, not on the holiday before it.
    const dueDayStart = new Date(due.getTime() - DAY);
    await testbed.env.sleep(dueDayStart.getTime() - HOUR - (await testbed.env.currentTimeMs()));
    expect(await events(c.id, 'reminder_sent')).toEqual([]);
    await testbed.env.sleep(2 * HOUR);
    await eventually(async () => expect(await events(c.id, 'reminder_sent')).toHaveLength(1));
    expect(await events(c.id, 'escalated')).toEqual([]);

    await testbed.env.sleep(due.getTime() + HOUR - (await testbed.env.currentTimeMs()));
    await eventually(async () => expect((await task()).escalatedAt).not.toBeNull());
    expect(await events(c.id, 'escalated')).toHaveLength(1);

    const officer = { userId: randomUUID(), role: 'OFFICER' as const };
    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    await c.handle.terminate('test over');
  });
});
