// The bank's acts on a case over HTTP: committee votes, requests for information and the
// conditions confirmed, on running cases; and the refusals at the edge: malformed bodies
// (400 per field), well-formed bodies that break a rule (422 per field), roles that may not
// act (403), authority the approver does not hold (403), other banks' cases (404), none of
// which reaches the workflow.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDemoToken } from '../../api/auth.ts';
import type { StaffApplicationView } from '../../api/application-view.ts';
import { insertApplication } from '../support/application-rows.ts';
import { strongIndicators, testSigningKey, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  fileApplication,
  getCase,
  postDecision,
  postReview,
  registerEnterprise,
  supplyDocuments,
  tasksOf,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;
let levellessApprover: TestUser;
let member: TestUser;
let otherBankStaff: TestUser;
let allRoles: TestUser;
let caseId: string;
let awaitingDecision: string;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver, levellessApprover, member, otherBankStaff, allRoles] =
    await Promise.all([
      userWith(db, ['APPLICANT']),
      userWith(db, ['OFFICER'], 'demo-bank'),
      userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
      userWith(db, ['APPROVER'], 'demo-bank'),
      userWith(db, ['COMMITTEE_MEMBER'], 'demo-bank'),
      userWith(db, ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'], 'other-bank', 'BRANCH_APPROVER'),
      userWith(db, ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'], 'demo-bank', 'BRANCH_APPROVER'),
    ]);
  caseId = (await insertApplication(db, { ownerId: applicant.id, status: 'UNDER_REVIEW' })).id;
  awaitingDecision = (
    await insertApplication(db, { ownerId: applicant.id, status: 'AWAITING_DECISION' })
  ).id;
});

afterAll(() => harness?.close());

const post = (user: TestUser, id: string, action: string, body: object) =>
  request(app).post(`/v1/applications/${id}/${action}`).set(auth(user)).send(body);

/** it.each tables are built before the users exist, so they name them. */
const who = {
  applicant: () => applicant,
  officer: () => officer,
  approver: () => approver,
  member: () => member,
};

const trailOf = (id: string) =>
  harness.database.db.auditEvent.count({ where: { entityType: 'Application', entityId: id } });

const approval = {
  outcome: 'approve',
  amount: '800000.00',
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
};
const proposal = { ...approval, outcome: undefined };

describe('malformed bodies (400, per field)', () => {
  it.each([
    ['votes', 'member', {}, ['body.choice', 'body.reasons']],
    ['votes', 'member', { choice: 'abstain', reasons: [] }, ['body.choice']],
    ['votes', 'member', { choice: 'approve', reasons: ['x'] }, ['body.reasons.0']],
    ['information-requests', 'officer', { questions: [] }, ['body.questions']],
    [
      'information-requests',
      'officer',
      { questions: Array.from({ length: 21 }, (_, i) => `问题${i}`) },
      ['body.questions'],
    ],
    [
      'information-requests',
      'officer',
      { questions: ['近三年纳税证明'], dueWorkingDays: 0 },
      ['body.dueWorkingDays'],
    ],
    [
      'information-requests',
      'officer',
      { questions: ['近三年纳税证明'], dueWorkingDays: 21 },
      ['body.dueWorkingDays'],
    ],
    [
      'information-requests',
      'officer',
      { questions: ['近三年纳税证明'], dueWorkingDays: 1.5 },
      ['body.dueWorkingDays'],
    ],
    ['conditions', 'officer', { evidence: [] }, ['body.evidence']],
    ['conditions', 'officer', {}, ['body.evidence']],
    ['decision', 'approver', { ...approval, repaymentMethod: undefined }, ['body.repaymentMethod']],
    ['decision', 'approver', { ...approval, repaymentMethod: 'balloon' }, ['body.repaymentMethod']],
    [
      'decision',
      'approver',
      { ...approval, conditions: Array.from({ length: 11 }, (_, i) => `条件${i}`) },
      ['body.conditions'],
    ],
    ['decision', 'approver', { ...approval, amount: '1000.001' }, ['body.amount']],
    [
      'review',
      'officer',
      { recommendation: 'approve', reasons: [], proposal: { ...proposal, amount: '-1' } },
      ['body.proposal.amount'],
    ],
    [
      'review',
      'officer',
      { recommendation: 'approve', reasons: [], proposal: { ...proposal, termMonths: 61 } },
      ['body.proposal.termMonths'],
    ],
    [
      'review',
      'officer',
      { recommendation: 'approve', reasons: [], proposal: { amount: '1000.00' } },
      ['body.proposal.annualRate', 'body.proposal.repaymentMethod', 'body.proposal.termMonths'],
    ],
  ] as const)('POST %s as %s refuses %j', async (action, user, body, fields) => {
    const before = await trailOf(caseId);
    const res = await post(who[user](), caseId, action, body);
    expect(fieldsOf(expectFieldIssues(res))).toEqual([...fields].sort());
    expect(await trailOf(caseId)).toBe(before);
  });

  it.each(['votes', 'information-requests', 'conditions'])(
    'POST %s refuses a malformed case id',
    async (action) => {
      const res = await post(allRoles, 'not-a-uuid', action, {});
      expect(fieldsOf(expectFieldIssues(res))).toContain('params.id');
    },
  );
});

