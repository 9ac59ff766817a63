// Tenancy: an applicant sees its own firm and cases, a bank's staff the cases filed with
// that bank. Everyone else gets the same 404 as for an id that does not exist.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantApplicationView } from '../../api/application-view.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  caseAtReview,
  expectError,
  fileApplication,
  filingBody,
  getCase,
  getLetter,
  postApplication,
  postDecision,
  postReview,
  registerEnterprise,
  tasksFor,
  tasksOf,
  waitForTask,
  type App,
  type EnterpriseView,
} from './client.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let officer: TestUser;
let approver: TestUser;
let otherOfficer: TestUser;
let otherApprover: TestUser;
let enterprise: EnterpriseView;
let filed: ApplicantApplicationView;

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
  // One after the other: the first creates the other bank.
  otherOfficer = await userWith(db, ['OFFICER'], 'other-bank');
  otherApprover = await userWith(db, ['APPROVER'], 'other-bank');
  ({ enterprise, filed } = await caseAtReview(app, owner));
  // The bank's inbox has the case: what other tenants do not see is really there.
  await waitForTask(app, officer, filed.id, 'REVIEW');
});

afterAll(async () => {
  await harness?.close();
});

const getEnterprise = (user: TestUser, id: string) =>
  request(app).get(`/v1/enterprises/${id}`).set(auth(user));
const getApplication = (user: TestUser, id: string) =>
  request(app).get(`/v1/applications/${id}`).set(auth(user));

/** A 404 that says no more than the one for an id nobody has. */
async function expectHidden(res: request.Response, nonexistent: () => Promise<request.Response>) {
  const hidden = expectError(res, 404, 'not_found');
  const missing = expectError(await nonexistent(), 404, 'not_found');
  expect(hidden.message).toBe(missing.message);
  expect(JSON.stringify(res.body)).not.toContain(enterprise.name);
}

describe('applicants', () => {
  it('see their own firm and case', async () => {
    const res = await getEnterprise(owner, enterprise.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: enterprise.id, name: enterprise.name });
    expect((await getCase(app, owner, filed.id, 'applicant')).enterprise.id).toBe(enterprise.id);
  });

  it('get 404, not 403, for another applicant’s firm', async () => {
    await expectHidden(await getEnterprise(stranger, enterprise.id), () =>
      getEnterprise(stranger, randomUUID()),
    );
  });

  it('get 404 for another applicant’s case and its letter', async () => {
    await expectHidden(await getApplication(stranger, filed.id), () =>
      getApplication(stranger, randomUUID()),
    );
    expectError(await getLetter(app, stranger, filed.id), 404, 'not_found');
  });

  it('cannot file with another applicant’s firm', async () => {
    const before = await harness.database.db.application.count({
      where: { enterpriseId: enterprise.id },
    });
    const res = await postApplication(app, stranger, filingBody(enterprise.id));
    expectError(res, 404, 'not_found');
    expect(
      await harness.database.db.application.count({ where: { enterpriseId: enterprise.id } }),
    ).toBe(before);
  });
});

describe('another bank', () => {
  it('gets 404 for the case and for the firm', async () => {
    await expectHidden(await getApplication(otherOfficer, filed.id), () =>
      getApplication(otherOfficer, randomUUID()),
    );
    await expectHidden(await getEnterprise(otherOfficer, enterprise.id), () =>
      getEnterprise(otherOfficer, randomUUID()),
    );
    expectError(await getLetter(app, otherOfficer, filed.id), 404, 'not_found');
  });

  it('gets 404 on review and on decision, and the case stays as it was', async () => {
    const reviewed = await postReview(app, otherOfficer, filed.id);
    expectError(reviewed, 404, 'not_found');
    const decided = await postDecision(app, otherApprover, filed.id, {
      outcome: 'reject',
      reasons: ['不在本行受理范围'],
    });
    expectError(decided, 404, 'not_found');
    const now = await getCase(app, officer, filed.id, 'staff');
    expect(now.status).toBe('UNDER_REVIEW');
    expect(now.decisions).toEqual([]);
  });

  it('sees nothing of the case in its inbox while the case’s bank does', async () => {
    expect(tasksFor(await tasksOf(app, officer), filed.id)).toHaveLength(1);
    const theirs = await tasksOf(app, otherOfficer);
    expect(tasksFor(theirs, filed.id)).toEqual([]);
    expect(JSON.stringify(theirs)).not.toContain(enterprise.name);
    expect(tasksFor(await tasksOf(app, otherApprover), filed.id)).toEqual([]);
  });

  it('sees its own cases (control: the filter is by bank, not a blanket refusal)', async () => {
    const { filed: theirs } = await caseAtReview(app, owner, { bankCode: 'other-bank' });
    await waitForTask(app, otherOfficer, theirs.id, 'REVIEW');
    expect((await getCase(app, otherOfficer, theirs.id, 'staff')).bank.code).toBe('other-bank');
    expect(tasksFor(await tasksOf(app, officer), theirs.id)).toEqual([]);
    expectError(await getApplication(officer, theirs.id), 404, 'not_found');
  });
});

describe('the bank filed with', () => {
  it('sees a firm only once it applied to that bank', async () => {
    const newcomer = await registerEnterprise(app, owner);
    expectError(await getEnterprise(officer, newcomer.id), 404, 'not_found');
    expectError(await getEnterprise(approver, newcomer.id), 404, 'not_found');

    await fileApplication(app, owner, newcomer.id);

    for (const staff of [officer, approver]) {
      const res = await getEnterprise(staff, newcomer.id);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: newcomer.id, name: newcomer.name, uscc: newcomer.uscc });
    }
    // Filing with one bank shows the firm to that bank only.
    expectError(await getEnterprise(otherOfficer, newcomer.id), 404, 'not_found');
  });

  it('sees the case', async () => {
    const [asOfficer, asApprover] = await Promise.all([
      getCase(app, officer, filed.id, 'staff'),
      getCase(app, approver, filed.id, 'staff'),
    ]);
    expect(asOfficer.id).toBe(filed.id);
    expect(asApprover.reference).toBe(filed.reference);
  });
});
