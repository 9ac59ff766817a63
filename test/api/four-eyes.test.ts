// The workflow's validators over HTTP: four eyes, steps taken out of turn, and an approval
// above what was asked for. A refusal leaves the case exactly as it was.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffApplicationView } from '../../api/application-view.ts';
import { fenToYuan, yuanToFen } from '../../domain/money.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  caseAtReview,
  caseView,
  expectError,
  getCase,
  postDecision,
  postReview,
  tasksFor,
  tasksOf,
  waitForStep,
  waitForTask,
  type App,
  type TaskItem,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let secondOfficer: TestUser;
let approver: TestUser;
let officerAndApprover: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, secondOfficer, approver, officerAndApprover] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
    userWith(db, ['OFFICER', 'APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

const approval = (amount: string) => ({
  outcome: 'approve',
  amount,
  annualRate: '0.0435',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
});

const approvalsOf = (applicationId: string) =>
  harness.database.db.decision.count({ where: { applicationId, stage: 'APPROVAL' } });

/** A case reviewed by `reviewer`, waiting for its decision, as the bank's staff see it. */
async function caseAwaitingDecision(reviewer: TestUser, filing: Record<string, unknown> = {}) {
  const { filed } = await caseAtReview(app, applicant, filing);
  const reviewed = await postReview(app, reviewer, filed.id);
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  return waitForStep(app, officer, filed.id, 'staff', 'approval');
}

/** The case as the bank's staff see it: every decision and the whole trail. */
const staffCase = (id: string) => getCase(app, officer, id, 'staff');

function expectUnchanged(now: StaffApplicationView, before: StaffApplicationView) {
  expect(now.status).toBe(before.status);
  expect(now.step).toBe(before.step);
  expect(now.decisions).toEqual(before.decisions);
  expect(now.history).toEqual(before.history);
}

describe('four eyes', () => {
  it('refuses the decision of whoever reviewed the case, even holding the approver role', async () => {
    const before = await caseAwaitingDecision(officerAndApprover);
    expect(before.status).toBe('AWAITING_DECISION');
    // The dual-role user is offered the decision in the inbox, and still may not take it.
    await waitForTask(app, officerAndApprover, before.id, 'DECISION');

    const res = await postDecision(app, officerAndApprover, before.id, approval('500000.00'));
    expectError(res, 409, 'four_eyes_violation');

    const after = await staffCase(before.id);
    expect(after.status).toBe('AWAITING_DECISION');
    expectUnchanged(after, before);
    expect(await approvalsOf(before.id)).toBe(0);
    expect(tasksFor(await tasksOf(app, approver), before.id)).toHaveLength(1);

    // Another approver can still decide: the refusal did not break the case.
    const decided = await postDecision(app, approver, before.id, approval('500000.00'));
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(caseView(decided.body, 'staff').decisions.map((d) => [d.stage, d.actorId])).toEqual([
      ['REVIEW', officerAndApprover.id],
      ['APPROVAL', approver.id],
    ]);
  });

  it('refuses a rejection by the reviewer just the same', async () => {
    const before = await caseAwaitingDecision(officerAndApprover);
    const res = await postDecision(app, officerAndApprover, before.id, {
      outcome: 'reject',
      reasons: ['研发投入不足'],
    });
    expectError(res, 409, 'four_eyes_violation');
    expectUnchanged(await staffCase(before.id), before);
  });

  it('refuses the review of whoever filed the case', async () => {
    const originator = await userWith(harness.database.db, ['APPLICANT', 'OFFICER'], 'demo-bank');
    const { filed } = await caseAtReview(app, originator);
    // On the bank's staff too, the originator reads its own case as its applicant (strictly:
    // no internal field); a colleague reads the bank's view.
    await getCase(app, originator, filed.id, 'applicant');
    const atReview = await getCase(app, officer, filed.id, 'staff');
    const res = await postReview(app, originator, atReview.id);
    expectError(res, 409, 'four_eyes_violation');
    expectUnchanged(await getCase(app, officer, atReview.id, 'staff'), atReview);
  });
});

describe('steps out of turn', () => {
  it('refuses a second review with 409 invalid_state', async () => {
    const before = await caseAwaitingDecision(officer);
    for (const reviewer of [officer, secondOfficer]) {
      const res = await postReview(app, reviewer, before.id, {
        recommendation: 'reject',
        reasons: ['复核意见不同'],
      });
      expectError(res, 409, 'invalid_state');
    }
    const after = await staffCase(before.id);
    expectUnchanged(after, before);
    expect(after.decisions.filter((d) => d.stage === 'REVIEW')).toHaveLength(1);
  });

  it('refuses a decision before the review with 409 invalid_state', async () => {
    const { filed } = await caseAtReview(app, applicant);
    const atReview = await staffCase(filed.id);
    const res = await postDecision(app, approver, atReview.id, approval('500000.00'));
    expectError(res, 409, 'invalid_state');
    const after = await staffCase(atReview.id);
    expect(after.status).toBe('UNDER_REVIEW');
    expectUnchanged(after, atReview);
    expect(await approvalsOf(atReview.id)).toBe(0);

    // The case still goes its way once reviewed.
    expect((await postReview(app, officer, atReview.id)).status).toBe(200);
    await waitForStep(app, applicant, atReview.id, 'applicant', 'approval');
  });

  it('refuses a second decision, and any act on a decided case, with 409', async () => {
    const before = await caseAwaitingDecision(officer);
    const first = await postDecision(app, approver, before.id, approval('300000.00'));
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    const secondApprover = await userWith(
      harness.database.db,
      ['APPROVER'],
      'demo-bank',
      'BRANCH_APPROVER',
    );
    const racing = await postDecision(app, secondApprover, before.id, {
      outcome: 'reject',
      reasons: ['改变主意'],
    });
    expectError(racing, 409, 'invalid_state');

    const decided = await waitForStep(app, officer, before.id, 'staff', 'offer');
    const late = await postDecision(app, secondApprover, before.id, approval('300000.00'));
    expectError(late, 409, 'invalid_state');
    expectError(await postReview(app, secondOfficer, before.id), 409, 'invalid_state');

    const after = await staffCase(before.id);
    expectUnchanged(after, decided);
    expect(after.status).toBe('APPROVED');
    expect(after.decisions.find((d) => d.stage === 'APPROVAL')?.amount).toBe('300000.00');
  });
});

describe('business rules on the decision', () => {
  it('refuses to approve more than was applied for, above the rate ceiling or past the term (422), and accepts exactly the limits', async () => {
    const requested = '800000.00';
    const before = await caseAwaitingDecision(officer, { amount: requested });
    const oneFenMore = fenToYuan(yuanToFen(requested) + 1);

    const res = await postDecision(app, approver, before.id, approval(oneFenMore));
    expectError(res, 422, 'business_rule');
    const after = await staffCase(before.id);
    expect(after.status).toBe('AWAITING_DECISION');
    expectUnchanged(after, before);
    expect(await approvalsOf(before.id)).toBe(0);

    // The track's ceiling: the rate above it, and a term past the credit loan's 36 months.
    for (const [terms, message] of [
      [{ annualRate: '0.120001' }, /annual rate 0.120001 is above the ceiling of 0.12/],
      [{ termMonths: 37 }, /at most 36 months/],
    ] as const) {
      const refused = await postDecision(app, approver, before.id, {
        ...approval(requested),
        ...terms,
      });
      expectError(refused, 422, 'business_rule');
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await approvalsOf(before.id)).toBe(0);

    const exact = await postDecision(app, approver, before.id, {
      ...approval(requested),
      annualRate: '0.12',
    });
    expect(exact.status, JSON.stringify(exact.body)).toBe(200);
    expect(caseView(exact.body, 'staff').decisions.at(-1)).toMatchObject({
      stage: 'APPROVAL',
      amount: requested,
    });
  });
});

describe('delegated authority', () => {
  it('refuses an approver below the level the case was routed to (403), and offers it only above', async () => {
    const subBranch = await userWith(
      harness.database.db,
      ['APPROVER'],
      'demo-bank',
      'SUB_BRANCH_APPROVER',
    );
    const before = await caseAwaitingDecision(officer, { amount: '5000000.00' });
    expect(before.approvalLevel).toBe('BRANCH_APPROVER');
    const task = await waitForTask(app, approver, before.id, 'DECISION');
    expect(task).toMatchObject({ level: 'BRANCH_APPROVER' });

    const mine = async (user: TestUser) => {
      const res = await request(app).get('/v1/tasks').query({ mine: 'true' }).set(auth(user));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return tasksFor((res.body as { items: TaskItem[] }).items, before.id);
    };
    expect(await mine(subBranch)).toEqual([]);
    expect(await mine(approver)).toHaveLength(1);
    expect(tasksFor(await tasksOf(app, subBranch), before.id)).toHaveLength(1);

    const res = await postDecision(app, subBranch, before.id, approval('5000000.00'));
    expectError(res, 403, 'insufficient_authority');
    expectUnchanged(await staffCase(before.id), before);
    expect(await approvalsOf(before.id)).toBe(0);

    const decided = await postDecision(app, approver, before.id, approval('5000000.00'));
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(caseView(decided.body, 'staff').decisions.at(-1)).toMatchObject({
      actorId: approver.id,
      level: 'BRANCH_APPROVER',
    });
  });

  it('hides from mine=true the decision of a case the approver reviewed', async () => {
    const before = await caseAwaitingDecision(officerAndApprover);
    await waitForTask(app, officerAndApprover, before.id, 'DECISION');
    const res = await request(app)
      .get('/v1/tasks')
      .query({ mine: 'true', kind: 'DECISION' })
      .set(auth(officerAndApprover));
    expect(tasksFor((res.body as { items: TaskItem[] }).items, before.id)).toEqual([]);
  });
});
