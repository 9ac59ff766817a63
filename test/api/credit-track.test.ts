// The credit track over HTTP: filing, the file completed document by document, assessment,
// the officer's review from the inbox, an approver's decision, the letter read back from the
// PDF, the offer accepted or declined, the loan; requests for information; the case list.
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffApplicationView } from '../../api/application-view.ts';
import { customerMilestones } from '../../domain/credit/lifecycle.ts';
import { formatYuan, yuanToFen } from '../../domain/money.ts';
import { caseCast, completeFile, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  proposal,
  auth,
  caseAtReview,
  caseView,
  supplyDocuments,
  expectError,
  expectFieldIssues,
  fieldsOf,
  fileApplication,
  getCase,
  getLetter,
  pdfText,
  postDecision,
  postReview,
  registerEnterprise,
  tasksFor,
  tasksOf,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
  type EnterpriseView,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver] = await caseCast(db);
});

afterAll(async () => {
  await harness?.close();
});

const actionsOf = (c: StaffApplicationView) => c.history.map((e) => e.action);
const eventOf = (c: StaffApplicationView, action: string) =>
  c.history.find((e) => e.action === action);

/** `expected` appear in this order (other events may sit between them). */
function expectInOrder(actions: string[], expected: string[]) {
  const positions = expected.map((action) => actions.indexOf(action));
  expect(
    positions.every((p) => p >= 0),
    `${expected.join(',')} in ${actions.join(',')}`,
  ).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
}

/** A firm registered, a case filed with demo-bank, its file completed, waiting for review. */

const approval = {
  outcome: 'approve',
  amount: '1200000.00',
  annualRate: '0.0435',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
  conditions: [],
};

/** A case reviewed and approved, its offer open to the applicant. */
async function caseWithOffer() {
  const { enterprise, filed } = await caseAtReview(app, applicant, { amount: '1500000.00' });
  expect((await postReview(app, officer, filed.id)).status).toBe(200);
  await waitForTask(app, approver, filed.id, 'DECISION');
  const decided = await postDecision(app, approver, filed.id, approval);
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  const atOffer = await waitForStep(app, applicant, filed.id, 'applicant', 'offer');
  return { enterprise, filed, atOffer };
}

const respondToOffer = (id: string, response: 'accept' | 'decline') =>
  request(app)
    .post(`/v1/applications/${id}/offer/response`)
    .set(auth(applicant))
    .send({ response });

describe('the file', () => {
  it('waits for documents, then leaves the documents step once the checklist is met', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const filed = await fileApplication(app, applicant, enterprise.id);
    expect(filed.step).toBe('documents');
    const waiting = await waitForCase(
      app,
      applicant,
      filed.id,
      'applicant',
      (c) => c.status === 'AWAITING_DOCUMENTS' && c.applicantTasks.length > 0,
      'documents requested',
    );
    expect(waiting.step).toBe('documents');
    expect(waiting.applicantTasks).toEqual([{ kind: 'DOCUMENTS', dueAt: expect.any(String) }]);
    expect(waiting.fileCompletedAt).toBeNull();

    // All but one item: the file is still incomplete and the case stays.
    const last = completeFile.at(-1)!;
    await supplyDocuments(app, applicant, filed.id, completeFile.slice(0, -1));
    const almost = await getCase(app, applicant, filed.id, 'applicant');
    expect(almost.step).toBe('documents');
    expect(almost.fileCompletedAt).toBeNull();

    await supplyDocuments(app, applicant, filed.id, [last]);
    const atReview = await waitForStep(app, officer, filed.id, 'staff', 'review');
    expect(atReview.status).toBe('UNDER_REVIEW');
    expect(atReview.applicantTasks).toEqual([]);
    expect(atReview.fileCompletedAt).not.toBeNull();
    expect(atReview.grade).toMatch(/^[A-E]$/);
    expect(atReview.approvalLevel).not.toBeNull();
    expect(Date.parse(atReview.decisionDueAt!)).toBeGreaterThan(
      Date.parse(atReview.fileCompletedAt!),
    );
    expectInOrder(actionsOf(atReview), [
      'filed',
      'document_supplied',
      'file_completed',
      'assessed',
    ]);
  });
});

