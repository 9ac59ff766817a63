// The loans API: the bank's portfolio and the borrower's own loans, their detail, and
// repayments recorded through the loan's workflow; other tenants get 404.
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTexts } from '../../prisma/audit-trail.ts';
import type { LoanView } from '../../api/routes/loans.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { repaymentSchedule } from '../../domain/loan/repayment-schedule.ts';
import { TASK_QUEUE } from '../../domain/contracts/shared.ts';
import { loanWorkflowId } from '../../domain/contracts/loan.ts';
import { loanMonitoringWorkflow } from '../../workflows/loan/monitoring.ts';
import { insertApplication } from '../support/application-rows.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, expectFieldIssues, fieldsOf, type App } from './client.ts';
import { pollUntil } from './poll.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let officer: TestUser;
let approver: TestUser;
let otherOfficer: TestUser;
let today: string;

const DAY_MS = 86_400_000;
const plusDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

interface LoanOptions {
  bankCode?: string;
  firstDueDate: string;
  status?: 'CONTRACTED' | 'LIVE' | 'REPAID';
  /** Starts the loan's workflow, as a disbursement does. */
  monitored?: boolean;
}

/** A ¥120,000 loan over 12 months of `owner`'s firm, as a disbursement leaves it. */
async function loanOf(
  borrower: TestUser,
  { bankCode = 'demo-bank', firstDueDate, status = 'LIVE', monitored = false }: LoanOptions,
) {
  const { db } = harness.database;
  const { id: applicationId, bankId } = await insertApplication(db, {
    ownerId: borrower.id,
    bankCode,
    status: status === 'CONTRACTED' ? 'CONTRACTED' : 'DISBURSED',
    amountFen: 120_000_00,
    termMonths: 12,
  });
  const { rows } = repaymentSchedule({
    method: 'equal-principal',
    principalFen: 120_000_00,
    annualRate: '0.036',
    termMonths: 12,
    firstDueDate,
    dayCount: '30/360',
    dueDateRule: 'unadjusted',
  });
  const disbursedOn = plusDays(firstDueDate, -30);
  const id = randomUUID();
  await db.loan.create({
    data: {
      id,
      contractNumber: `HT-${id.slice(0, 8)}`,
      applicationId,
      bankId,
      amountFen: 120_000_00n,
      annualRate: '0.036',
      termMonths: 12,
      repaymentMethod: 'equal-principal',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
      conditions: [],
      status,
      signedAt: dayOf(disbursedOn),
      signedById: officer.id,
      ...(status !== 'CONTRACTED' && {
        disbursedOn: dayOf(disbursedOn),
        schedule: JSON.parse(JSON.stringify(rows)),
      }),
      classificationPolicy: 'classification@2026.1',
      workflowId: loanWorkflowId(id),
    },
  });
  if (monitored) {
    await harness.env.client.workflow.start(loanMonitoringWorkflow, {
      workflowId: loanWorkflowId(id),
      taskQueue: TASK_QUEUE,
      args: [{ loanId: id, classificationPolicy: 'classification@2026.1' }],
    });
  }
  return { id, rows, disbursedOn };
}

const getLoan = (user: TestUser, id: string) => request(app).get(`/v1/loans/${id}`).set(auth(user));

const listLoans = (user: TestUser, query: Record<string, string> = {}) =>
  request(app).get('/v1/loans').query(query).set(auth(user));

const postRepayment = (user: TestUser, id: string, body: object, key?: string) =>
  request(app)
    .post(`/v1/loans/${id}/repayments`)
    .set({ ...auth(user), ...(key && { 'Idempotency-Key': key }) })
    .send(body);

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [owner, stranger, officer, approver] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank'),
  ]);
  otherOfficer = await userWith(db, ['OFFICER'], 'other-bank');
  today = shanghaiDate(new Date(await harness.env.currentTimeMs()));
});

afterAll(async () => {
  await harness?.close();
});

