// The applicant's acts on its own case over HTTP: withdrawing, answering a request for
// information, answering the offer. Bad input, other tenants and closed cases are refused
// before the workflow hears of them; the workflow refuses acts its case is not ready for.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantApplicationView } from '../../api/application-view.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  supplyDocuments,
  expectError,
  expectFieldIssues,
  fieldsOf,
  fileApplication,
  getCase,
  postDecision,
  postReview,
  registerEnterprise,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let officer: TestUser;
let approver: TestUser;
let filed: ApplicantApplicationView;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [owner, stranger, officer, approver] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
  ]);
  filed = await fileCase();
});

afterAll(async () => {
  await harness?.close();
});

async function fileCase(): Promise<ApplicantApplicationView> {
  const enterprise = await registerEnterprise(app, owner);
  return fileApplication(app, owner, enterprise.id);
}

const post = (user: TestUser, path: string, body?: object) =>
  request(app).post(path).set(auth(user)).send(body);

const withdraw = (user: TestUser, id: string, body?: object) =>
  post(user, `/v1/applications/${id}/withdraw`, body);
const answer = (user: TestUser, id: string, round: number | string, body: object) =>
  post(user, `/v1/applications/${id}/information-requests/${round}/response`, body);
const respondToOffer = (user: TestUser, id: string, body: object) =>
  post(user, `/v1/applications/${id}/offer/response`, body);

/** Each act with a well-formed body, so only who acts and on what case decide the answer. */
const acts = [
  ['withdraw', (user: TestUser, id: string) => withdraw(user, id, { reason: '融资需求已变化' })],
  ['answer', (user: TestUser, id: string) => answer(user, id, 1, { answers: ['见附件'] })],
  ['offer', (user: TestUser, id: string) => respondToOffer(user, id, { response: 'accept' })],
] as const;

/** A case of the owner's, filed and then closed as the workflow would close it. */
async function closedCase(status: 'REJECTED' | 'WITHDRAWN' | 'OFFER_EXPIRED' | 'DISBURSED') {
  const closed = await fileCase();
  const { db } = harness.database;
  const { workflowId } = await db.application.findUniqueOrThrow({ where: { id: closed.id } });
  await harness.env.client.workflow.getHandle(workflowId).terminate('closed by the test');
  await db.application.update({ where: { id: closed.id }, data: { status } });
  return closed;
}

