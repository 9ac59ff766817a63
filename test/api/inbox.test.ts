// The bank's inbox: filters, the most urgent first, pages that neither skip nor repeat, and
// the overdue and due-soon flags.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import type { Role } from '../../domain/roles.ts';
import type { Prisma, TaskKind } from '../../prisma/client.ts';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { newUscc, strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, expectFieldIssues, type App } from './client.ts';

let harness: Harness;
let app: App;
let officer: TestUser;
let otherOfficer: TestUser;
const HOUR = 3_600_000;

interface TaskSpec {
  kind: TaskKind;
  dueInHours?: number;
  product?: string;
  bankCode?: string;
  level?: ApprovalLevel;
  detail?: Prisma.InputJsonValue;
  filedById?: string;
}

const roleOf: Record<TaskKind, Role> = {
  DOCUMENTS: 'APPLICANT',
  INFORMATION: 'APPLICANT',
  OFFER: 'APPLICANT',
  REVIEW: 'OFFICER',
  CONDITIONS: 'OFFICER',
  COLLATERAL: 'OFFICER',
  EARLY_WARNING: 'OFFICER',
  FILING_OVERDUE: 'OFFICER',
  TOP_UP: 'APPLICANT',
  DECISION: 'APPROVER',
  COMMITTEE: 'COMMITTEE_MEMBER',
  GUARANTEE_REVIEW: 'GUARANTOR',
  GUARANTEE_DECISION: 'GUARANTEE_APPROVER',
  CLAIM_PAYMENT: 'GUARANTOR',
  POOL_DECISION: 'POOL_MANAGER',
  REPORT: 'FUND_MANAGER',
  SEED_SHARE: 'FUND_MANAGER',
  BUYBACK_APPROVAL: 'FUND_MANAGER',
  BUYBACK_PAYMENT: 'FUND_MANAGER',
};

/** An open task on a case of its own. */
async function openTask({
  kind,
  dueInHours = 24,
  product = 'credit',
  bankCode = 'demo-bank',
  level,
  detail,
  filedById,
}: TaskSpec) {
  const { db } = harness.database;
  const bank = await db.institution.upsert({
    where: { code: bankCode },
    create: { code: bankCode, name: `Bank ${bankCode}`, kind: 'BANK' },
    update: {},
  });
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
      filedById: filedById ?? owner.id,
    },
  });
  return db.task.create({
    data: {
      key: `${id}:${kind}`,
      applicationId: id,
      institutionId: bank.id,
      kind,
      role: roleOf[kind],
      level,
      detail,
      dueAt: new Date(Date.now() + dueInHours * HOUR),
    },
  });
}

const taskDueIn = (dueInHours: number, kind: TaskKind, product = 'credit') =>
  openTask({ kind, dueInHours, product });

interface Page {
  items: {
    id: string;
    dueAt: string;
    overdue: boolean;
    dueSoon: boolean;
    kind: string;
    level: string | null;
    detail: unknown;
  }[];
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

