// A guaranteed loan's default over HTTP, to the last recovery (DOMAIN.md §5): the bank claims
// at 90 days past due, the guarantor pays its share late (the breach escalated), the
// re-guarantor and the national fund pay theirs, the pool decides its award, the notice goes
// out, the breaker trips at the cap and blocks the next deal until lifted, and two recoveries
// go back to every party to the fen. The loan is the worked example's: ¥3.2m of principal lost
// under the special plan (an interest-only loan of ¥3.2m, never repaid).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerformingLoan } from '../support/application-rows.ts';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  getLetter,
  pdfText,
  postApplication,
  registerEnterprise,
  waitForCase,
  waitForTask,
  type App,
} from './client.ts';
import {
  bankApproves,
  counterGuaranteeAgreements,
  decideDeal,
  fileGuaranteed,
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
let reguarantor: TestUser;
let nationalFund: TestUser;
let pool: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  let officer: TestUser;
  let bankApprover: TestUser;
  [applicant, officer, bankApprover] = await caseCast(db);
  bank = { code: 'demo-bank', officer, approver: bankApprover };
  [admin, guarantor, approver, reguarantor, nationalFund, pool] = await Promise.all([
    userWith(db, ['ADMIN']),
    userWith(db, ['GUARANTOR'], 'demo-guarantor'),
    userWith(db, ['GUARANTEE_APPROVER'], 'demo-guarantor'),
    userWith(db, ['GUARANTOR'], 'demo-reguarantor'),
    userWith(db, ['GUARANTOR'], 'demo-national-fund'),
    userWith(db, ['POOL_MANAGER'], 'demo-pool'),
  ]);
  await counterGuaranteeAgreements(app, admin, randomUUID().slice(0, 8));
  // The rest of the pool's portfolio: a lone defaulted loan would be 100% NPL, and the pool,
  // rightly, suspended.
  await insertPerformingLoan(db, { ownerId: applicant.id, amountFen: 10_000_000_000 });
});
afterAll(() => harness?.close());

const AMOUNT = '3200000.00';
const claimPath = (guaranteeId: string) => `/v1/guarantees/${guaranteeId}/claim`;
const getClaim = (user: TestUser, guaranteeId: string) =>
  request(app).get(claimPath(guaranteeId)).set(auth(user));
const pay = (user: TestUser, guaranteeId: string, payer: string) =>
  request(app)
    .post(`${claimPath(guaranteeId)}/payments`)
    .set(auth(user))
    .send({ payer, reference: `PAY-${payer}`, paidOn: '2027-06-01' });

/** A ¥3.2m interest-only guaranteed loan, paid out and never repaid: its case and deal. */
async function disbursedGuaranteedLoan() {
  const c = await fileGuaranteed(app, { applicant, admin }, bank, AMOUNT);
  await bankApproves(app, bank, c.id, AMOUNT, 'interest-only');
  await waitForTask(app, guarantor, c.id, 'GUARANTEE_REVIEW');
  expect((await reviewDeal(app, guarantor, c.guaranteeId, goodReview)).status).toBe(200);
  expect((await decideDeal(app, approver, c.guaranteeId, standardFees)).status).toBe(200);
  await waitForCase(app, applicant, c.id, 'applicant', (v) => v.step === 'offer', 'offer');
  await request(app)
    .post(`/v1/applications/${c.id}/offer/response`)
    .set(auth(applicant))
    .send({ response: 'accept' });
  const done = await waitForCase(
    app,
    bank.officer,
    c.id,
    'staff',
    (v) => v.step === 'closed',
    'paid out',
  );
  return { ...c, loanId: done.loan!.id };
}

const daysPastDue = async (loanId: string) =>
  (await request(app).get(`/v1/loans/${loanId}`).set(auth(bank.officer))).body
    .daysPastDue as number;

