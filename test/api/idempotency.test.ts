// Retried filings: the same Idempotency-Key and body give back the first answer and land
// on one row and one workflow; the key with another body is refused.
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHash } from '../../api/idempotency.ts';
import { yuanToFen } from '../../domain/money.ts';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  approveReview,
  auth,
  caseAtReview,
  caseView,
  expectError,
  filingBody,
  getCase,
  postApplication,
  registerEnterprise,
  supplyDocuments,
  waitForStep,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let otherApplicant: TestUser;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, otherApplicant, officer] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

const newKey = () => `file-${randomUUID()}`;

const fileWithKey = (user: TestUser, key: string, body: object) =>
  request(app).post('/v1/applications').set(auth(user)).set('Idempotency-Key', key).send(body);

/** The case a filing answered with, as the applicant's view. */
const filedOf = (res: Response) => caseView(res.body, 'applicant');

const rowsOf = (enterpriseId: string) =>
  harness.database.db.application.findMany({ where: { enterpriseId } });

const filedEventsOf = (applicationId: string) =>
  harness.database.db.auditEvent.count({
    where: { entityType: 'Application', entityId: applicationId, action: 'filed' },
  });

describe('Idempotency-Key on POST /v1/applications', () => {
  it('replays the first response and keeps one row and one workflow', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const body = filingBody(enterprise.id);

    const first = await fileWithKey(applicant, key, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = filedOf(first).id;
    const workflow = harness.env.client.workflow.getHandle(creditApplicationWorkflowId(id));
    const run = (await workflow.describe()).runId;
    // Let the case move on, so a replay that re-ran the handler would show a later state.
    await supplyDocuments(app, applicant, id);
    await waitForStep(app, applicant, id, 'applicant', 'review');

    const again = await fileWithKey(applicant, key, body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);

    const rows = await rowsOf(enterprise.id);
    expect(rows.map((r) => r.id)).toEqual([id]);
    expect(await filedEventsOf(id)).toBe(1);
    const described = await workflow.describe();
    expect(described.runId).toBe(run);
    expect(described.status.name).toBe('RUNNING');
    // The case itself has moved on; only the stored answer is replayed.
    expect((await getCase(app, applicant, id, 'applicant')).step).toBe('review');
  });

  it('files once when the same request arrives twice at the same time', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const body = filingBody(enterprise.id);
    const [a, b] = await Promise.all([
      fileWithKey(applicant, key, body),
      fileWithKey(applicant, key, body),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const id = filedOf(a).id;
    expect(filedOf(b).id).toBe(id);
    expect((await rowsOf(enterprise.id)).map((r) => r.id)).toEqual([id]);
    expect(await filedEventsOf(id)).toBe(1);
    await supplyDocuments(app, applicant, id);
    await waitForStep(app, applicant, id, 'applicant', 'review');
    // One workflow: its single REVIEW task is the only one for the firm.
    expect(
      await harness.database.db.task.count({
        where: { kind: 'REVIEW', application: { enterpriseId: enterprise.id } },
      }),
    ).toBe(1);
  });

  it('refuses the same key with another body (422) and files nothing', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const first = await fileWithKey(applicant, key, filingBody(enterprise.id));
    expect(first.status).toBe(201);

    const other = await fileWithKey(
      applicant,
      key,
      filingBody(enterprise.id, { amount: '2000000.00' }),
    );
    expectError(other, 422, 'idempotency_key_reused');
    expect((await rowsOf(enterprise.id)).map((r) => r.amountFen)).toEqual([100_000_000n]);

    // The original request is still answered from the record.
    const replay = await fileWithKey(applicant, key, filingBody(enterprise.id));
    expect(replay.status).toBe(201);
    expect(filedOf(replay).id).toBe(filedOf(first).id);
  });

  it('lets exactly one body win when two bodies race under one key', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const bodies = ['1000000.00', '2000000.00'].map((amount) =>
      filingBody(enterprise.id, { amount }),
    );
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fileWithKey(applicant, key, bodies[i % 2]!)),
    );
    const filed = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 422);
    expect(filed).toHaveLength(10);
    expect(refused).toHaveLength(10);
    refused.forEach((r) => expectError(r, 422, 'idempotency_key_reused'));
    const [row, ...more] = await rowsOf(enterprise.id);
    expect(more).toEqual([]);
    // Every 201 is the one case, of the body that won, never of the other body.
    for (const res of filed) {
      expect(filedOf(res).id).toBe(row!.id);
      expect(yuanToFen(filedOf(res).amount)).toBe(Number(row!.amountFen));
    }
    const winner = responses.indexOf(filed[0]!) % 2;
    expect(responses.filter((_, i) => i % 2 === winner).every((r) => r.status === 201)).toBe(true);
  });

  it('asks a retry to come back while a claimant that died still holds the key', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const body = filingBody(enterprise.id);
    // What a request leaves when its process dies between claiming the key and answering.
    await harness.database.db.idempotencyRecord.create({
      data: {
        userId: applicant.id,
        key,
        method: 'POST',
        path: '/v1/applications',
        requestHash: requestHash('POST', '/v1/applications', body),
      },
    });
    const busy = await fileWithKey(applicant, key, body);
    expectError(busy, 409, 'request_in_progress');
    expect(busy.headers['retry-after']).toBe('5');
    expect(await rowsOf(enterprise.id)).toEqual([]);
  }, 30_000);

  it('files a new case under a new key', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const body = filingBody(enterprise.id);
    const first = await fileWithKey(applicant, newKey(), body);
    const second = await fileWithKey(applicant, newKey(), body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(filedOf(second).id).not.toBe(filedOf(first).id);
    expect(await rowsOf(enterprise.id)).toHaveLength(2);
  });

  it('scopes keys to the caller: another applicant’s key is not a replay', async () => {
    const key = newKey();
    const mine = await registerEnterprise(app, applicant);
    const theirs = await registerEnterprise(app, otherApplicant);
    const a = await fileWithKey(applicant, key, filingBody(mine.id));
    const b = await fileWithKey(otherApplicant, key, filingBody(theirs.id));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(filedOf(b).id).not.toBe(filedOf(a).id);
    expect(filedOf(b).enterprise.id).toBe(theirs.id);
  });

  it.each(['short', 'has spaces in it', 'x'.repeat(129), 'key+with+plus', 'a/b/c/d/e/f'])(
    'refuses the malformed key %j with 400 and files nothing',
    async (key) => {
      const enterprise = await registerEnterprise(app, applicant);
      const res = await fileWithKey(applicant, key, filingBody(enterprise.id));
      const error = expectError(res, 400, 'validation_failed');
      expect(error.details).toEqual([
        { field: 'headers.idempotency-key', message: expect.any(String) },
      ]);
      expect(await rowsOf(enterprise.id)).toEqual([]);
    },
  );

  it('does not remember a refused request: the key stays usable', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const key = newKey();
    const refused = await fileWithKey(
      applicant,
      key,
      filingBody(enterprise.id, { bankCode: 'no-such-bank' }),
    );
    expectError(refused, 422, 'business_rule');
    const filed = await fileWithKey(applicant, key, filingBody(enterprise.id));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  });

  it('files without a key too, each time a new case', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const body = filingBody(enterprise.id);
    const a = await postApplication(app, applicant, body);
    const b = await postApplication(app, applicant, body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(filedOf(a).id).not.toBe(filedOf(b).id);
  });
});

describe('Idempotency-Key on a review', () => {
  it('acts once: the retried review gets the first answer, not a conflict', async () => {
    const { filed } = await caseAtReview(app, applicant);
    const key = newKey();
    const review = (body: object) =>
      request(app)
        .post(`/v1/applications/${filed.id}/review`)
        .set(auth(officer))
        .set('Idempotency-Key', key)
        .send(body);
    const body = approveReview;
    const first = await review(body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await review(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(
      await harness.database.db.decision.count({
        where: { applicationId: filed.id, stage: 'REVIEW' },
      }),
    ).toBe(1);
    // A different body under the same key is refused, not run.
    expectError(
      await review({ recommendation: 'reject', reasons: ['研发投入不足'] }),
      422,
      'idempotency_key_reused',
    );
  });
});
