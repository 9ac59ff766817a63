// The risk-sharing what-if over HTTP: a hand-computed default settled under the special plan,
// seeded scenarios that repeat exactly, and every client mistake refused before it simulates.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, expectFieldIssues, expectRuleIssues, type App } from './client.ts';

let harness: Harness;
let app: App;
let poolManager: TestUser;
let guarantor: TestUser;
let applicant: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [poolManager, guarantor, applicant] = await Promise.all([
    userWith(db, ['POOL_MANAGER'], 'demo-pool'),
    userWith(db, ['GUARANTOR'], 'demo-guarantor'),
    userWith(db, ['APPLICANT']),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

const simulate = (body: object, user: TestUser = poolManager) =>
  request(app).post('/v1/simulations/risk-sharing').set(auth(user)).send(body);

const oneLoan = {
  portfolio: { loans: [{ amount: '5000000.00', termMonths: 36, bonus: true }] },
  scheme: { version: 'special-plan@2026.1' },
  fees: { guaranteeBp: 80, reguaranteeBp: 30 },
};
const oneDefault = {
  ...oneLoan,
  defaults: [{ loan: 0, month: 1, loss: '3200000.00', recovered: '0' }],
};
const rates = { defaultRateBp: 3000, recoveryRateBp: 2000, scenarios: 200, seed: 42 };

describe('POST /v1/simulations/risk-sharing', () => {
  it('settles an explicit default as the special plan shares it', async () => {
    const res = await simulate(oneDefault);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const netLoss = res.body.netLoss as Record<string, { mean: string }>;
    const means = Object.fromEntries(Object.entries(netLoss).map(([p, s]) => [p, s.mean]));
    // 20/20/20/40 of ¥3.2m; the pool pays the guarantor min(25% × loss, 80% × ¥640 000).
    expect(means).toEqual({
      BANK: '640000.00',
      GUARANTOR: '128000.00',
      REGUARANTOR: '640000.00',
      NATIONAL_FUND: '1280000.00',
      GOVERNMENT: '512000.00',
    });
    expect(res.body.poolDrawdown.mean).toBe('512000.00');
    // ¥5m × 0.8% × 3 years and ¥5m × 0.3% × 3 years.
    expect(res.body.fees).toEqual({ guarantee: '120000.00', reguarantee: '45000.00' });
    expect(res.body).toMatchObject({
      scheme: 'special-plan@2026.1',
      pool: 'pool@2026.1',
      scenarios: 1,
      loans: 1,
    });
  });

  it('repeats a seeded request exactly', async () => {
    const body = {
      ...oneLoan,
      portfolio: {
        loans: [
          { amount: '5000000.00', termMonths: 36, bonus: true },
          { amount: '2000000.00', termMonths: 24 },
          { amount: '800000.50', termMonths: 12 },
        ],
      },
      scheme: { family: 'special-plan' },
      ...rates,
    };
    const [first, second] = [await simulate(body), await simulate(body, guarantor)];
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.loss.worst).not.toBe('0.00');
    expect(second.body).toEqual(first.body);
  });

  it('refuses a fee above its cap', async () => {
    const res = await simulate({ ...oneDefault, fees: { guaranteeBp: 100, reguaranteeBp: 30 } });
    const error = expectError(res, 422, 'business_rule');
    expect(error.details).toEqual([
      { field: 'body.fees.guaranteeBp', message: expect.stringMatching(/not below 100 bp/) },
    ]);
  });

  it('refuses the rates and the defaults together, or neither', async () => {
    const mixed = expectRuleIssues(await simulate({ ...oneDefault, ...rates }));
    expect(mixed.map((i) => i.field).sort()).toEqual([
      'body.defaultRateBp',
      'body.recoveryRateBp',
      'body.scenarios',
    ]);
    const neither = expectRuleIssues(await simulate(oneLoan));
    expect(neither.map((i) => i.field).sort()).toEqual([
      'body.defaultRateBp',
      'body.recoveryRateBp',
    ]);
  });

  it('maps the simulator’s refusals to 422, never 500', async () => {
    const noLoan = { ...oneDefault, defaults: [{ loan: 1, month: 1, recovered: '0' }] };
    expect(expectRuleIssues(await simulate(noLoan))[0]!.message).toMatch(/no loan 1/);
  });

  it('answers 404 for an unknown scheme version', async () => {
    const res = await simulate({ ...oneDefault, scheme: { version: 'special-plan@1999.1' } });
    expect((await expectError(res, 404, 'not_found')).message).toMatch(/special-plan@1999.1/);
  });

  it('refuses an amount with three decimals as outside the schema', async () => {
    const res = await simulate({
      ...oneDefault,
      portfolio: { loans: [{ amount: '1.234', termMonths: 36 }] },
    });
    expect(expectFieldIssues(res)[0]!.field).toMatch(/^body\.portfolio/);
  });

  it('refuses the live portfolio while no guarantee is in force', async () => {
    const res = await simulate({ ...oneLoan, portfolio: { live: true }, ...rates });
    expect(expectError(res, 422, 'business_rule').message).toBe('no guarantee is in force');
  });

  it('is not for applicants', async () => {
    await expectError(await simulate(oneDefault, applicant), 403, 'forbidden');
  });
});