describe('well-formed bodies that break a rule (422, per field)', () => {
  it.each([
    ['votes', 'member', { choice: 'reject', reasons: [] }, ['body.reasons']],
    ['review', 'officer', { recommendation: 'reject', reasons: [] }, ['body.reasons']],
    ['review', 'officer', { recommendation: 'approve', reasons: [] }, ['body.proposal']],
  ] as const)('POST %s as %s refuses %j', async (action, user, body, fields) => {
    const before = await trailOf(caseId);
    const res = await post(who[user](), caseId, action, body);
    expect(fieldsOf(expectRuleIssues(res))).toEqual([...fields].sort());
    expect(await trailOf(caseId)).toBe(before);
  });

  it('names only the malformed field when a body also breaks a rule', async () => {
    const res = await post(member, caseId, 'votes', { choice: 'reject', reasons: [1] });
    expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.reasons.0']);
  });
});

describe('roles and authority (403)', () => {
  it.each([
    ['votes', 'officer', { choice: 'approve', reasons: [] }],
    ['votes', 'approver', { choice: 'approve', reasons: [] }],
    ['votes', 'applicant', { choice: 'approve', reasons: [] }],
    ['information-requests', 'member', { questions: ['近三年纳税证明'] }],
    ['information-requests', 'applicant', { questions: ['近三年纳税证明'] }],
    ['conditions', 'approver', { evidence: ['质押登记编号 2026-001'] }],
    ['conditions', 'member', { evidence: ['质押登记编号 2026-001'] }],
  ] as const)('POST %s refuses the %s role', async (action, user, body) => {
    expectError(await post(who[user](), caseId, action, body), 403, 'forbidden');
  });

  it('refuses an approver who holds no approval level, to decide or to ask', async () => {
    const decided = await post(levellessApprover, awaitingDecision, 'decision', approval);
    expectError(decided, 403, 'insufficient_authority');
    const asked = await post(levellessApprover, awaitingDecision, 'information-requests', {
      questions: ['请补充近三年纳税证明'],
    });
    expectError(asked, 403, 'insufficient_authority');
    expect(await trailOf(awaitingDecision)).toBe(0);
  });
});

describe("other banks' cases (404)", () => {
  it.each([
    ['votes', { choice: 'approve', reasons: [] }],
    ['information-requests', { questions: ['近三年纳税证明'] }],
    ['conditions', { evidence: ['质押登记编号 2026-001'] }],
    ['decision', approval],
    ['review', { recommendation: 'approve', reasons: [], proposal }],
  ] as const)('POST %s answers 404 as if the case did not exist', async (action, body) => {
    const res = await post(otherBankStaff, caseId, action, body);
    expectError(res, 404, 'not_found');
    const missing = await post(otherBankStaff, randomUUID(), action, body);
    expect(missing.body).toMatchObject({
      error: { code: 'not_found', message: res.body.error.message },
    });
  });
});

/** A firm the tech-SME card fails: graded E, so the credit committee decides its cases. */
const weakIndicators = {
  ...strongIndicators,
  stStaff: 8,
  rdExpense: '800000.00',
  ip: { classI: 0, classII: 1 },
};

