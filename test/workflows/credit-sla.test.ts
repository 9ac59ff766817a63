// SLA clocks on the time-skipping server: its own server, so no other test moves its time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../domain/calendar.ts';
import { caseQuery, reviewUpdate } from '../../workflows/messages.ts';
import { eventually } from '../support/eventually.ts';
import { startCaseTestbed, type CaseTestbed } from '../support/case-testbed.ts';

let testbed: CaseTestbed;
beforeAll(async () => {
  testbed = await startCaseTestbed();
});
afterAll(() => testbed?.close());

const officer = { userId: randomUUID(), role: 'OFFICER' as const };

describe('credit application SLA', () => {
  it('escalates a review not done within the SLA, and the case goes on', async () => {
    const { id, handle, untilStep } = await testbed.fileCase();
    await untilStep('review');
    const task = await testbed.database.db.task.findFirstOrThrow({
      where: { applicationId: id, kind: 'REVIEW' },
    });
    const started = (await handle.describe()).startTime;
    expect(task.dueAt.toISOString()).toBe(addWorkingDays(started, 2).toISOString());

    await testbed.env.sleep('10 days');
    await eventually(async () => {
      const escalated = await testbed.database.db.task.findFirstOrThrow({
        where: { applicationId: id, kind: 'REVIEW' },
      });
      expect(escalated.escalatedAt).not.toBeNull();
    });
    const events = await testbed.database.db.auditEvent.findMany({
      where: { entityId: id, action: 'review_escalated' },
    });
    expect(events).toHaveLength(1);

    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [] }],
    });
    await untilStep('decision');
    expect((await handle.query(caseQuery)).reviewerId).toBe(officer.userId);
    await handle.terminate('test over');
  });
});
