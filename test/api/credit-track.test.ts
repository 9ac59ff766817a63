// The slice over HTTP: file, assessment, the officer's review from the inbox, an approver's
// decision, the letter read back from the PDF.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../api/case-view.ts';
import { formatYuan, yuanToFen } from '../../domain/money.ts';
import { caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  caseAtReview,
  expectError,
  getCase,
  getLetter,
  pdfText,
  postDecision,
  postReview,
  tasksFor,
  tasksOf,
  waitForStep,
  waitForTask,
  type App,
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

const actionsOf = (c: CaseView) => c.history.map((e) => e.action);
const eventOf = (c: CaseView, action: string) => c.history.find((e) => e.action === action);

/** `expected` appear in this order (other events may sit between them). */
function expectInOrder(actions: string[], expected: string[]) {
  const positions = expected.map((action) => actions.indexOf(action));
  expect(
    positions.every((p) => p >= 0),
    `${expected.join(',')} in ${actions.join(',')}`,
  ).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
}

describe('a credit case over HTTP', () => {
  it('files, is assessed, reviewed from the inbox, approved, and its letter says so', async () => {
    const requested = '1500000.00';
    const approved = '1200000.00';
    const { enterprise, filed, atReview } = await caseAtReview(app, applicant, {
      amount: requested,
      termMonths: 24,
    });
    expect(filed.status).toMatch(/^(SUBMITTED|ASSESSING)$/);
    expect(filed.amount).toBe(requested);
    expect(filed.enterprise).toEqual({ id: enterprise.id, name: enterprise.name });
    expect(filed.bank.code).toBe('demo-bank');
    expect(atReview.status).toBe('UNDER_REVIEW');
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
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect((reviewed.body as CaseView).decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'APPROVE', actorId: officer.id, actorRole: 'OFFICER' },
    ]);

    // The approver's inbox now holds the decision; the review task is closed.
    const decisionTask = await waitForTask(app, approver, filed.id, 'DECISION');
    expect(decisionTask.role).toBe('APPROVER');
    expect(tasksFor(await tasksOf(app, officer), filed.id)).toEqual([]);

    const decided = await postDecision(app, approver, filed.id, {
      outcome: 'approve',
      amount: approved,
      annualRate: '0.0435',
      termMonths: 24,
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect((decided.body as CaseView).status).toBe('APPROVED');

    const closed = await waitForStep(app, applicant, filed.id, 'closed');
    expect(closed.status).toBe('APPROVED');
    expect(closed.decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'APPROVE', actorId: officer.id },
      {
        stage: 'APPROVAL',
        outcome: 'APPROVE',
        amount: approved,
        termMonths: 24,
        actorId: approver.id,
        actorRole: 'APPROVER',
      },
    ]);
    expect(Number(closed.decisions[1]?.annualRate)).toBe(0.0435);
    expectInOrder(actionsOf(closed), [
      'filed',
      'assessed',
      'reviewed',
      'approved',
      'letter_issued',
    ]);
    expect(eventOf(closed, 'filed')).toMatchObject({
      actorId: applicant.id,
      actorRole: 'APPLICANT',
    });
    expect(eventOf(closed, 'reviewed')).toMatchObject({
      actorId: officer.id,
      actorRole: 'OFFICER',
    });
    expect(eventOf(closed, 'approved')).toMatchObject({
      actorId: approver.id,
      actorRole: 'APPROVER',
    });
    expect(closed.letters.map((l) => [l.kind, l.language]).sort()).toEqual([
      ['approval', 'en'],
      ['approval', 'zh'],
    ]);
    // Nobody has anything left to do on a closed case.
    expect(tasksFor(await tasksOf(app, approver), filed.id)).toEqual([]);

    const letter = await getLetter(app, applicant, filed.id);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toMatch(/^application\/pdf/);
    const pdf = letter.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(closed.letters[0]?.sha256);
    const text = await pdfText(pdf);
    expect(text).toContain(enterprise.name);
    expect(text).toContain(formatYuan(yuanToFen(approved), 'zh'));
    expect(text).not.toContain(formatYuan(yuanToFen(requested), 'zh'));
    expect(text).toContain(filed.reference);

    // The bank reads the same letter.
    const banksCopy = await getLetter(app, officer, filed.id);
    expect(banksCopy.status).toBe(200);
    expect((banksCopy.body as Buffer).equals(pdf)).toBe(true);
  });

  it('rejects, and the letter gives the approver’s reason', async () => {
    const { enterprise, filed } = await caseAtReview(app, applicant);
    const reviewReason = '研发费用归集不规范';
    const decisionReason = '科技人员占比不足百分之十';

    expectError(await getLetter(app, applicant, filed.id), 404, 'not_found');

    const reviewed = await postReview(app, officer, filed.id, {
      recommendation: 'reject',
      reasons: [reviewReason],
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await waitForTask(app, approver, filed.id, 'DECISION');

    const decided = await postDecision(app, approver, filed.id, {
      outcome: 'reject',
      reasons: [decisionReason],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const closed = await waitForStep(app, applicant, filed.id, 'closed');
    expect(closed.status).toBe('REJECTED');
    expect(closed.decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'REJECT', reasons: [reviewReason], actorId: officer.id },
      { stage: 'APPROVAL', outcome: 'REJECT', reasons: [decisionReason], actorId: approver.id },
    ]);
    expect(closed.decisions[1]?.amount).toBeUndefined();
    expectInOrder(actionsOf(closed), [
      'filed',
      'assessed',
      'reviewed',
      'rejected',
      'letter_issued',
    ]);
    expect(eventOf(closed, 'rejected')).toMatchObject({
      actorId: approver.id,
      actorRole: 'APPROVER',
    });
    expect(actionsOf(closed)).not.toContain('approved');
    expect(closed.letters.map((l) => `${l.kind}:${l.language}`).sort()).toEqual([
      'rejection:en',
      'rejection:zh',
    ]);

    const letter = await getLetter(app, applicant, filed.id);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toMatch(/^application\/pdf/);
    const text = await pdfText(letter.body as Buffer);
    expect(text).toContain(enterprise.name);
    expect(text).toContain(decisionReason);
    expect(text).not.toContain(formatYuan(yuanToFen(filed.amount), 'zh'));
  });

  it('shows the case to the applicant and the bank with the same facts', async () => {
    const { filed } = await caseAtReview(app, applicant);
    const [mine, banks] = await Promise.all([
      getCase(app, applicant, filed.id),
      getCase(app, officer, filed.id),
    ]);
    expect(banks.id).toBe(mine.id);
    expect(banks.reference).toBe(mine.reference);
    expect(banks.amount).toBe(mine.amount);
    expect(banks.status).toBe(mine.status);
  });
});