/** A case filed and its file completed, at review as the bank's staff see it. */
async function caseAtReview(indicators = strongIndicators, amount = '1500000.00') {
  const enterprise = await registerEnterprise(app, applicant, { indicators });
  const filed = await fileApplication(app, applicant, enterprise.id, { amount });
  await supplyDocuments(app, applicant, filed.id);
  return waitForStep(app, officer, filed.id, 'staff', 'review');
}

/** Every committee member of demo-bank, seeded or made by a test, able to sign in. */
async function committeeOfDemoBank(): Promise<TestUser[]> {
  const members = await harness.database.db.user.findMany({
    where: { institution: { code: 'demo-bank' }, roles: { has: 'COMMITTEE_MEMBER' } },
  });
  return Promise.all(
    members.map(async (m) => ({
      id: m.id,
      token: await signDemoToken(testSigningKey, {
        userId: m.id,
        username: m.username,
        roles: m.roles,
        institutionCode: 'demo-bank',
      }),
    })),
  );
}

const proposalTerms = {
  amount: '1500000.00',
  annualRate: '0.0450',
  termMonths: 24,
  repaymentMethod: 'equal-principal',
  conditions: [],
};

const actionOf = (c: StaffApplicationView, action: string) =>
  c.history.filter((e) => e.action === action);