describe('a credit case over HTTP', () => {
  it('is reviewed, approved, offered, accepted and disbursed; its letter says so', async () => {
    const requested = '1500000.00';
    const { enterprise, filed } = await caseAtReview(app, applicant, { amount: requested });
    const atReview = await getCase(app, officer, filed.id, 'staff');
    expect(filed.amount).toBe(requested);
    expect(filed.enterprise).toEqual({ id: enterprise.id, name: enterprise.name });
    expect(filed.bank.code).toBe('demo-bank');
    expect(atReview.assessments.length).toBeGreaterThan(0);

    // The officer finds the case in the inbox; the approver has nothing for it yet.
    const reviewTask = await waitForTask(app, officer, filed.id, 'REVIEW');
    expect(reviewTask).toMatchObject({
      role: 'OFFICER',
      application: { reference: filed.reference, enterprise: enterprise.name },
    });
    expect(tasksFor(await tasksOf(app, approver), filed.id)).toEqual([]);

    const reviewed = await postReview(app, officer, filed.id, {
      recommendation: 'approve',
      reasons: ['科技人员与研发投入指标良好'],
      proposal,
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(caseView(reviewed.body, 'staff').decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'APPROVE', actorId: officer.id, actorRole: 'OFFICER' },
    ]);

    await waitForTask(app, approver, filed.id, 'DECISION');
    expect(tasksFor(await tasksOf(app, officer), filed.id)).toEqual([]);
    const decided = await postDecision(app, approver, filed.id, approval);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(caseView(decided.body, 'staff').status).toBe('APPROVED');

    const atOffer = await waitForStep(app, applicant, filed.id, 'applicant', 'offer');
    const { decisions } = await getCase(app, officer, filed.id, 'staff');
    expect(decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'APPROVE', actorId: officer.id },
      {
        stage: 'APPROVAL',
        outcome: 'APPROVE',
        amount: approval.amount,
        termMonths: 24,
        repaymentMethod: 'equal-instalment',
        conditions: [],
        actorId: approver.id,
        actorRole: 'APPROVER',
        level: atReview.approvalLevel,
      },
    ]);
    expect(Number(decisions[1]?.annualRate)).toBe(0.0435);
    expect(atOffer.offer).toMatchObject({
      amount: approval.amount,
      termMonths: 24,
      repaymentMethod: 'equal-instalment',
      conditions: [],
      status: 'OPEN',
    });
    expect(Number(atOffer.offer!.annualRate)).toBe(0.0435);
    expect(Date.parse(atOffer.offer!.validUntil)).toBeGreaterThan(Date.now());
    expect(atOffer.applicantTasks).toMatchObject([{ kind: 'OFFER' }]);
    expect(atOffer.letters.map((l) => [l.kind, l.language]).sort()).toEqual([
      ['approval', 'en'],
      ['approval', 'zh'],
    ]);

    const letter = await getLetter(app, applicant, filed.id);
    expect(letter.status).toBe(200);
    const pdf = letter.body as Buffer;
    const zhLetter = atOffer.letters.find((l) => l.language === 'zh');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(zhLetter?.sha256);
    const text = await pdfText(pdf);
    expect(text).toContain(enterprise.name);
    expect(text).toContain(formatYuan(yuanToFen(approval.amount), 'zh'));
    expect(text).not.toContain(formatYuan(yuanToFen(requested), 'zh'));
    expect(text).toContain(filed.reference);

    const accepted = await respondToOffer(filed.id, 'accept');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expectError(await respondToOffer(filed.id, 'decline'), 409, 'invalid_state');

    const closed = await waitForCase(
      app,
      applicant,
      filed.id,
      'applicant',
      (c) => c.status === 'DISBURSED' && c.step === 'closed',
      'disbursed',
    );
    expect(closed.offer?.status).toBe('ACCEPTED');
    expect(closed.loan).toMatchObject({
      id: expect.any(String),
      contractNumber: expect.any(String),
    });
    expect(closed.applicantTasks).toEqual([]);
    const trail = await getCase(app, officer, filed.id, 'staff');
    expectInOrder(actionsOf(trail), [
      'filed',
      'file_completed',
      'assessed',
      'routed',
      'reviewed',
      'approved',
      'letter_issued',
      'offer_made',
      'offer_accepted',
      'contract_signed',
      'disbursed',
    ]);
    expect(eventOf(trail, 'offer_accepted')).toMatchObject({
      actorId: applicant.id,
      actorRole: 'APPLICANT',
    });
    expect(eventOf(trail, 'approved')).toMatchObject({
      actorId: approver.id,
      actorRole: 'APPROVER',
    });
    // Nobody has anything left to do on a closed case.
    expect(tasksFor(await tasksOf(app, approver), filed.id)).toEqual([]);
  });

  it('rejects, and the letter gives the approver’s reason', async () => {
    const { enterprise, filed } = await caseAtReview(app, applicant);
    const decisionReason = '科技人员占比不足百分之十';
    expectError(await getLetter(app, applicant, filed.id), 404, 'not_found');

    const reviewed = await postReview(app, officer, filed.id, {
      recommendation: 'reject',
      reasons: ['研发费用归集不规范'],
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await waitForTask(app, approver, filed.id, 'DECISION');
    const decided = await postDecision(app, approver, filed.id, {
      outcome: 'reject',
      reasons: [decisionReason],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const closed = await waitForStep(app, officer, filed.id, 'staff', 'closed');
    expect(closed.status).toBe('REJECTED');
    expect(closed.decisions[1]).toMatchObject({
      stage: 'APPROVAL',
      outcome: 'REJECT',
      reasons: [decisionReason],
      actorId: approver.id,
    });
    expect(closed.decisions[1]?.amount).toBeUndefined();
    expect(closed.offer).toBeNull();
    expect(closed.loan).toBeNull();
    expect(actionsOf(closed)).not.toContain('approved');
    const text = await pdfText((await getLetter(app, applicant, filed.id)).body as Buffer);
    expect(text).toContain(enterprise.name);
    expect(text).toContain(decisionReason);
  });

  it('closes as OFFER_DECLINED when the applicant declines', async () => {
    const { filed } = await caseWithOffer();
    const declined = await respondToOffer(filed.id, 'decline');
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const closed = await waitForStep(app, officer, filed.id, 'staff', 'closed');
    expect(closed.status).toBe('OFFER_DECLINED');
    expect(closed.offer?.status).toBe('DECLINED');
    expect(closed.loan).toBeNull();
    expect(eventOf(closed, 'offer_declined')).toMatchObject({ actorId: applicant.id });
  });

  it('shows the applicant its part of the case with the same facts as the bank', async () => {
    const { filed } = await caseAtReview(app, applicant);
    const [mine, banks] = await Promise.all([
      getCase(app, applicant, filed.id, 'applicant'),
      getCase(app, officer, filed.id, 'staff'),
    ]);
    const { decision, milestones, ...facts } = mine;
    expect(banks).toMatchObject(facts);
    expect(decision).toBeNull();
    const told = new Set<string>(customerMilestones);
    expect(milestones).toEqual(
      banks.history.filter((e) => told.has(e.action)).map((e) => ({ at: e.at, event: e.action })),
    );
  });
});

describe('requests for information', () => {
  const answer = (id: string, round: number, answers: string[]) =>
    request(app)
      .post(`/v1/applications/${id}/information-requests/${round}/response`)
      .set(auth(applicant))
      .send({ answers });

  it('shows the applicant the round and questions, and takes the answers to that round', async () => {
    const { filed } = await caseAtReview(app, applicant);
    const questions = ['请说明2025年研发费用大幅增长的原因', '请提供主要客户合同'];
    const asked = await request(app)
      .post(`/v1/applications/${filed.id}/information-requests`)
      .set(auth(officer))
      .send({ questions });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);

    const owed = await waitForCase(
      app,
      applicant,
      filed.id,
      'applicant',
      (c) => c.applicantTasks.some((t) => t.kind === 'INFORMATION'),
      'information requested',
    );
    expect(owed.applicantTasks).toEqual([
      { kind: 'INFORMATION', dueAt: expect.any(String), round: 1, questions },
    ]);
    expect(owed.step).toBe('review');

    expectError(await answer(filed.id, 2, ['答复']), 409, 'invalid_state');
    const answered = await answer(filed.id, 1, ['研发人员扩充', '见附件合同']);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expectError(await answer(filed.id, 1, ['再次答复']), 409, 'invalid_state');

    const after = await waitForCase(
      app,
      officer,
      filed.id,
      'staff',
      (c) => c.applicantTasks.length === 0,
      'information provided',
    );
    expect(eventOf(after, 'information_provided')).toMatchObject({
      actorId: applicant.id,
      actorRole: 'APPLICANT',
    });
  });
});

describe('GET /v1/applications', () => {
  interface Page {
    items: { id: string; enterprise: string; status: string; step: string; amount: string }[];
    nextCursor: string | null;
  }
  const list = (user: TestUser, query: Record<string, string | number> = {}) =>
    request(app).get('/v1/applications').query(query).set(auth(user));

  let lister: TestUser;
  let enterprise: EnterpriseView;
  let filedIds: string[];

  beforeAll(async () => {
    lister = await userWith(harness.database.db, ['APPLICANT']);
    enterprise = await registerEnterprise(app, lister);
    filedIds = [];
    for (const amount of ['100000.00', '200000.00', '300000.00', '400000.00', '500000.00']) {
      filedIds.push((await fileApplication(app, lister, enterprise.id, { amount })).id);
    }
    for (const id of filedIds) {
      await waitForCase(
        app,
        lister,
        id,
        'applicant',
        (c) => c.status === 'AWAITING_DOCUMENTS',
        'documents',
      );
    }
  });

  it('pages through the applicant’s cases, newest first, each once', async () => {
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const res = await list(lister, { limit: 2, ...(cursor && { cursor }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = res.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((c) => c.id)).toEqual([...filedIds].reverse());
    expect(seen[0]).toMatchObject({
      enterprise: enterprise.name,
      amount: '500000.00',
      product: 'credit',
      step: 'documents',
    });
  });

  it('shows an applicant only its own firms’ cases, and the bank its own', async () => {
    const mine = (await list(applicant, { limit: 100 })).body as Page;
    expect(mine.items.some((c) => filedIds.includes(c.id))).toBe(false);

    const banks = (await list(officer, { limit: 100 })).body as Page;
    expect(filedIds.every((id) => banks.items.some((c) => c.id === id))).toBe(true);
    const otherBank = await userWith(harness.database.db, ['APPROVER'], 'other-bank');
    const theirs = (await list(otherBank)).body as Page;
    expect(theirs.items).toEqual([]);
  });

  it('filters by status and product', async () => {
    const awaiting = (await list(lister, { status: 'AWAITING_DOCUMENTS' })).body as Page;
    expect(awaiting.items.map((c) => c.id)).toEqual([...filedIds].reverse());
    const submitted = (await list(lister, { status: 'SUBMITTED' })).body as Page;
    expect(submitted.items).toEqual([]);
    const pledges = (await list(lister, { product: 'ip-pledge' })).body as Page;
    expect(pledges.items).toEqual([]);
  });

  it('refuses bad limits, filters and cursors', async () => {
    for (const [query, field] of [
      [{ limit: 0 }, 'query.limit'],
      [{ limit: 101 }, 'query.limit'],
      [{ status: 'DONE' }, 'query.status'],
      [{ product: 'mortgage' }, 'query.product'],
      [{ cursor: 'abc' }, 'query.cursor'],
    ] as const) {
      expect(fieldsOf(expectFieldIssues(await list(lister, query)))).toEqual([field]);
    }
  });

  it('answers a cursor that is not one of this list’s with an empty page, revealing nothing', async () => {
    // A real case, but another applicant's; and an id that names nothing at all.
    for (const cursor of [filedIds[0]!, randomUUID()]) {
      const res = await list(applicant, { cursor });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    }
  });
});