describe('who may act', () => {
  it.each(acts)('%s: 404 for another firm’s case, 403 for bank staff', async (_, act) => {
    expectError(await act(stranger, filed.id), 404, 'not_found');
    expectError(await act(officer, filed.id), 403, 'forbidden');
    expectError(await act(owner, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expect(fieldsOf(expectFieldIssues(await act(owner, 'not-a-uuid')))).toEqual(['params.id']);
  });

  it.each(acts)('%s: 409 on a closed case', async (_, act) => {
    for (const status of ['REJECTED', 'WITHDRAWN', 'OFFER_EXPIRED', 'DISBURSED'] as const) {
      const closed = await closedCase(status);
      expectError(await act(owner, closed.id), 409, 'invalid_state');
    }
  });
});

describe('POST /v1/applications/:id/withdraw', () => {
  it.each([{ reason: 'x' }, { reason: 42 }, { reason: 'y'.repeat(501) }])(
    'refuses the body %j with 400 on body.reason',
    async (body) => {
      expect(fieldsOf(expectFieldIssues(await withdraw(owner, filed.id, body)))).toEqual([
        'body.reason',
      ]);
    },
  );
});

describe('POST /v1/applications/:id/information-requests/:round/response', () => {
  it.each(['0', '-1', '1.5', 'first'])(
    'refuses the round %j with 400 on params.round',
    async (round) => {
      const res = await answer(owner, filed.id, round, { answers: ['见附件'] });
      expect(fieldsOf(expectFieldIssues(res))).toEqual(['params.round']);
    },
  );

  it.each([
    ['no answers', {}],
    ['an empty list', { answers: [] }],
    ['21 answers', { answers: Array.from({ length: 21 }, (_, i) => `答复${i}`) }],
    ['a blank answer', { answers: ['   '] }],
    ['an answer of 2001 characters', { answers: ['长'.repeat(2001)] }],
    ['an answer that is not text', { answers: [7] }],
  ])('refuses %s with 400 on body.answers', async (_, body) => {
    const issues = expectFieldIssues(await answer(owner, filed.id, 1, body));
    expect(issues.every((i) => i.field.startsWith('body.answers'))).toBe(true);
  });

  it('takes 20 answers of 2000 characters as well-formed (refused only by the step)', async () => {
    const res = await answer(owner, filed.id, 1, { answers: Array(20).fill('答'.repeat(2000)) });
    expectError(res, 409, 'invalid_state');
  });
});

describe('POST /v1/applications/:id/offer/response', () => {
  it.each([{}, { response: 'maybe' }, { response: 'ACCEPT' }])(
    'refuses the body %j with 400 on body.response',
    async (body) => {
      const res = await respondToOffer(owner, filed.id, body);
      expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.response']);
    },
  );

  it('answers 409 while no offer is open', async () => {
    expectError(
      await respondToOffer(owner, filed.id, { response: 'accept' }),
      409,
      'invalid_state',
    );
  });
});

describe('withdrawing', () => {
  const withdrawn = (id: string) =>
    waitForCase(
      app,
      owner,
      id,
      'applicant',
      (c) => c.status === 'WITHDRAWN' && c.milestones.some((m) => m.event === 'withdrawn'),
      'withdrawn',
    );

  it('closes the case before the file is complete, with the reason on record', async () => {
    const fresh = await fileCase();
    await waitForCase(
      app,
      owner,
      fresh.id,
      'applicant',
      (c) => c.applicantTasks.length > 0,
      'documents',
    );
    const reason = '已从其他渠道获得融资';
    const res = await withdraw(owner, fresh.id, { reason });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const closed = await withdrawn(fresh.id);
    expect(closed.step).toBe('closed');
    expect(closed.applicantTasks).toEqual([]);
    const { history } = await getCase(app, officer, fresh.id, 'staff');
    expect(history.find((e) => e.action === 'withdrawn')).toMatchObject({
      actorId: owner.id,
      actorRole: 'APPLICANT',
      data: expect.objectContaining({ reason }),
    });
    expectError(await withdraw(owner, fresh.id), 409, 'invalid_state');
  });

  it('closes a case under review, without a reason', async () => {
    const fresh = await fileCase();
    await supplyDocuments(app, owner, fresh.id);
    await waitForStep(app, owner, fresh.id, 'applicant', 'review');
    const res = await withdraw(owner, fresh.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await withdrawn(fresh.id)).step).toBe('closed');
  });

  it('is refused once the case is decided', async () => {
    const fresh = await fileCase();
    await supplyDocuments(app, owner, fresh.id);
    await waitForStep(app, owner, fresh.id, 'applicant', 'review');
    expect((await postReview(app, officer, fresh.id)).status).toBe(200);
    await waitForTask(app, approver, fresh.id, 'DECISION');
    const decided = await postDecision(app, approver, fresh.id, {
      outcome: 'approve',
      amount: '500000.00',
      annualRate: '0.0435',
      termMonths: 24,
      repaymentMethod: 'equal-principal',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitForStep(app, owner, fresh.id, 'applicant', 'offer');
    expectError(await withdraw(owner, fresh.id, { reason: '改变主意' }), 409, 'invalid_state');
    const after = await getCase(app, owner, fresh.id, 'applicant');
    expect(after.status).toBe('APPROVED');
    expect(after.milestones.some((m) => m.event === 'withdrawn')).toBe(false);
  });
});
