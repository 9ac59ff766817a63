// A guaranteed loan over HTTP (政投贷担保, DOMAIN.md §5): filed with its guarantor and scheme,
// the whitelist checked, approved by the bank, then the guarantor's own diligence with four
// eyes and the fee caps, the counter-guarantees attached under their agreements, the
// guarantee in force with the loan contract before any money moves, and its letter.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../domain/money.ts';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectRuleIssues,
  getCase,
  getLetter,
  pdfText,
  postApplication,
  registerEnterprise,
  tasksOf,
  waitForCase,
  waitForStep,
  waitForTask,
  type App,
} from './client.ts';
import {
  bankApproves,
  counterGuaranteeAgreements,
  decideDeal,
  fileGuaranteed,
  getDeal,
  goodReview,
  guaranteedFiling,
  reviewDeal,
  standardFees,
  whitelist,
  type Bank,
} from './guarantee-client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let admin: TestUser;
let bank: Bank;
let guarantor: TestUser;
let approver: TestUser;
/** A guarantor employee holding both roles: may review or decide, never both on one deal. */
let both: TestUser;
let reguarantor: TestUser;
let strangerGuarantor: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  let officer: TestUser;
  let bankApprover: TestUser;
  [applicant, officer, bankApprover] = await caseCast(db);
  bank = { code: 'demo-bank', officer, approver: bankApprover };
  await db.institution.create({
    data: { code: 'other-guarantor', name: '另一家融资担保公司', kind: 'GUARANTOR' },
  });
  [admin, guarantor, approver, both, reguarantor, strangerGuarantor] = await Promise.all([
    userWith(db, ['ADMIN']),
    userWith(db, ['GUARANTOR'], 'demo-guarantor'),
    userWith(db, ['GUARANTEE_APPROVER'], 'demo-guarantor'),
    userWith(db, ['GUARANTOR', 'GUARANTEE_APPROVER'], 'demo-guarantor'),
    userWith(db, ['GUARANTOR'], 'demo-reguarantor'),
    userWith(db, ['GUARANTOR', 'GUARANTEE_APPROVER'], 'other-guarantor'),
  ]);
});
afterAll(() => harness?.close());

describe('filing a guaranteed loan', () => {
  it('refuses a guarantee on a pledge loan, an unknown guarantor and a firm off the whitelist', async () => {
    const firm = await registerEnterprise(app, applicant);
    const filing = guaranteedFiling(firm.id, 'demo-bank', '2000000.00');
    const onPledge = await postApplication(app, applicant, {
      ...filing,
      product: 'ip-pledge',
      collateral: [{ type: 'INVENTION_PATENT', number: 'ZL1' }],
    });
    expect(expectRuleIssues(onPledge).map((i) => i.field)).toContain('body.guarantee');
    const unknown = await postApplication(app, applicant, {
      ...filing,
      guarantee: { guarantor: 'demo-bank', scheme: 'special-plan' },
    });
    expect(expectError(unknown, 422, 'business_rule').message).toMatch(/no guarantee company/);
    const unlisted = await postApplication(app, applicant, filing);
    expect(expectError(unlisted, 422, 'business_rule').message).toMatch(
      /not on the science bureau/,
    );
    // 4321 asks for no whitelist.
    const classic = await postApplication(app, applicant, {
      ...filing,
      guarantee: { guarantor: 'demo-guarantor', scheme: 'classic-4321' },
    });
    expect(classic.status, JSON.stringify(classic.body)).toBe(201);
    expect(classic.body.guarantee).toMatchObject({
      status: 'REQUESTED',
      scheme: 'classic-4321@2026.1',
    });
  });

  it('pins the scheme and pool rules, and shows the deal only to its parties', async () => {
    const { id, guaranteeId } = await fileGuaranteed(app, { applicant, admin }, bank, '2000000.00');
    const staff = await getCase(app, bank.officer, id, 'staff');
    expect(staff.policyVersions).toMatchObject({
      guarantee: { scheme: 'special-plan@2026.1', pool: 'pool@2026.1' },
    });
    expect(staff.guarantee).toMatchObject({
      id: guaranteeId,
      status: 'REQUESTED',
      guarantor: { code: 'demo-guarantor' },
      whitelistVersion: expect.any(Number),
    });
    expect((await getDeal(app, guarantor, guaranteeId)).status).toBe(200);
    expectError(await getDeal(app, strangerGuarantor, guaranteeId), 404, 'not_found');
    expectError(await getDeal(app, reguarantor, guaranteeId), 404, 'not_found');
    expectError(await getDeal(app, guarantor, randomUUID()), 404, 'not_found');
    // Before the bank has approved, the guarantor has nothing to review.
    const early = await reviewDeal(app, guarantor, guaranteeId, goodReview);
    expect(expectError(early, 409, 'invalid_state').message).toMatch(/not approved the loan yet/);
  });
});