describe('the credit committee', () => {
  it('votes a case through; a voter who reviewed it, or votes twice, is refused', async () => {
    const reviewingMember = await userWith(
      harness.database.db,
      ['OFFICER', 'COMMITTEE_MEMBER'],
      'demo-bank',
    );
    const atReview = await caseAtReview(weakIndicators);
    expect(atReview.approvalLevel).toBe('CREDIT_COMMITTEE');
    const vote = (user: TestUser, choice: 'approve' | 'reject', reasons: string[] = []) =>
      post(user, atReview.id, 'votes', { choice, reasons });
    expectError(await vote(member, 'approve'), 409, 'invalid_state');

    const reviewed = await postReview(app, reviewingMember, atReview.id, {
      recommendation: 'approve',
      reasons: ['知识产权质量较好'],
      proposal: proposalTerms,
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const task = await waitForTask(app, member, atReview.id, 'COMMITTEE');
    expect(task).toMatchObject({ role: 'COMMITTEE_MEMBER' });

    expectError(await vote(reviewingMember, 'approve'), 409, 'four_eyes_violation');
    const first = await vote(member, 'approve');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expectError(await vote(member, 'reject', ['再议']), 409, 'invalid_state');
    const mine = await request(app).get('/v1/tasks').query({ mine: 'true' }).set(auth(member));
    expect(
      mine.body.items.map((t: { application: { id: string } }) => t.application.id),
    ).not.toContain(atReview.id);

    const others = (await committeeOfDemoBank()).filter(
      (m) => m.id !== member.id && m.id !== reviewingMember.id,
    );
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const [i, other] of others.entries()) {
      const res = await vote(other, i === 0 ? 'reject' : 'approve', i === 0 ? ['现金流偏弱'] : []);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }

    const decided = await waitForStep(app, officer, atReview.id, 'staff', 'offer');
    expect(decided.status).toBe('APPROVED');
    expect(decided.decisions.at(-1)).toMatchObject({
      stage: 'APPROVAL',
      outcome: 'APPROVE',
      actorId: null,
      actorRole: 'COMMITTEE_MEMBER',
      level: 'CREDIT_COMMITTEE',
      amount: proposalTerms.amount,
      repaymentMethod: 'equal-principal',
    });
    expect(actionOf(decided, 'vote_cast')).toHaveLength(others.length + 1);
    expect(actionOf(decided, 'vote_cast')[0]).toMatchObject({
      actorId: member.id,
      actorRole: 'COMMITTEE_MEMBER',
    });
  });
});

describe('requests for information', () => {
  const ask = (user: TestUser, id: string, dueWorkingDays?: number) =>
    post(user, id, 'information-requests', {
      questions: ['请说明2025年营业收入下降的原因'],
      ...(dueWorkingDays && { dueWorkingDays }),
    });

  it('lets the officer ask at review, one open round at a time', async () => {
    const atReview = await caseAtReview();
    const asked = await ask(officer, atReview.id, 3);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await waitForCase(
      app,
      applicant,
      atReview.id,
      'applicant',
      (c) => c.applicantTasks.some((t) => t.kind === 'INFORMATION'),
      'information requested',
    );
    const owed = await getCase(app, officer, atReview.id, 'staff');
    expect(actionOf(owed, 'information_requested')).toMatchObject([
      { actorId: officer.id, actorRole: 'OFFICER' },
    ]);
    expectError(await ask(officer, atReview.id), 409, 'invalid_state');
  });

  it('asks as the approver at approval, even for whoever also holds the officer role', async () => {
    const both = await userWith(
      harness.database.db,
      ['OFFICER', 'APPROVER'],
      'demo-bank',
      'BRANCH_APPROVER',
    );
    const atReview = await caseAtReview();
    expect((await postReview(app, officer, atReview.id)).status).toBe(200);
    await waitForTask(app, both, atReview.id, 'DECISION');
    const asked = await ask(both, atReview.id);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const owed = await waitForCase(
      app,
      officer,
      atReview.id,
      'staff',
      (c) => actionOf(c, 'information_requested').length > 0,
      'information requested',
    );
    expect(actionOf(owed, 'information_requested')).toMatchObject([
      { actorId: both.id, actorRole: 'APPROVER' },
    ]);
  });

  it('refuses to ask once the case is decided', async () => {
    const atReview = await caseAtReview();
    expect((await postReview(app, officer, atReview.id)).status).toBe(200);
    await waitForTask(app, approver, atReview.id, 'DECISION');
    const decided = await postDecision(app, approver, atReview.id, approval);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expectError(await ask(approver, atReview.id), 409, 'invalid_state');
    expectError(await ask(officer, atReview.id), 409, 'invalid_state');
  });
});

describe('conditions precedent', () => {
  it('are confirmed by an officer other than the approver, and the loan follows', async () => {
    const approvingOfficer = await userWith(
      harness.database.db,
      ['OFFICER', 'APPROVER'],
      'demo-bank',
      'BRANCH_APPROVER',
    );
    const evidence = { evidence: ['股东会决议 2026-11 号', '保证合同 BZ-2026-018'] };
    const atReview = await caseAtReview();
    expectError(await post(officer, atReview.id, 'conditions', evidence), 409, 'invalid_state');
    expect((await postReview(app, officer, atReview.id)).status).toBe(200);
    await waitForTask(app, approvingOfficer, atReview.id, 'DECISION');
    const conditions = ['提供实际控制人连带责任保证', '出具股东会同意借款决议'];
    const decided = await postDecision(app, approvingOfficer, atReview.id, {
      ...approval,
      conditions,
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitForStep(app, applicant, atReview.id, 'applicant', 'offer');
    const accepted = await request(app)
      .post(`/v1/applications/${atReview.id}/offer/response`)
      .set(auth(applicant))
      .send({ response: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    await waitForTask(app, officer, atReview.id, 'CONDITIONS');
    expectError(
      await post(approvingOfficer, atReview.id, 'conditions', evidence),
      409,
      'four_eyes_violation',
    );
    const met = await post(officer, atReview.id, 'conditions', evidence);
    expect(met.status, JSON.stringify(met.body)).toBe(200);
    expectError(await post(officer, atReview.id, 'conditions', evidence), 409, 'invalid_state');

    const loan = await waitForCase(
      app,
      officer,
      atReview.id,
      'staff',
      (c) => c.status === 'DISBURSED',
      'disbursed',
    );
    expect(actionOf(loan, 'conditions_met')).toMatchObject([
      { actorId: officer.id, actorRole: 'OFFICER' },
    ]);
    expect(loan.decisions.at(-1)?.conditions).toEqual(conditions);
    expect((await tasksOf(app, officer)).map((t) => t.application.id)).not.toContain(atReview.id);
    expect((await getCase(app, applicant, atReview.id, 'applicant')).applicantTasks).toEqual([]);
  });
});
