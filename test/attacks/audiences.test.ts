// Who reads what of a case: the applicant reads what a bank tells its customer (status, what
// it owes, the decision, the milestones), never the bank's internal assessment, its staff's
// notes and recommendations or who they are; the staff of the case's bank read the whole case.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  caseAtReview,
  caseView,
  filingBody,
  getCase,
  postApplication,
  postDecision,
  postReview,
  registerEnterprise,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
} from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  [applicant, officer, approver] = await caseCast(harness.database.db);
});

afterAll(async () => {
  await harness?.close();
});

describe('a decided case', () => {
  // As stored (NFKC, an ASCII colon), so that not finding it means it is not there.
  const internalNote = '内部意见:实控人征信有瑕疵';
  const decisionReason = '科技人员占比不足百分之十';
  let id: string;

  beforeAll(async () => {
    id = (await caseAtReview(app, applicant)).filed.id;
    const reviewed = await postReview(app, officer, id, {
      recommendation: 'reject',
      reasons: [internalNote],
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    // The bank's act answers with the bank's view.
    expect(caseView(reviewed.body, 'staff').decisions).toMatchObject([
      { stage: 'REVIEW', reasons: [internalNote], actorId: officer.id },
    ]);
    await waitForTask(app, approver, id, 'DECISION');
    const decided = await postDecision(app, approver, id, {
      outcome: 'reject',
      reasons: [decisionReason],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitForStep(app, officer, id, 'staff', 'closed');
  });

  it('shows the applicant the decision and the milestones, and nothing of the bank’s working', async () => {
    const res = await request(app).get(`/v1/applications/${id}`).set(auth(applicant));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const json = JSON.stringify(res.body);
    for (const secret of [
      internalNote,
      officer.id,
      approver.id,
      'recommendation',
      'assessments',
      'history',
      'approvalLevel',
      'grade',
      'policyVersions',
    ]) {
      expect(json).not.toContain(secret);
    }
    const view = caseView(res.body, 'applicant');
    expect(view.status).toBe('REJECTED');
    expect(view.decision).toEqual({ outcome: 'REJECT', decidedAt: expect.any(String) });
    const events = view.milestones.map((m) => m.event);
    expect(events).toEqual(
      expect.arrayContaining(['filed', 'file_completed', 'rejected', 'letter_issued']),
    );
    for (const internal of ['assessed', 'routed', 'review_task_opened', 'reviewed']) {
      expect(events).not.toContain(internal);
    }
    expect(view.letters.map((l) => l.kind)).toContain('rejection');
  });

  it('shows the bank’s officer every decision with its reasons and who took it', async () => {
    const view = await getCase(app, officer, id, 'staff');
    expect(view.decisions).toMatchObject([
      { stage: 'REVIEW', outcome: 'REJECT', reasons: [internalNote], actorId: officer.id },
      { stage: 'APPROVAL', outcome: 'REJECT', reasons: [decisionReason], actorId: approver.id },
    ]);
    expect(view.history.find((e) => e.action === 'reviewed')).toMatchObject({
      actorId: officer.id,
      actorRole: 'OFFICER',
    });
    expect(view.approvalLevel).not.toBeNull();
    expect(view.assessments.length).toBeGreaterThan(0);
  });
});

describe('the applicant’s own acts', () => {
  it('answer with the applicant’s view: filing and withdrawing', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const filed = await postApplication(app, applicant, filingBody(enterprise.id));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).not.toHaveProperty('history');
    const { id } = caseView(filed.body, 'applicant');
    await waitForCase(
      app,
      applicant,
      id,
      'applicant',
      (c) => c.applicantTasks.length > 0,
      'documents requested',
    );

    const withdrawn = await request(app)
      .post(`/v1/applications/${id}/withdraw`)
      .set(auth(applicant))
      .send({ reason: '融资需求已变化' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).not.toHaveProperty('history');
    // No one's identity, not even the applicant's own as the one who withdrew.
    expect(JSON.stringify(withdrawn.body)).not.toContain(applicant.id);
    expect(caseView(withdrawn.body, 'applicant').id).toBe(id);
  });

  it('staff of another bank filing for their own firm read the applicant’s view', async () => {
    const both = await userWith(harness.database.db, ['APPLICANT', 'OFFICER'], 'other-bank');
    const enterprise = await registerEnterprise(app, both);
    const filed = await postApplication(app, both, filingBody(enterprise.id));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const res = await request(app)
      .get(`/v1/applications/${caseView(filed.body, 'applicant').id}`)
      .set(auth(both));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).not.toHaveProperty('history');
    expect(caseView(res.body, 'applicant').milestones).toMatchObject([{ event: 'filed' }]);
  });
});