  it("shows another bank's officer nothing, and an empty page for its cursor into this inbox", async () => {
    expect((await inbox(otherOfficer)).items).toEqual([]);
    // A task of this bank is no place in the other bank's inbox: an empty page that says
    // nothing of it, as for an id that names nothing at all.
    for (const cursor of [overdue, randomUUID()]) {
      const res = await request(app).get('/v1/tasks').query({ cursor }).set(auth(otherOfficer));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    }
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

describe('tasks for approvers, the committee and the loan', () => {
  const bankCode = 'inbox-authority-bank';
  let subBranch: TestUser;
  let branch: TestUser;
  let levelless: TestUser;
  let member: TestUser;
  let votedMember: TestUser;
  let reviewingMember: TestUser;
  let filingOfficer: TestUser;
  let atSubBranch: string;
  let atBranch: string;
  let reviewedByBranch: string;
  let committee: string;
  let ownReview: string;
  let othersReview: string;
  let conditions: string;
  let warning: string;

  /** A decision or vote already on record for the task's case. */
  async function reviewedBy(taskId: string, reviewerId: string) {
    const { db } = harness.database;
    const applicationId = (await db.task.findUniqueOrThrow({ where: { id: taskId } }))
      .applicationId!;
    await db.decision.create({
      data: {
        applicationId,
        stage: 'REVIEW',
        outcome: 'APPROVE',
        actorId: reviewerId,
        actorRole: 'OFFICER',
        policyVersion: 'credit-track@2026.1',
        decidedAt: new Date(),
      },
    });
    return applicationId;
  }

  beforeAll(async () => {
    const { db } = harness.database;
    // Made once before the users, whose parallel creation would race to make it.
    await db.institution.create({ data: { code: bankCode, name: '授权测试银行', kind: 'BANK' } });
    [subBranch, branch, levelless, member, votedMember, reviewingMember, filingOfficer] =
      await Promise.all([
        userWith(db, ['APPROVER'], bankCode, 'SUB_BRANCH_APPROVER'),
        userWith(db, ['APPROVER', 'OFFICER'], bankCode, 'BRANCH_APPROVER'),
        userWith(db, ['APPROVER'], bankCode),
        userWith(db, ['COMMITTEE_MEMBER'], bankCode),
        userWith(db, ['COMMITTEE_MEMBER'], bankCode),
        userWith(db, ['COMMITTEE_MEMBER', 'OFFICER'], bankCode),
        userWith(db, ['OFFICER', 'APPLICANT'], bankCode),
      ]);
    const task = (spec: Omit<TaskSpec, 'bankCode'>) => openTask({ ...spec, bankCode });
    atSubBranch = (await task({ kind: 'DECISION', level: 'SUB_BRANCH_APPROVER', dueInHours: 1 }))
      .id;
    atBranch = (await task({ kind: 'DECISION', level: 'BRANCH_APPROVER', dueInHours: 2 })).id;
    reviewedByBranch = (
      await task({ kind: 'DECISION', level: 'SUB_BRANCH_APPROVER', dueInHours: 3 })
    ).id;
    await reviewedBy(reviewedByBranch, branch.id);
    committee = (await task({ kind: 'COMMITTEE', level: 'CREDIT_COMMITTEE', dueInHours: 4 })).id;
    const committeeCase = await reviewedBy(committee, reviewingMember.id);
    await db.committeeVote.create({
      data: {
        applicationId: committeeCase,
        memberId: votedMember.id,
        choice: 'APPROVE',
        reasons: [],
        castAt: new Date(),
      },
    });
    ownReview = (await task({ kind: 'REVIEW', dueInHours: 5, filedById: filingOfficer.id })).id;
    othersReview = (await task({ kind: 'REVIEW', dueInHours: 6 })).id;
    conditions = (await task({ kind: 'CONDITIONS', dueInHours: 7 })).id;
    warning = (
      await task({ kind: 'EARLY_WARNING', dueInHours: 8, detail: { cause: 'overdue', days: 31 } })
    ).id;
    // The applicant's own tasks never reach a bank inbox.
    await task({ kind: 'INFORMATION', dueInHours: 0.5 });
  });

  const ids = async (user: TestUser, query: Record<string, string> = {}) =>
    (await inbox(user, query)).items.map((t) => t.id);

  it('shows each role its kinds, with the level and detail of each task', async () => {
    expect(await ids(subBranch)).toEqual([atSubBranch, atBranch, reviewedByBranch]);
    expect(await ids(member)).toEqual([committee]);
    expect(await ids(filingOfficer)).toEqual([ownReview, othersReview, conditions, warning]);
    const items = (await inbox(branch)).items;
    expect(items.map((t) => [t.kind, t.level])).toEqual([
      ['DECISION', 'SUB_BRANCH_APPROVER'],
      ['DECISION', 'BRANCH_APPROVER'],
      ['DECISION', 'SUB_BRANCH_APPROVER'],
      ['REVIEW', null],
      ['REVIEW', null],
      ['CONDITIONS', null],
      ['EARLY_WARNING', null],
    ]);
    expect(items.at(-1)?.detail).toEqual({ cause: 'overdue', days: 31 });
  });

  it('filters by level and by the new kinds', async () => {
    expect(await ids(branch, { level: 'BRANCH_APPROVER' })).toEqual([atBranch]);
    expect(await ids(member, { level: 'CREDIT_COMMITTEE' })).toEqual([committee]);
    expect(await ids(branch, { kind: 'EARLY_WARNING' })).toEqual([warning]);
    expect(await ids(branch, { kind: 'CONDITIONS' })).toEqual([conditions]);
  });

  it('with mine=true offers decisions only within the approver’s authority', async () => {
    expect(await ids(subBranch, { mine: 'true' })).toEqual([atSubBranch, reviewedByBranch]);
    expect(await ids(levelless, { mine: 'true' })).toEqual([]);
    expect(await ids(levelless, { mine: 'false' })).toHaveLength(3);
  });

  it('with mine=true hides the cases the caller filed or reviewed', async () => {
    expect(await ids(branch, { mine: 'true' })).toEqual([
      atSubBranch,
      atBranch,
      ownReview,
      othersReview,
      conditions,
      warning,
    ]);
    expect(await ids(filingOfficer, { mine: 'true' })).toEqual([othersReview, conditions, warning]);
  });

  it('with mine=true hides a committee case from who voted on it or reviewed it', async () => {
    expect(await ids(member, { mine: 'true' })).toEqual([committee]);
    expect(await ids(votedMember, { mine: 'true' })).toEqual([]);
    expect(await ids(votedMember)).toEqual([committee]);
    expect(await ids(reviewingMember, { mine: 'true', kind: 'COMMITTEE' })).toEqual([]);
  });

  it('pages through mine=true without skipping or repeating a task', async () => {
    const first = await inbox(branch, { mine: 'true', limit: '4' });
    expect(first.nextCursor).not.toBeNull();
    const second = await inbox(branch, { mine: 'true', limit: '4', cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((t) => t.id)).toEqual(
      await ids(branch, { mine: 'true' }),
    );
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    [{ level: 'HEAD_OFFICE' }, 'query.level'],
    [{ mine: 'yes' }, 'query.mine'],
    [{ kind: 'INFORMATION' }, 'query.kind'],
  ])('refuses %o with a message on %s', async (query, field) => {
    const issues = expectFieldIssues(
      await request(app).get('/v1/tasks').query(query).set(auth(member)),
    );
    expect(issues.map((i) => i.field)).toContain(field);
  });

  it('refuses an applicant with 403', async () => {
    const applicant = await userWith(harness.database.db, ['APPLICANT']);
    expectError(await request(app).get('/v1/tasks').set(auth(applicant)), 403, 'forbidden');
  });
});
