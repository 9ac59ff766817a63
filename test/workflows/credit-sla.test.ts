// SLA clocks of a credit case on the time-skipping server: its own server, so no other test
// moves its time. Each test first skips to a known weekday in weeks of plain Monday-to-Friday
// working days, so that every due time below is reasoned by hand (24:00 Shanghai of a day).
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../domain/calendar.ts';
import { documentChecklist2026 } from '../../domain/credit/document-checklist.data.ts';
import {
  applicationQuery,
  documentsChangedSignal,
  provideInformationUpdate,
  requestInformationUpdate,
  reviewUpdate,
} from '../../domain/contracts/credit.ts';
import { supplyDocumentRows } from '../support/application-rows.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
  type FiledApplication,
  type FilingOptions,
} from '../support/application-testbed.ts';
import { eventually } from '../support/eventually.ts';
import { proposedTerms } from '../support/fixtures.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());

// A case left waiting would fire its reminders and escalations in the next test's time skips.
const filed: FiledApplication[] = [];
afterEach(async () => {
  for (const { handle } of filed.splice(0)) {
    if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
  }
});
async function fileCase(options?: FilingOptions) {
  const c = await testbed.fileCase(options);
  filed.push(c);
  return c;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;
const MONDAY = 1;
const THURSDAY = 4;

const officer = { userId: randomUUID(), role: 'OFFICER' as const };
const approver = {
  userId: randomUUID(),
  role: 'APPROVER' as const,
  level: 'BRANCH_APPROVER' as const,
};
const applicantOf = (c: FiledApplication) => ({
  userId: c.applicant.id,
  role: 'APPLICANT' as const,
});

const shanghaiDay = (instant: Date | number) => Math.floor((+instant + SHANGHAI) / DAY);
/** 24:00 Shanghai of the day `days` after the day of `anchor`. */
const endOfDay = (anchor: Date, days: number) =>
  new Date((shanghaiDay(anchor) + days + 1) * DAY - SHANGHAI);
/** 00:00 Shanghai of the day `days` after the day of `anchor`. */
const startOfDay = (anchor: Date, days: number) => endOfDay(anchor, days - 1);

/** Whether the three weeks from `day` have working days on Monday to Friday only. */
const plainWeeks = (day: number) =>
  Array.from({ length: 21 }, (_, i) => day + i).every((d) => {
    const weekday = new Date(d * DAY).getUTCDay();
    return isWorkingDay(shanghaiDate(new Date(d * DAY))) === (weekday >= 1 && weekday <= 5);
  });

/** Skips the server's clock to the next `weekday` (0 = Sunday) at `hour`:00 Shanghai. */
async function skipTo(weekday: number, hour: number): Promise<Date> {
  let day = shanghaiDay(await testbed.env.currentTimeMs()) + 1;
  while (new Date(day * DAY).getUTCDay() !== weekday || !plainWeeks(day)) day += 1;
  return skipUntil(new Date(day * DAY - SHANGHAI + hour * HOUR));
}

async function skipUntil(instant: Date): Promise<Date> {
  const now = await testbed.env.currentTimeMs();
  expect(instant.getTime()).toBeGreaterThan(now);
  await testbed.env.sleep(instant.getTime() - now);
  return instant;
}

const db = () => testbed.database.db;
const task = (key: string) => db().task.findUniqueOrThrow({ where: { key } });
const application = (id: string) => db().application.findUniqueOrThrow({ where: { id } });
const trail = (id: string, action: string) =>
  db().auditEvent.findMany({ where: { entityId: id, action }, orderBy: { id: 'asc' } });

describe('review SLA', () => {
  it('reminds before the review due time, escalates after it, and the case goes on', async () => {
    const thursday = await skipTo(THURSDAY, 10);
    const c = await fileCase();
    await c.untilStep('review');
    const { fileCompletedAt } = await application(c.id);
    expect(shanghaiDay(fileCompletedAt!)).toBe(shanghaiDay(thursday));
    const key = creditApplication.taskKey(c.id, 'REVIEW');
    const due = (await task(key)).dueAt;
    // Two working days after Thursday: Friday, then Monday; the weekend does not count.
    expect(due).toEqual(addWorkingDays(fileCompletedAt!, 2));
    expect(due).toEqual(endOfDay(thursday, 4));

    // One working day before Monday 24:00 is Monday 00:00: nothing on Sunday evening.
    await skipUntil(new Date(startOfDay(thursday, 4).getTime() - HOUR));
    expect(await trail(c.id, 'reminder_sent')).toEqual([]);
    await skipUntil(new Date(startOfDay(thursday, 4).getTime() + HOUR));
    const [reminder] = await eventually(async () => {
      const events = await trail(c.id, 'reminder_sent');
      expect(events).toHaveLength(1);
      return events;
    });
    expect(reminder!.data).toEqual({ task: key, dueAt: due.toISOString() });
    expect(await task(key)).toMatchObject({ remindedAt: expect.any(Date), escalatedAt: null });
    expect(await trail(c.id, 'escalated')).toEqual([]);

    await skipUntil(new Date(due.getTime() + HOUR));
    const [escalation] = await eventually(async () => {
      const events = await trail(c.id, 'escalated');
      expect(events).toHaveLength(1);
      return events;
    });
    expect(escalation!.data).toMatchObject({ task: key, dueAt: due.toISOString(), to: null });
    expect(await task(key)).toMatchObject({ status: 'OPEN', escalatedAt: expect.any(Date) });
    expect((await application(c.id)).status).toBe('UNDER_REVIEW');

    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    expect((await c.handle.query(applicationQuery)).reviewerId).toBe(officer.userId);
    expect(await task(key)).toMatchObject({ status: 'DONE' });
  });
});

describe('documents', () => {
  const checklist = documentChecklist2026.items
    .filter((item) => item.products.includes('credit'))
    .map((item) => item.id);

  it('pauses the clock while the applicant supplies documents: the SLA counts from the complete file', async () => {
    const monday = await skipTo(MONDAY, 10);
    const c = await fileCase({ completeFile: false });
    const documentsKey = creditApplication.taskKey(c.id, 'DOCUMENTS');
    const documents = await eventually(() => task(documentsKey));
    expect(documents).toMatchObject({ kind: 'DOCUMENTS', role: 'APPLICANT', status: 'OPEN' });
    const { missing } = documents.detail as { missing: { id: string; zh: string; en: string }[] };
    expect(missing.map((d) => d.id)).toEqual(checklist);
    // Ten working days after Monday: Tuesday to Friday, Monday to Friday, then Monday.
    expect(documents.dueAt).toEqual(endOfDay(monday, 14));
    expect((await application(c.id)).status).toBe('AWAITING_DOCUMENTS');
    expect(await c.handle.query(applicationQuery)).toMatchObject({
      step: 'documents',
      clockPaused: true,
    });

    const thursday = await skipUntil(new Date(monday.getTime() + 3 * DAY));
    await supplyDocumentRows(db(), c.id, c.applicant.id);
    await c.handle.signal(documentsChangedSignal);
    await c.untilStep('review');
    const completed = await application(c.id);
    expect(completed.fileCompletedAt!.getTime()).toBeGreaterThanOrEqual(thursday.getTime());
    expect(shanghaiDay(completed.fileCompletedAt!)).toBe(shanghaiDay(thursday));
    expect(await task(documentsKey)).toMatchObject({ status: 'DONE' });
    expect(await c.handle.query(applicationQuery)).toMatchObject({ clockPaused: false });
    // From Thursday, not from Monday's filing (that would be Wednesday 24:00): Friday, Monday.
    expect((await task(creditApplication.taskKey(c.id, 'REVIEW'))).dueAt).toEqual(
      endOfDay(monday, 7),
    );
    // Five working days from Thursday: Friday, Monday to Thursday.
    expect(completed.decisionDueAt).toEqual(endOfDay(monday, 10));
    expect(completed.status).toBe('UNDER_REVIEW');
  });

  it('reminds before the documents deadline, and an incomplete file then expires', async () => {
    const monday = await skipTo(MONDAY, 10);
    const c = await fileCase({ completeFile: false });
    const documentsKey = creditApplication.taskKey(c.id, 'DOCUMENTS');
    const due = (await eventually(() => task(documentsKey))).dueAt;
    expect(due).toEqual(endOfDay(monday, 14));

    // Due Monday 24:00 two weeks on: the reminder comes at that Monday 00:00.
    await skipUntil(new Date(startOfDay(monday, 14).getTime() - HOUR));
    expect(await trail(c.id, 'reminder_sent')).toEqual([]);
    await skipUntil(new Date(startOfDay(monday, 14).getTime() + HOUR));
    const [reminder] = await eventually(async () => {
      const events = await trail(c.id, 'reminder_sent');
      expect(events).toHaveLength(1);
      return events;
    });
    expect(reminder!.data).toEqual({ task: documentsKey, dueAt: due.toISOString() });
    expect((await application(c.id)).status).toBe('AWAITING_DOCUMENTS');

    expect(await c.handle.result()).toMatchObject({ step: 'closed', end: 'expired' });
    expect(await testbed.env.currentTimeMs()).toBeGreaterThanOrEqual(due.getTime());
    expect((await application(c.id)).status).toBe('EXPIRED');
    expect(await task(documentsKey)).toMatchObject({ status: 'CANCELLED' });
    const [expiry] = await trail(c.id, 'file_expired');
    expect(expiry!.data).toEqual({ missing: checklist });
    const letters = await db().letter.findMany({ where: { applicationId: c.id } });
    expect(letters.map((l) => `${l.kind}:${l.language}`).sort()).toEqual([
      'file_expiry:en',
      'file_expiry:zh',
    ]);
  });
});

describe('requests for information', () => {
  it('stops the clock while a round is open, and moves the due times on by the working time it stood', async () => {
    const thursday = await skipTo(THURSDAY, 10);
    const c = await fileCase();
    await c.untilStep('review');
    const reviewKey = creditApplication.taskKey(c.id, 'REVIEW');
    // From Thursday: review due after Friday and Monday, decision after Friday, Monday–Thursday.
    expect((await task(reviewKey)).dueAt).toEqual(endOfDay(thursday, 4));
    expect((await application(c.id)).decisionDueAt).toEqual(endOfDay(thursday, 7));

    const questions = ['请说明2026年研发投入的资金来源'];
    const asked = await c.handle.executeUpdate(requestInformationUpdate, {
      args: [{ actor: officer, questions }],
    });
    expect(asked).toMatchObject({ step: 'review', informationRound: 1, clockPaused: true });
    const round1 = await task(creditApplication.taskKey(c.id, 'INFORMATION', 1));
    expect(round1).toMatchObject({
      kind: 'INFORMATION',
      role: 'APPLICANT',
      status: 'OPEN',
      detail: { round: 1, questions },
    });
    // Five working days by default: Friday, Monday to Thursday.
    expect(round1.dueAt).toEqual(endOfDay(thursday, 7));
    expect(await c.handle.query(applicationQuery)).toMatchObject({ clockPaused: true });
    await expect(
      c.handle.executeUpdate(reviewUpdate, {
        args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'InvalidState' } });

    await skipUntil(new Date(thursday.getTime() + 3 * DAY)); // Sunday
    const answered = await c.handle.executeUpdate(provideInformationUpdate, {
      args: [{ actor: applicantOf(c), round: 1, answers: ['自有资金与政府补助'] }],
    });
    expect(answered.clockPaused).toBe(false);
    expect(answered.informationRound).toBeUndefined();
    expect(await task(round1.key)).toMatchObject({ status: 'DONE' });

    // Paused from the request (Thursday) to the answer (Sunday): the rest of Thursday and
    // all of Friday were working time, the weekend not.
    const restOfThursday = endOfDay(thursday, 0).getTime() - round1.createdAt.getTime();
    expect(restOfThursday).toBeGreaterThan(13 * HOUR);
    // Review: Monday 24:00 on by a day (Tuesday 24:00), then the rest into Wednesday.
    const reviewDue = new Date(startOfDay(thursday, 6).getTime() + restOfThursday);
    expect((await task(reviewKey)).dueAt).toEqual(reviewDue);
    // Decision: Thursday 24:00 on by a day (Friday 24:00), then the rest into Monday.
    const decisionDue = new Date(startOfDay(thursday, 11).getTime() + restOfThursday);
    expect((await application(c.id)).decisionDueAt).toEqual(decisionDue);
    expect(answered.decisionDueAt).toBe(decisionDue.toISOString());

    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    const { level } = await c.handle.query(applicationQuery);
    const decisionKey = creditApplication.taskKey(c.id, 'DECISION', level);
    expect((await task(decisionKey)).dueAt).toEqual(decisionDue);

    // A second round, at approval, with its own deadline of two working days: Monday, Tuesday.
    const again = await c.handle.executeUpdate(requestInformationUpdate, {
      args: [{ actor: approver, questions: ['请提供最近一期纳税申报表'], dueWorkingDays: 2 }],
    });
    expect(again).toMatchObject({ step: 'approval', informationRound: 2, clockPaused: true });
    const round2 = await task(creditApplication.taskKey(c.id, 'INFORMATION', 2));
    expect(round2).toMatchObject({ status: 'OPEN', detail: { round: 2 } });
    expect(round2.dueAt).toEqual(endOfDay(thursday, 5));

    await skipUntil(new Date(round2.dueAt.getTime() + HOUR));
    const [lapse] = await eventually(async () => {
      const events = await trail(c.id, 'information_lapsed');
      expect(events).toHaveLength(1);
      return events;
    });
    expect(lapse!.data).toMatchObject({ round: 2 });
    expect(await task(round2.key)).toMatchObject({ status: 'CANCELLED' });
    const resumed = await eventually(async () => {
      const snapshot = await c.handle.query(applicationQuery);
      expect(snapshot).toMatchObject({ step: 'approval', clockPaused: false });
      return snapshot;
    });
    expect(resumed.informationRound).toBeUndefined();
    // Paused from Sunday to the lapse at Tuesday 24:00: Monday and Tuesday, plus the moment
    // the lapse took to record (working time of Wednesday).
    const movedDue = startOfDay(thursday, 13).getTime() + restOfThursday;
    const decisionTask = await eventually(async () => {
      const t = await task(decisionKey);
      expect(t.dueAt.getTime()).not.toBe(decisionDue.getTime());
      return t;
    });
    expect(decisionTask.dueAt.getTime()).toBeGreaterThanOrEqual(movedDue);
    expect(decisionTask.dueAt.getTime()).toBeLessThan(movedDue + HOUR);

    const letters = await db().letter.findMany({
      where: { applicationId: c.id, kind: 'information_request' },
    });
    expect(letters.map((l) => `${l.sequence}:${l.language}`).sort()).toEqual([
      '1:en',
      '1:zh',
      '2:en',
      '2:zh',
    ]);
  });
});
