// Warrant loans over HTTP (认股权贷款, DOMAIN.md §4): an approver attaches a warrant to an
// approval within the warrant policy (life 3–5 years, subscription 10–20% of the loan, 1–2% of
// the firm); the bank's investment affiliate exercises it within its window, which issues its
// units on the cap table, or it expires at the end of its life; the firm gets a letter either
// way. Runs on the time-skipping server; the tests share its clock and run in order.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  caseAtReview,
  expectError,
  getCase,
  getLetter,
  pdfText,
  postDecision,
  postReview,
  proposal,
  waitForStep,
  type App,
} from './client.ts';
import { pollUntil } from './poll.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;
let ventures: TestUser;
let otherInvestor: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver] = await caseCast(db);
  [ventures, otherInvestor] = await Promise.all([
    userWith(db, ['FUND_MANAGER'], 'demo-bank-ventures'),
    userWith(db, ['FUND_MANAGER'], 'demo-seed-fund'),
  ]);
});
afterAll(() => harness?.close());

/** The proposal's ¥100,000 loan: a warrant of ¥15,000 (15%) for 2% of the firm, 3 years. */
const warrant = (overrides: Record<string, unknown> = {}) => ({
  affiliate: 'demo-bank-ventures',
  lifeYears: 3,
  subscription: '15000.00',
  equityBp: 200,
  ...overrides,
});

/** A case at the approver's desk, its firm holding 9,800,000 shares through its founder. */
async function caseAtApproval({ capTable = true } = {}) {
  const { enterprise, filed } = await caseAtReview(app, applicant);
  if (capTable)
    await request(app)
      .put(`/v1/enterprises/${enterprise.id}/cap-table`)
      .set(auth(applicant))
      .send({
        capitalUnit: 'SHARES',
        effectiveOn: '2020-01-01',
        holders: [{ name: '张伟', shares: 9_800_000 }],
      })
      .expect(201);
  expect((await postReview(app, officer, filed.id)).status).toBe(200);
  await waitForStep(app, officer, filed.id, 'staff', 'approval');
  return { enterprise, id: filed.id };
}

async function approvedWithWarrant(terms = warrant()) {
  const c = await caseAtApproval();
  const res = await postDecision(app, approver, c.id, {
    outcome: 'approve',
    ...proposal,
    warrant: terms,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const { warrant: attached } = await getCase(app, officer, c.id, 'staff');
  return { ...c, warrantId: attached!.id };
}

const readWarrant = async (id: string, by = officer) => {
  const res = await request(app).get(`/v1/warrants/${id}`).set(auth(by));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    status: string;
    expiresOn: string;
    exercisableFrom: string;
    unitsIssued: string | null;
  };
};

const exercise = (id: string, by = ventures) =>
  request(app).post(`/v1/warrants/${id}/exercise`).set(auth(by));

let exercised: { enterprise: { id: string }; id: string; warrantId: string };

describe('warrant loans', () => {
  it('refuse a warrant outside the policy, leaving the case undecided', async () => {
    const c = await caseAtApproval();
    for (const [terms, pattern] of [
      [warrant({ subscription: '9999.99' }), /10% to 20% of the loan/],
      [warrant({ equityBp: 201 }), /100 to 200 bp/],
      [warrant({ lifeYears: 6 }), /3 to 5 years/],
      [warrant({ affiliate: 'demo-bank' }), /no investment affiliate/],
    ] as const) {
      const res = await postDecision(app, approver, c.id, {
        outcome: 'approve',
        ...proposal,
        warrant: terms,
      });
      expect(expectError(res, 422, 'business_rule').message).toMatch(pattern);
    }
    const view = await getCase(app, officer, c.id, 'staff');
    expect(view.status).toBe('AWAITING_DECISION');
    expect(view.warrant).toBeNull();
    // A warrant subscribes a share of the firm: the firm's cap table must be on record.
    const bare = await caseAtApproval({ capTable: false });
    const blind = await postDecision(app, approver, bare.id, {
      outcome: 'approve',
      ...proposal,
      warrant: warrant(),
    });
    expect(expectError(blind, 422, 'business_rule').message).toMatch(/cap table/);
  });

  it('is exercised by the affiliate within its window, issuing its units and a letter', async () => {
    exercised = await approvedWithWarrant();
    const granted = await readWarrant(exercised.warrantId, ventures);
    expect(granted.status).toBe('GRANTED');
    // A year's lock-up first.
    expect(expectError(await exercise(exercised.warrantId), 422, 'business_rule').message).toMatch(
      /may be exercised from/,
    );
    expectError(await exercise(exercised.warrantId, otherInvestor), 404, 'not_found');

    await harness.env.sleep('370 days');
    const res = await exercise(exercised.warrantId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 2% of the firm after the issue: ⌊9,800,000 × 200 ÷ 9,800⌋ = 200,000 shares.
    expect(res.body).toMatchObject({ status: 'EXERCISED', unitsIssued: '200000' });
    expectError(await exercise(exercised.warrantId), 409, 'invalid_state');
    const table = await request(app)
      .get(`/v1/enterprises/${exercised.enterprise.id}/cap-table`)
      .query({ asOf: '2099-12-31' })
      .set(auth(applicant));
    expect(
      table.body.holdings.map((h: { units: string; ownershipBp: number }) => [
        h.units,
        h.ownershipBp,
      ]),
    ).toEqual([
      ['9800000', 9800],
      ['200000', 200],
    ]);
    const letter = await pollUntil(
      () => getLetter(app, applicant, exercised.id, { kind: 'warrant_exercise', lang: 'en' }),
      (r) => r.status === 200,
      { description: 'the exercise letter' },
    );
    expect(await pdfText(letter.body as Buffer)).toMatch(/New shares[^\n]*200000/);
  });

  it('expires unexercised at the end of its life, with a letter to the firm', async () => {
    const c = await approvedWithWarrant(warrant({ lifeYears: 3 }));
    await harness.env.sleep('800 days');
    const expired = await pollUntil(
      () => readWarrant(c.warrantId, applicant),
      (w) => w.status === 'EXPIRED',
      { description: 'the expiry' },
    );
    expect(expired.unitsIssued).toBeNull();
    expectError(await exercise(c.warrantId), 409, 'invalid_state');
    const letter = await pollUntil(
      () => getLetter(app, applicant, c.id, { kind: 'warrant_expiry', lang: 'zh' }),
      (r) => r.status === 200,
      { description: 'the expiry letter' },
    );
    const [year, month, day] = expired.expiresOn.split('-').map(Number);
    expect(await pdfText(letter.body as Buffer)).toContain(`${year}年${month}月${day}日`);
  });
});