describe("the guarantor's own diligence", () => {
  it('runs review then decision with four eyes and fee caps, and the loan pays out only once the guarantee is in force', async () => {
    const { id, guaranteeId } = await fileGuaranteed(app, { applicant, admin }, bank, '2000000.00');
    await bankApproves(app, bank, id, '2000000.00');
    await waitForStep(app, bank.officer, id, 'staff', 'guarantee');
    // The inbox names the deal the task is acted on.
    expect((await waitForTask(app, guarantor, id, 'GUARANTEE_REVIEW')).guaranteeId).toBe(
      guaranteeId,
    );
    expect((await tasksOf(app, bank.officer)).some((t) => t.application.id === id)).toBe(false);

    expectError(await reviewDeal(app, approver, guaranteeId, goodReview), 403, 'forbidden');
    const reviewed = await reviewDeal(app, both, guaranteeId, goodReview);
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body.tasks).toEqual([expect.objectContaining({ kind: 'GUARANTEE_DECISION' })]);

    // A guarantor that is no party to the deal cannot act on it, nor learn it exists.
    expectError(
      await decideDeal(app, strangerGuarantor, guaranteeId, standardFees),
      404,
      'not_found',
    );
    const own = await decideDeal(app, both, guaranteeId, standardFees);
    expectError(own, 409, 'four_eyes_violation');
    const tooDear = await decideDeal(app, approver, guaranteeId, {
      outcome: 'approve',
      fees: [{ kind: 'guarantee', rateBp: 100 }],
    });
    expect(expectError(tooDear, 422, 'business_rule').message).toMatch(/not below 100 bp/);
    const reDear = await decideDeal(app, approver, guaranteeId, {
      outcome: 'approve',
      fees: [{ kind: 'reguarantee', rateBp: 31 }],
    });
    expect(expectError(reDear, 422, 'business_rule').message).toMatch(/above 30 bp/);
    const extra = await decideDeal(app, approver, guaranteeId, {
      outcome: 'approve',
      fees: [...standardFees.fees, { kind: 'review', rateBp: 10 }],
    });
    expect(expectError(extra, 422, 'business_rule').message).toMatch(/no review fee/);
    // No re-guarantor stands behind the guarantor yet: the special plan's shares cannot attach.
    const alone = await decideDeal(app, approver, guaranteeId, standardFees);
    expect(expectError(alone, 422, 'business_rule').message).toMatch(/no REGUARANTEE agreement/);

    await counterGuaranteeAgreements(app, admin, randomUUID().slice(0, 8));
    const approved = await decideDeal(app, approver, guaranteeId, standardFees);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'APPROVED',
      route: 'diligence',
      amount: '2000000.00',
      sharesBp: {
        BANK: 2000,
        GUARANTOR: 2000,
        REGUARANTOR: 2000,
        NATIONAL_FUND: 4000,
        GOVERNMENT: 0,
      },
      // ¥2m × 0.8% × 2 years, and × 0.3% × 2 years.
      fees: { guaranteeBp: 80, reguaranteeBp: 30, guarantee: '32000.00', reguarantee: '12000.00' },
    });
    expect(approved.body.counterGuarantees.map((c: { party: string }) => c.party).sort()).toEqual([
      'NATIONAL_FUND',
      'REGUARANTOR',
    ]);
    // Now a party, the re-guarantor reads the deal.
    expect((await getDeal(app, reguarantor, guaranteeId)).status).toBe(200);

    await waitForStep(app, applicant, id, 'applicant', 'offer');
    const accepted = await request(app)
      .post(`/v1/applications/${id}/offer/response`)
      .set(auth(applicant))
      .send({ response: 'accept' });
    expect(accepted.status).toBe(200);
    const done = await waitForCase(
      app,
      bank.officer,
      id,
      'staff',
      (c) => c.step === 'closed',
      'paid out',
    );
    expect(done.status).toBe('DISBURSED');
    expect(done.guarantee).toMatchObject({ status: 'IN_FORCE', inForceOn: expect.any(String) });
    // The trail shows the guarantee in force before the money moved.
    const { db } = harness.database;
    const [contracted] = await db.auditEvent.findMany({
      where: { entityType: 'Guarantee', entityId: guaranteeId, action: 'contracted' },
    });
    const [paid] = await db.auditEvent.findMany({
      where: { entityType: 'Application', entityId: id, action: 'disbursed' },
    });
    expect(contracted!.id < paid!.id).toBe(true);

    const letter = await getLetter(app, applicant, id, {
      kind: 'guarantee_confirmation',
      lang: 'en',
    });
    expect(letter.status).toBe(200);
    const text = await pdfText(letter.body as Buffer);
    expect(text).toContain('Guarantee Confirmation');
    expect(text).toContain('0.80%');
    expect(text).toContain('National financing guarantee fund');
    expect(text).toContain('-G');

    // Repaid in full, the loan closes and the guarantee has nothing left to cover.
    const loanPath = `/v1/loans/${done.loan!.id}`;
    const loan = (await request(app).get(loanPath).set(auth(bank.officer))).body as {
      schedule: { payment: string }[];
      disbursedOn: string;
    };
    const owed = loan.schedule.reduce((sum, row) => sum + yuanToFen(row.payment), 0);
    const repaid = await request(app)
      .post(`${loanPath}/repayments`)
      .set(auth(bank.officer))
      .send({ receivedOn: loan.disbursedOn, amount: fenToYuan(owed), reference: 'REPAID-IN-FULL' });
    expect(repaid.status, JSON.stringify(repaid.body)).toBe(200);
    const released = await waitForCase(
      app,
      applicant,
      id,
      'applicant',
      (c) => c.guarantee?.status === 'RELEASED',
      'guarantee released',
    );
    expect(released.guarantee!.endedOn).toEqual(expect.any(String));
  });

  it("ends the case when the guarantor declines, freeing the firm's headroom", async () => {
    const { id, guaranteeId } = await fileGuaranteed(app, { applicant, admin }, bank, '1500000.00');
    await bankApproves(app, bank, id, '1500000.00');
    // The case shows the guarantee step as the bank approves; the review opens a moment later.
    await waitForTask(app, guarantor, id, 'GUARANTEE_REVIEW');
    const reviewed = await reviewDeal(app, guarantor, guaranteeId, {
      ...goodReview,
      recommendation: 'decline',
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const noReason = await decideDeal(app, approver, guaranteeId, {
      outcome: 'decline',
      reasons: [],
    });
    expectError(noReason, 400, 'validation_failed');
    const declined = await decideDeal(app, approver, guaranteeId, {
      outcome: 'decline',
      reasons: ['反担保措施不足'],
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const closed = await waitForCase(
      app,
      applicant,
      id,
      'applicant',
      (c) => c.step === 'closed',
      'closed',
    );
    expect(closed.status).toBe('GUARANTEE_DECLINED');
    expect(closed.guarantee!.status).toBe('DECLINED');
    expect(closed.milestones.map((m) => m.event)).toContain('guarantee_declined');
  });
});

describe('the whitelist at filing', () => {
  it('takes a firm listed on a certificate basis only while the registry holds that certificate', async () => {
    const firm = await registerEnterprise(app, applicant);
    const res = await request(app)
      .patch('/v1/whitelist')
      .set(auth(admin))
      .send({
        upsert: [
          { uscc: firm.uscc, name: firm.name, basis: 'HIGH_TECH', reference: 'GR202442009999' },
        ],
      });
    expect(res.status).toBe(201);
    const filing = guaranteedFiling(firm.id, 'demo-bank', '1000000.00');
    const unconfirmed = await postApplication(app, applicant, filing);
    expect(expectError(unconfirmed, 422, 'business_rule').message).toMatch(/does not hold valid/);
    await whitelist(app, admin, firm);
    expect((await postApplication(app, applicant, filing)).status).toBe(201);
  });
});
