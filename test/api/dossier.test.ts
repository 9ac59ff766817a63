// The due-diligence dossier over HTTP: who may read it, that it reads the case's own records
// (trail, documents, decisions) into the duty checklist, and that a case run through to
// its loan shows every duty done.
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApplication, supplyDocumentRows } from '../support/application-rows.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { pollUntil } from './poll.ts';
import {
  proposal,
  auth,
  caseAtReview,
  expectError,
  expectFieldIssues,
  fieldsOf,
  postDecision,
  postReview,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let member: TestUser;
let approver: TestUser;
let otherBankOfficer: TestUser;
let admin: TestUser;
let caseId: string;

interface Dossier {
  complete: boolean;
  policyVersions: unknown;
  duties: {
    duty: string;
    applicable: boolean;
    done: boolean;
    by: { userId: string | null; role: string } | null;
    at: string | null;
    evidence: unknown;
  }[];
  trail: { action: string; entityType: string }[];
}

const getDossier = (user: TestUser, id: string) =>
  request(app).get(`/v1/applications/${id}/dossier`).set(auth(user));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A case reviewed by `officer` and awaiting its decision, written straight to the tables. */
async function reviewedCase() {
  const { db } = harness.database;
  const { id, enterpriseId } = await insertApplication(db, {
    ownerId: applicant.id,
    status: 'AWAITING_DECISION',
  });
  await supplyDocumentRows(db, id, applicant.id);
  await db.assessment.create({
    data: {
      enterpriseId,
      applicationId: id,
      model: 'tech-sme',
      version: '2017.1',
      inputs: {},
      result: {},
      points: 80,
      eligible: true,
    },
  });
  await db.auditEvent.createMany({
    data: ['filed', 'file_completed', 'assessed'].map((action) => ({
      entityType: 'Application',
      entityId: id,
      action,
      data: {},
      dedupeKey: `${id}:${action}`,
    })),
  });
  await db.decision.create({
    data: {
      applicationId: id,
      stage: 'REVIEW',
      outcome: 'APPROVE',
      actorId: officer.id,
      actorRole: 'OFFICER',
      reasons: ['研发投入强度高'],
      policyVersion: 'credit-track@2026.1',
      decidedAt: new Date(),
    },
  });
  return id;
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver, member, otherBankOfficer, admin] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
    userWith(db, ['COMMITTEE_MEMBER'], 'demo-bank'),
    userWith(db, ['OFFICER'], 'other-bank'),
    userWith(db, ['ADMIN']),
  ]);
  caseId = await reviewedCase();
});

afterAll(() => harness?.close());

