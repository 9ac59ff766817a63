// The one lifecycle writer against real PostgreSQL: an event moves the status only from where
// its lifecycle allows, opens and closes its tasks, and records its trail entry once however
// often it is retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import type { Db } from '../../prisma/client.ts';
import { IllegalTransition } from '../../prisma/lifecycle-writer.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import { insertApplication } from '../support/application-rows.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { userWith } from '../support/fixtures.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await freshDatabase();
  db = database.db;
});
afterAll(() => database?.drop());

const at = new Date('2026-12-01T02:00:00Z');
const dueAt = new Date('2026-12-03T15:59:59.999Z');

async function filed() {
  const applicant = await userWith(db, ['APPLICANT']);
  return insertApplication(db, { ownerId: applicant.id });
}

const openDocumentsTask = (id: string) =>
  db.$transaction((tx) =>
    recordCreditEvent(tx, {
      subjectId: id,
      event: 'documents_task_opened',
      at,
      open: [{ kind: 'DOCUMENTS', dueAt }],
    }),
  );

const statusOf = async (id: string) =>
  (await db.application.findUniqueOrThrow({ where: { id } })).status;

describe('the lifecycle writer', () => {
  it('moves the status, opens the task and records the event, once however often retried', async () => {
    const { id } = await filed();
    const event = {
      subjectId: id,
      event: 'documents_task_opened' as const,
      at,
      open: [{ kind: 'DOCUMENTS' as const, dueAt }],
    };
    expect(await db.$transaction((tx) => recordCreditEvent(tx, event))).toBe(true);
    expect(await db.$transaction((tx) => recordCreditEvent(tx, event))).toBe(false);
    expect(await statusOf(id)).toBe('AWAITING_DOCUMENTS');
    const tasks = await db.task.findMany({ where: { applicationId: id } });
    expect(tasks).toMatchObject([
      { key: creditApplication.taskKey(id, 'DOCUMENTS'), role: 'APPLICANT', status: 'OPEN', dueAt },
    ]);
    const trail = await db.auditEvent.findMany({ where: { entityId: id } });
    expect(trail.map((e) => [e.entityType, e.action])).toEqual([
      ['Application', 'documents_task_opened'],
    ]);
  });

  it('closes the tasks an event ends, with who ended them', async () => {
    const { id } = await filed();
    await openDocumentsTask(id);
    await db.$transaction((tx) =>
      recordCreditEvent(tx, {
        subjectId: id,
        event: 'file_completed',
        at,
        close: [{ kind: 'DOCUMENTS', outcome: 'DONE' }],
      }),
    );
    expect(await statusOf(id)).toBe('ASSESSING');
    expect(await db.task.findFirstOrThrow({ where: { applicationId: id } })).toMatchObject({
      status: 'DONE',
      completedAt: at,
    });
  });

  it('refuses an event its lifecycle does not allow from where the row stands, writing nothing', async () => {
    const { id } = await filed();
    await expect(
      db.$transaction((tx) =>
        recordCreditEvent(tx, { subjectId: id, event: 'approved', at, data: {} }),
      ),
    ).rejects.toBeInstanceOf(IllegalTransition);
    expect(await statusOf(id)).toBe('SUBMITTED');
    expect(await db.auditEvent.count({ where: { entityId: id } })).toBe(0);
  });

  it('cancels every open task with a withdrawal', async () => {
    const { id } = await filed();
    await openDocumentsTask(id);
    await db.$transaction((tx) =>
      recordCreditEvent(tx, { subjectId: id, event: 'withdrawn', at, cancelOpenTasks: true }),
    );
    expect(await statusOf(id)).toBe('WITHDRAWN');
    expect(await db.task.findMany({ where: { applicationId: id, status: 'OPEN' } })).toEqual([]);
  });
});