describe('GET /v1/loans', () => {
  let mine: string[];
  let otherBanks: string;

  beforeAll(async () => {
    // Disbursed 30, 20 and 10 days before their first due dates: newest last here.
    mine = [];
    for (const offset of [-20, -10, 0]) {
      mine.push((await loanOf(owner, { firstDueDate: plusDays(today, offset) })).id);
    }
    await loanOf(stranger, { firstDueDate: today });
    await loanOf(owner, { firstDueDate: today, status: 'CONTRACTED' });
    otherBanks = (await loanOf(owner, { bankCode: 'other-bank', firstDueDate: today })).id;
  });

  it("pages the bank's loans, the latest disbursed first, neither skipping nor repeating", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await listLoans(officer, { limit: '2', ...(cursor && { cursor }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.items.map((l: { id: string }) => l.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(4); // three of owner's, one of stranger's; never the contract
    expect(seen).not.toContain(otherBanks);
    const ours = seen.filter((id) => mine.includes(id));
    expect(ours).toEqual([...mine].reverse());
    const first = (await listLoans(officer, { limit: '1' })).body.items[0];
    expect(first).toMatchObject({ amount: '120000.00', status: 'LIVE', classification: 'normal' });
  });

  it("shows an applicant its own firms' loans at every bank, without the bank's category", async () => {
    const res = await listLoans(owner);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((l: { id: string }) => l.id);
    expect(ids.sort()).toEqual([...mine, otherBanks].sort());
    expect(res.body.items.every((l: object) => !('classification' in l))).toBe(true);
    // The category is the bank's: an applicant may not filter by it (a role rule, not a
    // malformed query).
    const filtered = expectError(
      await listLoans(owner, { classification: 'normal' }),
      403,
      'forbidden',
    );
    expect(filtered.message).toBe('only bank staff filter by category');
  });

  it('shows another bank only its own loans', async () => {
    const res = await listLoans(otherOfficer);
    expect(res.body.items.map((l: { id: string }) => l.id)).toEqual([otherBanks]);
  });

  it('filters by status and category', async () => {
    const repaid = await listLoans(officer, { status: 'REPAID' });
    expect(repaid.body.items).toEqual([]);
    const doubtful = await listLoans(officer, { classification: 'doubtful' });
    expect(doubtful.body.items).toEqual([]);
    const normal = await listLoans(officer, { classification: 'normal', limit: '100' });
    expect(normal.body.items.length).toBe(4);
  });

  it('refuses bad queries, and answers a foreign cursor with an empty page', async () => {
    const issues = expectFieldIssues(
      await listLoans(officer, { limit: '0', status: 'OPEN', classification: 'bad' }),
    );
    expect(fieldsOf(issues)).toEqual(['query.classification', 'query.limit', 'query.status']);
    const malformed = expectFieldIssues(await listLoans(officer, { cursor: 'not-a-uuid' }));
    expect(fieldsOf(malformed)).toEqual(['query.cursor']);
    // Another bank's loan, or no loan at all: nothing of this list, and nothing said of it.
    for (const cursor of [otherBanks, randomUUID()]) {
      const foreign = await listLoans(officer, { cursor });
      expect(foreign.status, JSON.stringify(foreign.body)).toBe(200);
      expect(foreign.body).toEqual({ items: [], nextCursor: null });
    }
    expectError(await request(app).get('/v1/loans'), 401, 'unauthenticated');
  });
});

describe('GET /v1/loans/:id', () => {
  let loan: Awaited<ReturnType<typeof loanOf>>;

  beforeAll(async () => {
    // Instalment 1 fell due five days ago: the first review raises a warning.
    loan = await loanOf(owner, { firstDueDate: plusDays(today, -5), monitored: true });
  });

  it('gives the bank the terms, schedule in yuan, repayments and open warnings', async () => {
    const view = await pollUntil(
      async () => (await getLoan(officer, loan.id)).body as LoanView,
      (v) => (v.earlyWarnings?.length ?? 0) > 0,
      { description: 'the early warning of instalment 1' },
    );
    expect(view).toMatchObject({
      id: loan.id,
      amount: '120000.00',
      annualRate: '0.036',
      termMonths: 12,
      repaymentMethod: 'equal-principal',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
      status: 'LIVE',
      disbursedOn: loan.disbursedOn,
      classification: 'special-mention',
      daysPastDue: 5,
      repayments: [],
    });
    expect(view.schedule[0]).toEqual({
      n: 1,
      dueDate: plusDays(today, -5),
      principal: '10000.00',
      interest: '360.00',
      payment: '10360.00',
      balanceAfter: '110000.00',
    });
    expect(view.schedule.length).toBe(12);
    expect(view.earlyWarnings).toEqual([
      expect.objectContaining({
        cause: 'instalment_past_due',
        detail: expect.objectContaining({ n: 1, unpaidFen: 10_360_00 }),
      }),
    ]);
  });

  it("gives the borrower its loan without the bank's category and warnings", async () => {
    const res = await getLoan(owner, loan.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: loan.id, daysPastDue: 5 });
    expect(res.body).not.toHaveProperty('classification');
    expect(res.body).not.toHaveProperty('earlyWarnings');
  });

  it('answers 404 to other tenants, unknown ids and undisbursed contracts', async () => {
    expectError(await getLoan(otherOfficer, loan.id), 404, 'not_found');
    expectError(await getLoan(stranger, loan.id), 404, 'not_found');
    expectError(await getLoan(officer, randomUUID()), 404, 'not_found');
    const contract = await loanOf(owner, { firstDueDate: today, status: 'CONTRACTED' });
    expectError(await getLoan(owner, contract.id), 404, 'not_found');
    expect(fieldsOf(expectFieldIssues(await getLoan(officer, 'not-a-uuid')))).toEqual([
      'params.id',
    ]);
  });
});

describe('POST /v1/loans/:id/repayments', () => {
  let loan: Awaited<ReturnType<typeof loanOf>>;

  beforeAll(async () => {
    loan = await loanOf(owner, { firstDueDate: plusDays(today, -5), monitored: true });
  });

  it('records a repayment once per Idempotency-Key and brings the loan back to normal', async () => {
    const body = { receivedOn: today, amount: '10360.00', reference: 'CB-2026-0001' };
    const first = await postRepayment(officer, loan.id, body, 'repay-loan-0001');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      classification: 'normal',
      daysPastDue: 0,
      repayments: [{ reference: 'CB-2026-0001', receivedOn: today, amount: '10360.00' }],
    });
    const again = await postRepayment(officer, loan.id, body, 'repay-loan-0001');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const same = await postRepayment(officer, loan.id, body, 'repay-loan-0002');
    expect(same.body.repayments.length).toBe(1);
    const count = await harness.database.db.repayment.count({ where: { loanId: loan.id } });
    expect(count).toBe(1);
  });

  it('refuses bad input with 400 per field', async () => {
    const issues = expectFieldIssues(
      await postRepayment(officer, loan.id, {
        receivedOn: '2026-02-30',
        amount: '0',
        reference: '',
      }),
    );
    expect(fieldsOf(issues)).toEqual(['body.amount', 'body.receivedOn', 'body.reference']);
    const precise = await postRepayment(officer, loan.id, {
      receivedOn: today,
      amount: '1.234',
      reference: 'CB-1',
    });
    expect(fieldsOf(expectFieldIssues(precise))).toEqual(['body.amount']);
  });

  it('refuses what the loan cannot take: 422 for business rules, 409 for a taken reference', async () => {
    const at = (receivedOn: string, amount = '100.00', reference: string = randomUUID()) =>
      postRepayment(officer, loan.id, { receivedOn, amount, reference });
    expectError(await at(plusDays(today, 1)), 422, 'business_rule');
    expectError(await at(plusDays(loan.disbursedOn, -1)), 422, 'business_rule');
    expectError(await at(today, '200000.00'), 422, 'business_rule');
    expectError(await at(today, '1.00', 'CB-2026-0001'), 409, 'invalid_state');
  });

  it('lets only the officers of the loan’s bank record, and none on a repaid loan', async () => {
    const body = { receivedOn: today, amount: '100.00', reference: 'CB-X' };
    expectError(await postRepayment(owner, loan.id, body), 403, 'forbidden');
    expectError(await postRepayment(approver, loan.id, body), 403, 'forbidden');
    expectError(await postRepayment(otherOfficer, loan.id, body), 404, 'not_found');
    expectError(await postRepayment(officer, randomUUID(), body), 404, 'not_found');
    const repaid = await loanOf(owner, { firstDueDate: today, status: 'REPAID' });
    expectError(await postRepayment(officer, repaid.id, body), 409, 'invalid_state');
  });
});