describe('a default on a guaranteed loan', () => {
  it('goes from the claim to the last recovery, each party doing its part, every share to the fen', async () => {
    const deal = await disbursedGuaranteedLoan();
    const early = await request(app).post(claimPath(deal.guaranteeId)).set(auth(bank.officer));
    expect(expectError(early, 422, 'business_rule').message).toMatch(/needs 90/);
    for (let step = 0; (await daysPastDue(deal.loanId)) < 90; step++) {
      expect(step).toBeLessThan(8);
      await harness.env.sleep('20 days');
    }

    const filed = await request(app).post(claimPath(deal.guaranteeId)).set(auth(bank.officer));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    // The worked example: special plan 20/20/20/40, the pool min(25% × loss, 80% × 640 000).
    expect(filed.body).toMatchObject({
      status: 'FILED',
      loss: '3200000.00',
      pool: { basis: 'rules', award: '512000.00', rateBp: 2500, cap: '512000.00' },
    });
    expect(
      filed.body.payments.map((p: { payer: string; payee: string; amount: string }) => [
        p.payer,
        p.payee,
        p.amount,
      ]),
    ).toEqual([
      ['GUARANTOR', 'BANK', '2560000.00'],
      ['REGUARANTOR', 'GUARANTOR', '640000.00'],
      ['NATIONAL_FUND', 'GUARANTOR', '1280000.00'],
      ['GOVERNMENT', 'GUARANTOR', '512000.00'],
    ]);
    expectError(
      await request(app).post(claimPath(deal.guaranteeId)).set(auth(bank.officer)),
      409,
      'conflict',
    );

    // The re-guarantor cannot pay for the guarantor, nor before it is asked.
    expectError(await pay(reguarantor, deal.guaranteeId, 'GUARANTOR'), 403, 'forbidden');
    expectError(await pay(reguarantor, deal.guaranteeId, 'REGUARANTOR'), 409, 'invalid_state');
    // The guarantor lets its 10 working days pass: the breach is escalated, the debt stands.
    await waitForTask(app, guarantor, deal.id, 'CLAIM_PAYMENT');
    // Ten working days, whatever holidays fall in them, are within 25 calendar days.
    await harness.env.sleep('25 days');
    const { db } = harness.database;
    const claimId = filed.body.id as string;
    await expect
      .poll(
        () => db.auditEvent.count({ where: { entityId: claimId, action: 'payment_overdue' } }),
        {
          timeout: 10_000,
        },
      )
      .toBe(1);
    const paid = await pay(guarantor, deal.guaranteeId, 'GUARANTOR');
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.status).toBe('GUARANTOR_PAID');

    await waitForTask(app, reguarantor, deal.id, 'CLAIM_PAYMENT');
    expect((await pay(reguarantor, deal.guaranteeId, 'REGUARANTOR')).status).toBe(200);
    await waitForTask(app, nationalFund, deal.id, 'CLAIM_PAYMENT');
    expect((await pay(nationalFund, deal.guaranteeId, 'NATIONAL_FUND')).status).toBe(200);
    await waitForTask(app, pool, deal.id, 'POOL_DECISION');
    const beforeSettled = await request(app)
      .post(`${claimPath(deal.guaranteeId)}/recoveries`)
      .set(auth(bank.officer))
      .send({
        amount: '100.00',
        source: 'repayment',
        receivedOn: '2027-06-02',
        reference: 'R-EARLY',
      });
    expectError(beforeSettled, 409, 'invalid_state');
    const decided = await request(app)
      .post(`${claimPath(deal.guaranteeId)}/pool-decision`)
      .set(auth(pool))
      .send({ reference: 'POOL-PAY-1', paidOn: '2027-06-03' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await expect
      .poll(async () => (await getClaim(bank.officer, deal.guaranteeId)).body.status, {
        timeout: 10_000,
      })
      .toBe('SETTLED');

    // The notice follows the settlement.
    const letter = () =>
      getLetter(app, applicant, deal.id, { kind: 'compensation_notice', lang: 'en' });
    await expect.poll(async () => (await letter()).status, { timeout: 10_000 }).toBe(200);
    const notice = await letter();
    const text = await pdfText(notice.body as Buffer);
    expect(text).toContain('Notice of Compensation');
    // Every party to the deal reads the notice; a stranger to it does not.
    const forParty = (user: TestUser) =>
      request(app)
        .get(`/v1/guarantees/${deal.guaranteeId}/letter`)
        .query({ kind: 'compensation_notice' })
        .set(auth(user));
    for (const party of [nationalFund, pool, reguarantor, bank.officer]) {
      const res = await forParty(party);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    }
    for (const amount of [
      '3,200,000.00',
      '640,000.00',
      '128,000.00',
      '1,280,000.00',
      '512,000.00',
    ]) {
      expect(text).toContain(amount);
    }

    // The guarantor paid ¥2.56m on ¥3.2m guaranteed in the window: far past the 5% cap.
    const breakers = (await request(app).get('/v1/breakers').set(auth(admin))).body.items as {
      id: string;
      scope: string;
      state: string;
      rateBp: number;
    }[];
    const own = breakers.find((b) => b.scope.startsWith('guarantor:'))!;
    expect(own).toMatchObject({ state: 'tripped', rateBp: 8000 });
    const other = await registerEnterprise(app, applicant);
    await whitelist(app, admin, other);
    const blocked = await postApplication(
      app,
      applicant,
      guaranteedFiling(other.id, 'demo-bank', '1000000.00'),
    );
    expect(expectError(blocked, 422, 'business_rule').message).toMatch(/cap of 500 bp/);
    const audit = await db.auditEvent.findMany({
      where: { entityType: 'Breaker' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((e) => e.action)).toContain('tripped');
    expectError(
      await request(app)
        .post(`/v1/breakers/${own.id}/lift`)
        .set(auth(guarantor))
        .send({ reason: '已复核' }),
      403,
      'forbidden',
    );
    for (const b of breakers.filter((x) => x.state === 'tripped')) {
      const lifted = await request(app)
        .post(`/v1/breakers/${b.id}/lift`)
        .set(auth(admin))
        .send({ reason: '代偿已追偿安排，经审批恢复业务' });
      expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    }
    const reopened = await postApplication(
      app,
      applicant,
      guaranteedFiling(other.id, 'demo-bank', '1000000.00'),
    );
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201);

    // Two recoveries, split by what each party still bears, exact to the fen.
    const recover = (amount: string, reference: string) =>
      request(app)
        .post(`${claimPath(deal.guaranteeId)}/recoveries`)
        .set(auth(bank.officer))
        .send({ amount, source: 'disposal', receivedOn: '2027-09-01', reference });
    expect((await recover('1000000.01', 'R-1')).status).toBe(201);
    const second = await recover('300000.00', 'R-2');
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await recover('300000.00', 'R-2')).status).toBe(201);
    expect(second.body.recoveries[0].shares).toEqual({
      BANK: '200000.00',
      GUARANTOR: '40000.00',
      REGUARANTOR: '200000.00',
      NATIONAL_FUND: '400000.01',
      GOVERNMENT: '160000.00',
    });
    const ledger = (await getClaim(reguarantor, deal.guaranteeId)).body.ledger;
    expect(ledger).toEqual([
      {
        party: 'BANK',
        institution: 'demo-bank',
        bore: '640000.00',
        recovered: '260000.00',
        net: '380000.00',
      },
      {
        party: 'GUARANTOR',
        institution: 'demo-guarantor',
        bore: '128000.00',
        recovered: '52000.00',
        net: '76000.00',
      },
      {
        party: 'REGUARANTOR',
        institution: 'demo-reguarantor',
        bore: '640000.00',
        recovered: '260000.00',
        net: '380000.00',
      },
      {
        party: 'NATIONAL_FUND',
        institution: 'demo-national-fund',
        bore: '1280000.00',
        recovered: '520000.01',
        net: '759999.99',
      },
      {
        party: 'GOVERNMENT',
        institution: 'demo-pool',
        bore: '512000.00',
        recovered: '208000.00',
        net: '304000.00',
      },
    ]);
    const tooMuch = await recover('1900000.00', 'R-3');
    expect(expectError(tooMuch, 422, 'business_rule').message).toMatch(/still unrecovered/);

    const guarantorView = await request(app)
      .get('/v1/dashboards/combined-deals')
      .set(auth(guarantor));
    expect(guarantorView.body.claims).toMatchObject({
      settled: 1,
      paid: '2560000.00',
      received: '2432000.00',
      recovered: '52000.00',
    });
  });
});