describe('who may read the dossier', () => {
  it('refuses a malformed id with 400', async () => {
    expect(fieldsOf(expectFieldIssues(await getDossier(officer, 'nope')))).toEqual(['params.id']);
  });

  it('answers 404 to another bank, as for a case that does not exist', async () => {
    expectError(await getDossier(otherBankOfficer, caseId), 404, 'not_found');
    expectError(await getDossier(officer, randomUUID()), 404, 'not_found');
  });

  it('refuses the applicant, even the one who filed, and the admin with 403', async () => {
    expectError(await getDossier(applicant, caseId), 403, 'forbidden');
    expectError(await getDossier(admin, caseId), 403, 'forbidden');
  });

  it("serves the bank's committee members as well as its officers", async () => {
    const res = await getDossier(member, caseId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe('a case awaiting its decision', () => {
  it('shows the duties done so far, owing none beyond the review', async () => {
    const res = await getDossier(officer, caseId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const dossier = res.body as Dossier;
    expect(dossier.complete).toBe(true);
    expect(dossier.duties.filter((d) => d.applicable).map((d) => [d.duty, d.done])).toEqual([
      ['file-complete', true],
      ['credit-report-authorisation', true],
      ['assessment', true],
      ['officer-review', true],
    ]);
    const review = dossier.duties.find((d) => d.duty === 'officer-review');
    expect(review?.by).toEqual({ userId: officer.id, role: 'OFFICER' });
    const file = dossier.duties.find((d) => d.duty === 'file-complete');
    expect(file?.evidence).toMatchObject({ checklist: 'documents@2026.1', missing: [] });
    expect((file?.evidence as { documents: unknown[] }).documents).toContainEqual({
      type: 'credit-report-authorisation',
      sha256: sha256('%PDF-1.4 credit-report-authorisation'),
    });
    expect(dossier.trail.map((e) => e.action)).toEqual(['filed', 'file_completed', 'assessed']);
    expect(dossier.policyVersions).toMatchObject({ authority: 'authority@2026.1' });
  });

  it('is not complete while a document of the pinned checklist is missing', async () => {
    const { db } = harness.database;
    const id = await reviewedCase();
    await db.document.deleteMany({ where: { applicationId: id, type: 'bank-statements' } });
    const dossier = (await getDossier(officer, id)).body as Dossier;
    expect(dossier.complete).toBe(false);
    expect(dossier.duties.find((d) => d.duty === 'file-complete')).toMatchObject({
      done: false,
      evidence: { missing: ['bank-statements'] },
    });
  });
});

describe('a case run through to its loan', () => {
  it('shows every duty it owes done, by whom and with what, and is complete', async () => {
    const { filed } = await caseAtReview(app, applicant, { amount: '1500000.00' });
    const reviewed = await postReview(app, officer, filed.id, {
      recommendation: 'approve',
      reasons: ['研发投入强度高'],
      proposal,
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await waitForTask(app, approver, filed.id, 'DECISION');
    const decided = await postDecision(app, approver, filed.id, {
      outcome: 'approve',
      amount: '1200000.00',
      annualRate: '0.0435',
      termMonths: 24,
      repaymentMethod: 'equal-instalment',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitForStep(app, applicant, filed.id, 'applicant', 'offer');
    const underway = (await getDossier(officer, filed.id)).body as Dossier;
    expect(underway.complete).toBe(true);
    expect(underway.duties.find((d) => d.duty === 'offer-accepted')).toMatchObject({
      applicable: false,
      done: false,
    });

    const accepted = await request(app)
      .post(`/v1/applications/${filed.id}/offer/response`)
      .set(auth(applicant))
      .send({ response: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await waitForCase(
      app,
      applicant,
      filed.id,
      'applicant',
      (c) => c.status === 'DISBURSED',
      'disbursed',
    );

    const dossier = await pollUntil(
      async () => (await getDossier(officer, filed.id)).body as Dossier,
      (d) => d.complete,
      { description: 'a complete dossier' },
    );
    const duty = (name: string) => dossier.duties.find((d) => d.duty === name)!;
    expect(dossier.duties.filter((d) => d.applicable && !d.done)).toEqual([]);
    expect(duty('conditions-met').applicable).toBe(false);
    expect(duty('officer-review').by).toEqual({ userId: officer.id, role: 'OFFICER' });
    expect(duty('approval-at-level')).toMatchObject({
      by: { userId: approver.id, role: 'APPROVER' },
      evidence: { matrix: 'authority@2026.1', decidedBy: [approver.id] },
    });
    expect(duty('four-eyes')).toMatchObject({
      done: true,
      evidence: { filedBy: applicant.id, reviewedBy: officer.id, decidedBy: [approver.id] },
    });
    expect(duty('offer-accepted').by).toEqual({ userId: applicant.id, role: 'APPLICANT' });
    expect(duty('decision-letter').evidence).toHaveLength(2);
    expect(duty('disbursement-paid').evidence).toMatchObject([
      { tranche: 1, amount: '1200000.00', reference: expect.any(String) },
    ]);
    expect(duty('monitoring-started')).toMatchObject({
      done: true,
      evidence: { loanWorkflowId: expect.stringMatching(/^loan:/) },
    });
    for (const d of dossier.duties.filter((x) => x.done)) {
      expect(Date.parse(d.at!), d.duty).not.toBeNaN();
    }
    expect(dossier.trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['filed', 'reviewed', 'approved', 'contract_signed', 'disbursed']),
    );
  });
});