describe('POST /v1/tasks/:id/resolution', () => {
  const resolve = (
    user: TestUser,
    taskId: string,
    body: object = { note: '已催收，客户承诺三日内还款' },
  ) => request(app).post(`/v1/tasks/${taskId}/resolution`).set(auth(user)).send(body);

  it('closes an early warning once, with the officer and the note on the loan’s trail', async () => {
    const loan = await loanOf(owner, { firstDueDate: plusDays(today, -3), monitored: true });
    const view = await pollUntil(
      async () => (await getLoan(officer, loan.id)).body as LoanView,
      (v) => (v.earlyWarnings?.length ?? 0) > 0,
      { description: 'an early warning to resolve' },
    );
    const [warning] = view.earlyWarnings!;

    expectFieldIssues(await resolve(officer, warning!.id, { note: '' }));
    expectError(await resolve(approver, warning!.id), 403, 'forbidden');
    expectError(await resolve(otherOfficer, warning!.id), 404, 'not_found');
    const done = await resolve(officer, warning!.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expectError(await resolve(officer, warning!.id), 409, 'invalid_state');

    expect((await getLoan(officer, loan.id)).body.earlyWarnings).toEqual([]);
    const { db } = harness.database;
    const events = await db.auditEvent.findMany({
      where: { entityId: loan.id, action: 'early_warning_resolved' },
    });
    // The trail refers to the note (id and hash); read back, it is the officer's.
    const trail = await withTexts(db, events, (text) => text);
    expect(trail).toMatchObject([
      { actorRole: 'OFFICER', data: { note: '已催收，客户承诺三日内还款' } },
    ]);
  });

  it('leaves every other task to its step', async () => {
    const loan = await loanOf(owner, { firstDueDate: today });
    const { db } = harness.database;
    const { applicationId, bankId } = await db.loan.findUniqueOrThrow({ where: { id: loan.id } });
    const review = await db.task.create({
      data: {
        key: creditApplication.taskKey(applicationId, 'REVIEW'),
        applicationId,
        institutionId: bankId,
        kind: 'REVIEW',
        role: 'OFFICER',
        dueAt: new Date(),
      },
    });
    expectError(await resolve(officer, review.id), 409, 'invalid_state');
    expect((await db.task.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('OPEN');
  });
});
