// Attacks on idempotency across people: one Idempotency-Key used by two people on one case.
// Each person's key is theirs alone; an act that did not happen never answers success.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  approveReview,
  auth,
  caseAtReview,
  expectError,
  getCase,
  postReview,
  waitForStep,
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

const post = (user: TestUser, path: string, key: string, body: object) =>
  request(app).post(path).set(auth(user)).set('Idempotency-Key', key).send(body);

describe('one key, two people, one case', () => {
  it("records the applicant's answer sent with the key the officer's request used", async () => {
    const { filed } = await caseAtReview(app, applicant);
    const key = `shared-${randomUUID()}`;
    const asked = await post(officer, `/v1/applications/${filed.id}/information-requests`, key, {
      questions: ['请说明近三年研发投入的主要去向'],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const answered = await post(
      applicant,
      `/v1/applications/${filed.id}/information-requests/1/response`,
      key,
      { answers: ['主要用于光刻胶配方研发与中试线建设'] },
    );
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const seen = await getCase(app, applicant, filed.id, 'applicant');
    expect(seen.milestones.map((m) => m.event)).toContain('information_provided');
    expect(seen.applicantTasks.some((t) => t.kind === 'INFORMATION')).toBe(false);
  });

  it("refuses a withdrawal after the decision though the approver's key is reused", async () => {
    const { filed } = await caseAtReview(app, applicant);
    expect((await postReview(app, officer, filed.id, approveReview)).status).toBe(200);
    await waitForStep(app, officer, filed.id, 'staff', 'approval');
    const key = `shared-${randomUUID()}`;
    const decided = await post(approver, `/v1/applications/${filed.id}/decision`, key, {
      outcome: 'approve',
      ...approveReview.proposal,
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const withdrawn = await post(applicant, `/v1/applications/${filed.id}/withdraw`, key, {});
    expectError(withdrawn, 409, 'invalid_state');
    expect((await getCase(app, applicant, filed.id, 'applicant')).status).toBe('APPROVED');
  });

  it("still replays one person's own retry", async () => {
    const { filed } = await caseAtReview(app, applicant);
    const key = `retry-${randomUUID()}`;
    const path = `/v1/applications/${filed.id}/information-requests`;
    const first = await post(officer, path, key, { questions: ['请补充主要客户名单'] });
    const again = await post(officer, path, key, { questions: ['请补充主要客户名单'] });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    const rounds = (await getCase(app, officer, filed.id, 'staff')).history.filter(
      (e) => e.action === 'information_requested',
    );
    expect(rounds).toHaveLength(1);
  });
});
