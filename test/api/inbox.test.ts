// The bank's inbox: filters, the most urgent first, pages that neither skip nor repeat, and
// the overdue and due-soon flags.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditApplicationWorkflowId } from '../../workflows/ids.ts';
import { newUscc, strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectFieldIssues, type App } from './client.ts';

let harness: Harness;
let app: App;
let officer: TestUser;
let otherOfficer: TestUser;
const HOUR = 3_600_000;

/** An open task on a case of its own, due `dueInHours` from now. */
async function taskDueIn(dueInHours: number, kind: 'REVIEW' | 'DECISION', product = 'credit') {
  const { db } = harness.database;
  const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
  const owner = await userWith(db, ['APPLICANT']);
  const enterprise = await db.enterprise.create({
    data: {
      name: '武汉收件箱科技',
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: strongIndicators,
      ownerId: owner.id,
    },
  });
  const id = randomUUID();
  await db.application.create({
    data: {
      id,
      reference: `INBOX-${id.slice(0, 8)}`,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product,
      amountFen: 100_000_000n,
      termMonths: 12,
      purpose: 'inbox test',
      workflowId: creditApplicationWorkflowId(id),
      policyVersions: {},
      filedById: owner.id,
    },
  });
  return db.task.create({
    data: {
      applicationId: id,
      institutionId: bank.id,
      kind,
      role: kind === 'REVIEW' ? 'OFFICER' : 'APPROVER',
      dueAt: new Date(Date.now() + dueInHours * HOUR),
    },
  });
}

interface Page {
  items: { id: string; dueAt: string; overdue: boolean; dueSoon: boolean; kind: string }[];
  nextCursor: string | null;
}
const inbox = async (user: TestUser, query: Record<string, string> = {}) => {
  const res = await request(app).get('/v1/tasks').query(query).set(auth(user));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
};

let overdue: string;
let soon: string;
let later: string[];

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  officer = await userWith(harness.database.db, ['OFFICER'], 'demo-bank');
  otherOfficer = await userWith(harness.database.db, ['OFFICER'], 'other-bank');
  overdue = (await taskDueIn(-5, 'REVIEW')).id;
  soon = (await taskDueIn(1, 'REVIEW')).id;
  later = [
    (await taskDueIn(24 * 30, 'REVIEW')).id,
    (await taskDueIn(24 * 31, 'REVIEW', 'ip-pledge')).id,
    (await taskDueIn(24 * 32, 'REVIEW')).id,
  ];
  await taskDueIn(2, 'DECISION');
});

afterAll(() => harness?.close());

describe('the inbox', () => {
  it('lists the open tasks of the roles held, the most urgent first, flagging overdue and due soon', async () => {
    const { items, nextCursor } = await inbox(officer);
    expect(items.map((t) => t.id)).toEqual([overdue, soon, ...later]);
    expect(items.map((t) => [t.overdue, t.dueSoon])).toEqual([
      [true, false],
      [false, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
    expect(nextCursor).toBeNull();
  });

  it('pages without skipping or repeating a task', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await inbox(officer, { limit: '2', ...(cursor && { cursor }) });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([overdue, soon, ...later]);
  });

  it('filters by overdue, kind and product', async () => {
    expect((await inbox(officer, { overdue: 'true' })).items.map((t) => t.id)).toEqual([overdue]);
    expect((await inbox(officer, { overdue: 'false' })).items.map((t) => t.id)).toEqual([
      soon,
      ...later,
    ]);
    expect((await inbox(officer, { kind: 'DECISION' })).items).toEqual([]);
    expect((await inbox(officer, { product: 'ip-pledge' })).items.map((t) => t.id)).toEqual([
      later[1],
    ]);
  });

  it("shows another bank's officer nothing, and refuses its cursor into this inbox", async () => {
    expect((await inbox(otherOfficer)).items).toEqual([]);
    const issues = expectFieldIssues(
      await request(app).get('/v1/tasks').query({ cursor: overdue }).set(auth(otherOfficer)),
    );
    expect(issues.map((i) => i.field)).toEqual(['query.cursor']);
  });

  it.each([
    [{ limit: '0' }, 'query.limit'],
    [{ limit: '101' }, 'query.limit'],
    [{ overdue: 'maybe' }, 'query.overdue'],
    [{ kind: 'APPROVAL' }, 'query.kind'],
    [{ cursor: 'not-a-uuid' }, 'query.cursor'],
  ])('refuses %o with a message on %s', async (query, field) => {
    const issues = expectFieldIssues(
      await request(app).get('/v1/tasks').query(query).set(auth(officer)),
    );
    expect(issues.map((i) => i.field)).toContain(field);
  });
});
