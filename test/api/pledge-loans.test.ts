// Pledge loans over HTTP: filing with collateral (every unfit right a 422 naming it and why),
// appraisal, the LTV cap at review and decision, and a case walked to its registered pledge,
// its letter and the money.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { completeFileFor } from '../../domain/credit/document-checklist.ts';
import { documentChecklist2026 } from '../../domain/credit/document-checklist.data.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { yuanToFen } from '../../domain/money.ts';
import type { StaffApplicationView } from '../../api/application-view.ts';
import { caseCast, newUscc, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  getCase,
  getLetter,
  pdfText,
  postApplication,
  postDecision,
  postReview,
  registerEnterprise,
  supplyDocuments,
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
  [applicant, officer, approver] = await caseCast(harness.database.db);
});
afterAll(() => harness?.close());

const workflowToday = async () => shanghaiDate(new Date(await harness.env.currentTimeMs()));

/** A firm with one invention patent in its registry: its number. */
async function firmWithPatent(): Promise<{ firm: EnterpriseView; number: string }> {
  const firm = await registerEnterprise(app, applicant, { uscc: newUscc() });
  const number = `ZL${randomUUID().slice(0, 12)}`;
  const res = await request(app)
    .post(`/v1/enterprises/${firm.id}/ip-rights`)
    .set(auth(applicant))
    .send({ type: 'INVENTION_PATENT', number, title: '一种光刻胶配方', status: 'VALID' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { firm, number };
}

const ipFiling = (enterpriseId: string, numbers: string[], extra: object = {}) => ({
  enterpriseId,
  bankCode: 'demo-bank',
  product: 'ip-pledge',
  amount: '1000000.00',
  termMonths: 24,
  purpose: '研发投入',
  collateral: numbers.map((number) => ({ type: 'INVENTION_PATENT', number })),
  ...extra,
});

const equityFiling = (firm: EnterpriseView, holding: object = {}) => ({
  enterpriseId: firm.id,
  bankCode: 'demo-bank',
  product: 'equity-pledge',
  amount: '1000000.00',
  termMonths: 24,
  purpose: '研发投入',
  collateral: [
    {
      companyUscc: firm.uscc,
      companyName: firm.name,
      shareholder: '张三',
      subscribedCapital: '3000000.00',
      shareBp: 3000,
      ...holding,
    },
  ],
});

function expectIneligible(res: request.Response, problems: string[]) {
  const error = expectError(res, 422, 'collateral_ineligible');
  expect(error.details).toEqual([{ right: expect.any(String), problems }]);
}

describe('filing a pledge loan', () => {
  it("names the firm's rights, pins the pledge policy and shows the collateral", async () => {
    const { firm, number } = await firmWithPatent();
    const res = await postApplication(app, applicant, ipFiling(firm.id, [number]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const staff = await getCase(app, officer, res.body.id, 'staff');
    expect(staff.policyVersions).toMatchObject({ pledge: 'pledge@2026.1' });
    expect(staff.pledges).toEqual([
      expect.objectContaining({
        ordinal: 1,
        kind: 'INVENTION_PATENT',
        registry: 'CNIPA',
        number,
        title: '一种光刻胶配方',
        status: 'PROPOSED',
        appraisal: null,
      }),
    ]);
  });

  it('refuses each right unfit to pledge with 422 collateral_ineligible, naming why', async () => {
    const { firm, number } = await firmWithPatent();
    const unknown = `ZL${randomUUID().slice(0, 12)}`;
    expectIneligible(await postApplication(app, applicant, ipFiling(firm.id, [unknown])), [
      'unknown',
    ]);
    const other = await firmWithPatent();
    expectIneligible(await postApplication(app, applicant, ipFiling(firm.id, [other.number])), [
      'not_holder',
    ]);
    const right = { type: 'INVENTION_PATENT' as const, number };
    await harness.registries.drive.ip(right, { inForce: false, invalidationRequested: true });
    expectIneligible(await postApplication(app, applicant, ipFiling(firm.id, [number])), [
      'lapsed',
      'invalidation_requested',
    ]);
    await harness.registries.drive.ip(right, {
      inForce: true,
      invalidationRequested: false,
      pledgedUnder: 'CNIPA-PL-OTHER-BANK',
    });
    expectIneligible(await postApplication(app, applicant, ipFiling(firm.id, [number])), [
      'already_pledged',
    ]);
  });

  it('refuses a right already named on another open case of the platform', async () => {
    const { firm, number } = await firmWithPatent();
    const first = await postApplication(app, applicant, ipFiling(firm.id, [number]));
    expect(first.status).toBe(201);
    expectIneligible(await postApplication(app, applicant, ipFiling(firm.id, [number])), [
      'already_pledged',
    ]);
  });

  it('refuses frozen shares, articles forbidding pledge, and a company it does not know', async () => {
    const firm = await registerEnterprise(app, applicant, { uscc: newUscc() });
    const holding = {
      companyUscc: firm.uscc,
      shareholder: '张三',
      companyName: firm.name,
      subscribedFen: 300_000_000,
      shareBp: 3000,
    };
    await harness.registries.drive.equity(holding, { frozen: true, articlesForbidPledge: true });
    expectIneligible(await postApplication(app, applicant, equityFiling(firm)), [
      'frozen',
      'pledge_forbidden',
    ]);
    expectIneligible(
      await postApplication(app, applicant, equityFiling(firm, { companyUscc: newUscc() })),
      ['unknown'],
    );
  });

  it('refuses missing (400) or repeated (422) collateral, and a term beyond the product (422)', async () => {
    const { firm, number } = await firmWithPatent();
    const none = await postApplication(app, applicant, ipFiling(firm.id, []));
    expect(expectFieldIssues(none).map((i) => i.field)).toContain('body.collateral');
    const twice = await postApplication(app, applicant, ipFiling(firm.id, [number, number]));
    expect(expectRuleIssues(twice)).toEqual([
      { field: 'body.collateral', message: 'each right is named once' },
    ]);
    const wrongKind = await postApplication(app, applicant, {
      ...ipFiling(firm.id, []),
      collateral: [{ type: 'EQUITY', number }],
    });
    expectFieldIssues(wrongKind);
    const unsecured = await postApplication(app, applicant, {
      ...ipFiling(firm.id, [number]),
      product: 'credit',
    });
    expect(expectRuleIssues(unsecured)).toEqual([
      { field: 'body.collateral', message: 'a credit loan is secured by no collateral' },
    ]);
    const shares = equityFiling(firm).collateral;
    const mixed = await postApplication(app, applicant, {
      ...ipFiling(firm.id, []),
      collateral: shares,
    });
    expect(expectRuleIssues(mixed)[0]!.message).toMatch(/pledges IP rights/);
    const long = await postApplication(
      app,
      applicant,
      ipFiling(firm.id, [number], { termMonths: 48 }),
    );
    expect(expectError(long, 422, 'business_rule').message).toMatch(/at most 36 months/);
  });
});

/** A filed IP-pledge case with its file complete, at review: its id, pledge and report ids. */
async function ipCaseAtReview(amount = '1000000.00') {
  const { firm, number } = await firmWithPatent();
  const res = await postApplication(app, applicant, ipFiling(firm.id, [number], { amount }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await supplyDocuments(app, applicant, id, completeFileFor(documentChecklist2026, 'ip-pledge'));
  await waitForStep(app, officer, id, 'staff', 'review');
  const report = await harness.database.db.document.findFirstOrThrow({
    where: { applicationId: id, type: 'appraisal-report' },
  });
  const [pledge] = (await getCase(app, officer, id, 'staff')).pledges;
  return { id, number, pledgeId: pledge!.id, reportId: report.id };
}

const appraise = (id: string, pledgeId: string, body: object, user = officer) =>
  request(app)
    .post(`/v1/applications/${id}/pledges/${pledgeId}/appraisal`)
    .set(auth(user))
    .send(body);

const terms = (amount: string) => ({
  amount,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
});

describe('appraisal and the LTV cap', () => {
  it('records a report, and refuses an expired one, a foreign document, or a stranger', async () => {
    const c = await ipCaseAtReview();
    const report = {
      appraiser: '湖北众联资产评估有限公司',
      appraisedOn: await workflowToday(),
      value: '2000000.00',
      method: 'income',
      documentId: c.reportId,
    };
    const stale = await appraise(c.id, c.pledgeId, {
      ...report,
      appraisedOn: monthsAfter(await workflowToday(), -13),
    });
    expect(expectError(stale, 422, 'business_rule').message).toMatch(/expired on/);
    const licence = await harness.database.db.document.findFirstOrThrow({
      where: { applicationId: c.id, type: 'business-licence' },
    });
    expectError(
      await appraise(c.id, c.pledgeId, { ...report, documentId: licence.id }),
      422,
      'business_rule',
    );
    expectError(await appraise(c.id, randomUUID(), report), 404, 'not_found');
    expectError(await appraise(c.id, c.pledgeId, report, applicant), 403, 'forbidden');

    const res = await appraise(c.id, c.pledgeId, report);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.pledges[0].appraisal).toEqual({
      ...report,
      expiresOn: monthsAfter(report.appraisedOn, 12),
    });
  });

  it('refuses terms above Σ LTV × appraised value at review and decision, to the fen', async () => {
    const c = await ipCaseAtReview();
    const noReport = await postReview(app, officer, c.id, {
      recommendation: 'approve',
      reasons: [],
      proposal: terms('400000.00'),
    });
    expect(expectError(noReport, 422, 'business_rule').message).toMatch(/no appraisal report/);
    const appraised = await appraise(c.id, c.pledgeId, {
      appraiser: '湖北众联资产评估有限公司',
      appraisedOn: await workflowToday(),
      value: '2000000.00',
      method: 'market',
      documentId: c.reportId,
    });
    expect(appraised.status).toBe(200);
    // 25% of ¥2,000,000.00 secures ¥500,000.00.
    const above = { recommendation: 'approve', reasons: [], proposal: terms('500000.01') };
    expectError(await postReview(app, officer, c.id, above), 422, 'business_rule');
    const within = { recommendation: 'approve', reasons: [], proposal: terms('500000.00') };
    expect((await postReview(app, officer, c.id, within)).status).toBe(200);
    await waitForStep(app, officer, c.id, 'staff', 'approval');
    const decide = (amount: string) =>
      postDecision(app, approver, c.id, { outcome: 'approve', ...terms(amount) });
    expectError(await decide('500000.01'), 422, 'business_rule');
    expect((await decide('500000.00')).status).toBe(200);
  });
});

/** An IP-pledge case walked over HTTP to its registration (the contract is signed). */
async function walkToRegistration(c: Awaited<ReturnType<typeof ipCaseAtReview>>) {
  await appraise(c.id, c.pledgeId, {
    appraiser: '湖北众联资产评估有限公司',
    appraisedOn: await workflowToday(),
    value: '4000000.00',
    method: 'income',
    documentId: c.reportId,
  });
  const review = { recommendation: 'approve', reasons: [], proposal: terms('1000000.00') };
  expect((await postReview(app, officer, c.id, review)).status).toBe(200);
  await waitForStep(app, officer, c.id, 'staff', 'approval');
  const decided = await postDecision(app, approver, c.id, {
    outcome: 'approve',
    ...terms('1000000.00'),
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await waitForStep(app, applicant, c.id, 'applicant', 'offer');
  const accepted = await request(app)
    .post(`/v1/applications/${c.id}/offer/response`)
    .set(auth(applicant))
    .send({ response: 'accept' });
  expect(accepted.status).toBe(200);
  await waitForStep(app, officer, c.id, 'staff', 'registration');
}

/** Lets workflow time pass a day at a time until `done` holds of the case. */
async function daysUntil(id: string, done: (c: StaffApplicationView) => boolean) {
  for (let day = 0; !done(await getCase(app, officer, id, 'staff')); day++) {
    expect(day).toBeLessThan(20);
    await harness.env.sleep('1 day');
  }
}

/** An IP-pledge case walked over HTTP to its live loan: the case's view at the end. */
async function walkToLoan(c: Awaited<ReturnType<typeof ipCaseAtReview>>) {
  await walkToRegistration(c);
  await daysUntil(c.id, (view) => view.step === 'closed');
  return getCase(app, applicant, c.id, 'applicant');
}

describe('a rejected registration', () => {
  it('is answered by replacing the right: checked at its registry, appraised, registered', async () => {
    const c = await ipCaseAtReview();
    const refused = { type: 'INVENTION_PATENT' as const, number: c.number };
    await harness.registries.drive.ip(refused, { rejectFilingWith: '出质人名称与登记簿不一致' });
    await walkToRegistration(c);
    await daysUntil(c.id, (view) => view.pledges[0]!.status === 'REJECTED');
    await waitForTask(app, officer, c.id, 'COLLATERAL');
    const resolve = (body: object) =>
      request(app)
        .post(`/v1/applications/${c.id}/collateral/resolution`)
        .set(auth(officer))
        .send(body);
    const incomplete = await resolve({ action: 'replace' });
    expect(expectRuleIssues(incomplete)[0]!.message).toMatch(/names the rejected pledge/);

    const application = await getCase(app, officer, c.id, 'staff');
    const appraisal = {
      appraiser: '湖北众联资产评估有限公司',
      appraisedOn: await workflowToday(),
      value: '4000000.00',
      method: 'market',
      documentId: c.reportId,
    };
    const stranger = await firmWithPatent();
    const foreign = await resolve({
      action: 'replace',
      replaces: c.pledgeId,
      right: { type: 'INVENTION_PATENT', number: stranger.number },
      appraisal,
    });
    expectIneligible(foreign, ['not_holder']);

    const number = `ZL${randomUUID().slice(0, 12)}`;
    const added = await request(app)
      .post(`/v1/enterprises/${application.enterprise.id}/ip-rights`)
      .set(auth(applicant))
      .send({ type: 'INVENTION_PATENT', number, title: '替换专利', status: 'VALID' });
    expect(added.status).toBe(201);
    const replaced = await resolve({
      action: 'replace',
      replaces: c.pledgeId,
      right: { type: 'INVENTION_PATENT', number },
      appraisal,
      note: '以另一项发明专利替换',
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    await daysUntil(c.id, (view) => view.step === 'closed');
    const done = await getCase(app, officer, c.id, 'staff');
    expect(done.status).toBe('DISBURSED');
    expect(done.pledges.map((p) => [p.number, p.status])).toEqual([
      [c.number, 'WITHDRAWN'],
      [number, 'REGISTERED'],
    ]);
    expect(done.pledges[1]!.appraisal).toMatchObject({ value: '4000000.00', method: 'market' });
  });
});

describe('a pledge loan walked over HTTP', () => {
  it('registers the pledge, issues its letter, and pays out; the loan shows its collateral', async () => {
    const c = await ipCaseAtReview();
    expectError(
      await request(app)
        .post(`/v1/applications/${c.id}/collateral/resolution`)
        .set(auth(officer))
        .send({ action: 'recheck' }),
      409,
      'invalid_state',
    );
    const done = await walkToLoan(c);
    expect(done.status).toBe('DISBURSED');
    expect(done.pledges[0]).toMatchObject({ status: 'REGISTERED', registry: 'CNIPA' });
    expect(done.milestones.map((m) => m.event)).toContain('pledges_registered');
    const letter = await getLetter(app, applicant, c.id, {
      kind: 'pledge_registration',
      sequence: '1',
    });
    expect(letter.status).toBe(200);
    const text = await pdfText(letter.body as Buffer);
    expect(text).toContain(done.pledges[0]!.registrationNumber!);
    expect(text).toContain('质押登记');
    const loan = await request(app).get(`/v1/loans/${done.loan!.id}`).set(auth(officer));
    expect(loan.status).toBe(200);
    expect(loan.body.pledges).toEqual([
      expect.objectContaining({ id: c.pledgeId, status: 'REGISTERED' }),
    ]);
    const dossier = await request(app).get(`/v1/applications/${c.id}/dossier`).set(auth(officer));
    expect(dossier.body.complete).toBe(true);
    const duty = (name: string) =>
      (dossier.body.duties as { duty: string; done: boolean }[]).find((d) => d.duty === name);
    expect(duty('collateral-appraised')).toMatchObject({ applicable: true, done: true });
    expect(duty('pledges-registered')).toMatchObject({ applicable: true, done: true });
  });

  it("disposes of a defaulted loan's collateral over HTTP, refusing every act out of turn", async () => {
    const c = await ipCaseAtReview();
    const loanId = (await walkToLoan(c)).loan!.id;
    const post = (path: string, body: object = {}, user = officer) =>
      request(app).post(`/v1/loans/${loanId}${path}`).set(auth(user)).send(body);
    expectError(await post('/disposal', {}, applicant), 403, 'forbidden');
    const early = await post('/disposal');
    expect(expectError(early, 422, 'business_rule').message).toMatch(/once substandard/);
    expectError(await post('/disposal/close'), 409, 'invalid_state');

    const classification = async () =>
      (await request(app).get(`/v1/loans/${loanId}`).set(auth(officer))).body.classification;
    for (let month = 0; (await classification()) !== 'substandard'; month++) {
      expect(month).toBeLessThan(8);
      await harness.env.sleep('20 days');
    }
    const opened = await post('/disposal');
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ status: 'IN_DISPOSAL', disposal: { sales: [] } });
    const today = await workflowToday();
    const sale = {
      pledgeId: c.pledgeId,
      method: 'agreed_transfer',
      counterparty: '武汉某某科技有限公司',
      disposedOn: today,
      proceeds: '1500000.00',
    };
    expectError(
      await post('/disposal/sales', { ...sale, pledgeId: randomUUID() }),
      409,
      'invalid_state',
    );
    const tomorrow = shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) + 86_400_000));
    expectError(
      await post('/disposal/sales', { ...sale, disposedOn: tomorrow }),
      422,
      'business_rule',
    );
    expectFieldIssues(await post('/disposal/sales', { ...sale, method: 'fire-sale' }));
    const sold = await post('/disposal/sales', sale);
    expect(sold.status, JSON.stringify(sold.body)).toBe(200);
    const [recorded] = sold.body.disposal.sales;
    // More than owed: interest, then all the principal, and the rest back to the pledgor.
    expect(recorded).toMatchObject({ proceeds: '1500000.00', toPrincipal: '1000000.00' });
    const parts = ['toInterest', 'toPrincipal', 'surplus'].map((k) => yuanToFen(recorded[k]));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(150_000_000);
    const closed = await post('/disposal/close');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'DISPOSED',
      disposal: { lossPrincipal: '0.00', lossInterest: '0.00' },
      pledges: [expect.objectContaining({ status: 'DISPOSED' })],
    });
  });
});
