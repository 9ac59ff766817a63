// Equity rounds over HTTP (DOMAIN.md §4; rule 25): a firm records its founding register, opens
// a round, a sub-fund and a bank's investment affiliate commit, and the round closes once the
// minimum is in and the firm confirms its conditions: units issued at the round's price, the
// post-money recorded, each investor's tax test on the day and, 24 months on, the notice that
// 70% is deductible. A round short of its minimum lapses at its deadline. Every refusal answers
// with its code. Runs on the time-skipping server: the tests share its clock, so they run in
// the order written and each opens its round on dates ahead of the clock so far.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, registerEnterprise, type App } from './client.ts';
import { pollUntil } from './poll.ts';

let harness: Harness;
let app: App;
let founder: TestUser;
let otherFounder: TestUser;
let seedFund: TestUser;
let ventures: TestUser;
let guidanceFund: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [founder, otherFounder, seedFund, ventures, guidanceFund] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['FUND_MANAGER'], 'demo-seed-fund'),
    userWith(db, ['FUND_MANAGER'], 'demo-bank-ventures'),
    userWith(db, ['FUND_MANAGER'], 'demo-fund'),
  ]);
});
afterAll(() => harness?.close());

/** Three years old, 120 staff, assets ¥30m, revenue ¥20m, R&D 25% of costs: qualifies (55号). */
const youngFirm = {
  ...strongIndicators,
  registeredOn: '2024-01-15',
  totalAssets: '30000000.00',
  revenue: '20000000.00',
  totalCost: '10000000.00',
  rdExpense: '2500000.00',
};

const inDays = (days: number) => shanghaiDate(new Date(Date.now() + days * 86_400_000));

/** A firm of `owner`'s with ¥10m of registered capital: 张伟 ¥6m, 李娜 ¥4m. */
async function firmWithCapTable(owner = founder, indicators = youngFirm) {
  const firm = await registerEnterprise(app, owner, { indicators });
  const res = await request(app)
    .put(`/v1/enterprises/${firm.id}/cap-table`)
    .set(auth(owner))
    .send({
      capitalUnit: 'REGISTERED_CAPITAL_FEN',
      effectiveOn: '2024-01-15',
      holders: [
        { name: '张伟', capital: '6000000.00' },
        { name: '李娜', capital: '4000000.00' },
      ],
    });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return firm;
}

const termSheet = (overrides: Record<string, unknown> = {}) => ({
  instrument: 'ORDINARY',
  preMoney: '40000000.00',
  amountSought: '10000000.00',
  minimum: '8000000.00',
  deadline: inDays(60),
  conditions: ['股东会决议已通过'],
  ...overrides,
});

async function openRound(firmId: string, overrides: Record<string, unknown> = {}) {
  const res = await request(app)
    .post(`/v1/enterprises/${firmId}/rounds`)
    .set(auth(founder))
    .send(termSheet(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

const commit = (roundId: string, investor: TestUser, amount: string) =>
  request(app).post(`/v1/rounds/${roundId}/commitments`).set(auth(investor)).send({ amount });

interface RoundView {
  status: string;
  committed: string;
  postMoney: string | null;
  closedOn: string | null;
  commitments: {
    investor: string;
    amount: string;
    status: string;
    units: string | null;
    taxQualified: boolean | null;
    deductibleFrom: string | null;
    deductible: string | null;
    deductionAnnounced: boolean;
  }[];
}

const readRound = async (roundId: string, reader = founder) => {
  const res = await request(app).get(`/v1/rounds/${roundId}`).set(auth(reader));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as RoundView;
};

const roundReaching = (roundId: string, done: (r: RoundView) => boolean, description: string) =>
  pollUntil(() => readRound(roundId), done, { description });

interface CapTable {
  totalUnits: string;
  holdings: { name: string; institution: string | null; units: string; ownershipBp: number }[];
  ledger: { name: string; change: string; event: string; sourceId: string }[];
}

/** The cap table on `asOf`: the server's clock runs ahead of the wall, so tests name the day. */
const readCapTable = async (firmId: string, asOf: string, reader = founder) => {
  const res = await request(app)
    .get(`/v1/enterprises/${firmId}/cap-table`)
    .query({ asOf })
    .set(auth(reader));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as CapTable;
};

describe('equity rounds', () => {
  it('refuse what breaks the rules, each with its code', async () => {
    const bare = await registerEnterprise(app, founder, { indicators: youngFirm });
    const noCapTable = await request(app)
      .post(`/v1/enterprises/${bare.id}/rounds`)
      .set(auth(founder))
      .send(termSheet());
    expect(expectError(noCapTable, 422, 'business_rule').message).toMatch(/no cap table/);

    const firm = await firmWithCapTable();
    const again = await request(app)
      .put(`/v1/enterprises/${firm.id}/cap-table`)
      .set(auth(founder))
      .send({
        capitalUnit: 'SHARES',
        effectiveOn: '2024-01-15',
        holders: [{ name: '王五', shares: 1 }],
      });
    expectError(again, 409, 'conflict');
    const belowPar = await request(app)
      .post(`/v1/enterprises/${firm.id}/rounds`)
      .set(auth(founder))
      .send(termSheet({ preMoney: '9999999.99' }));
    expect(expectError(belowPar, 422, 'business_rule').message).toMatch(/face value/);

    const round = await openRound(firm.id);
    const second = await request(app)
      .post(`/v1/enterprises/${firm.id}/rounds`)
      .set(auth(founder))
      .send(termSheet());
    expect(expectError(second, 409, 'conflict').message).toMatch(/round open/);
    const tooMuch = await commit(round.id, seedFund, '10000000.01');
    expect(expectError(tooMuch, 422, 'business_rule').message).toMatch(/seeks/);
    expect((await commit(round.id, seedFund, '2000000.00')).status).toBe(200);
    expectError(await commit(round.id, seedFund, '1000000.00'), 409, 'invalid_state');
    // The guidance fund invests through its sub-funds, not in rounds of its own.
    expectError(await commit(round.id, guidanceFund, '1000000.00'), 404, 'not_found');
    const strangersConfirm = await request(app)
      .post(`/v1/rounds/${round.id}/conditions`)
      .set(auth(otherFounder));
    expectError(strangersConfirm, 404, 'not_found');
    // An investor reads its own commitment and the total, never another investor's.
    expect((await commit(round.id, ventures, '1000000.00')).status).toBe(200);
    const seen = await readRound(round.id, ventures);
    expect(seen.committed).toBe('3000000.00');
    expect(seen.commitments.map((c) => c.investor)).toEqual(['demo-bank-ventures']);
  });

  it('lapse at the deadline short of the minimum, releasing commitments; a later commitment is refused', async () => {
    const firm = await firmWithCapTable();
    const round = await openRound(firm.id, { deadline: inDays(10) });
    expect((await commit(round.id, ventures, '1000000.00')).status).toBe(200);
    await harness.env.sleep('12 days');
    const lapsed = await roundReaching(round.id, (r) => r.status === 'LAPSED', 'the lapse');
    expect(lapsed.commitments.map((c) => c.status)).toEqual(['RELEASED']);
    const late = await commit(round.id, seedFund, '1000000.00');
    expect(expectError(late, 422, 'business_rule').message).toMatch(/deadline/);
    expect((await readCapTable(firm.id, inDays(12))).ledger.map((e) => e.event)).toEqual([
      'FOUNDING',
      'FOUNDING',
    ]);
  });

  it('close without a tax deduction when the firm is no tax-qualified start-up', async () => {
    const firm = await firmWithCapTable(founder, strongIndicators);
    const round = await openRound(firm.id, { deadline: inDays(60), minimum: '1000000.00' });
    expect((await commit(round.id, seedFund, '1000000.00')).status).toBe(200);
    await request(app).post(`/v1/rounds/${round.id}/conditions`).set(auth(founder)).expect(200);
    const closed = await roundReaching(round.id, (r) => r.status === 'CLOSED', 'the closing');
    expect(closed.commitments[0]).toMatchObject({
      taxQualified: false,
      deductibleFrom: null,
      deductible: null,
    });
  });
  it('close once the minimum is in and the conditions are confirmed, issuing units at the price', async () => {
    const firm = await firmWithCapTable();
    // The clock runs 12 days ahead of the wall since the lapse: the deadline is well after both.
    const round = await openRound(firm.id);
    expect((await commit(round.id, seedFund, '6000000.00')).status).toBe(200);
    expect((await commit(round.id, ventures, '3000000.00')).status).toBe(200);
    // ¥9m is past the ¥8m minimum, but the firm has not confirmed its conditions.
    expect((await readRound(round.id)).status).toBe('OPEN');
    const confirmed = await request(app)
      .post(`/v1/rounds/${round.id}/conditions`)
      .set(auth(founder));
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const closed = await roundReaching(round.id, (r) => r.status === 'CLOSED', 'the closing');

    // ¥40m pre-money over ¥10m of capital: ¥4 a yuan of capital, the rest to capital reserve.
    expect(closed.postMoney).toBe('49000000.00');
    const byInvestor = new Map(closed.commitments.map((c) => [c.investor, c]));
    expect(byInvestor.get('demo-seed-fund')).toMatchObject({
      status: 'INVESTED',
      units: '1500000.00',
      taxQualified: true,
      deductibleFrom: monthsAfter(closed.closedOn!, 24),
      deductible: '4200000.00',
      deductionAnnounced: false,
    });
    expect(byInvestor.get('demo-bank-ventures')).toMatchObject({
      units: '750000.00',
      deductible: '2100000.00',
    });

    const table = await readCapTable(firm.id, closed.closedOn!);
    expect(table.totalUnits).toBe('12250000.00');
    // 6/12.25, 4/12.25, 1.5/12.25, 0.75/12.25 of 10 000 by largest remainder: 4898, 3265, 1225, 612.
    expect(table.holdings.map((h) => [h.name, h.units, h.ownershipBp])).toEqual([
      ['张伟', '6000000.00', 4898],
      ['李娜', '4000000.00', 3265],
      ['湖北省示范种子子基金', '1500000.00', 1225],
      ['滴灌示范银行投资管理有限公司', '750000.00', 612],
    ]);
    expect(table.holdings.map((h) => h.institution)).toEqual([
      null,
      null,
      'demo-seed-fund',
      'demo-bank-ventures',
    ]);
    expect(table.ledger.filter((e) => e.event === 'ROUND').map((e) => e.sourceId)).toEqual([
      round.id,
      round.id,
    ]);
    // The investor reads the cap table of a firm it holds; a bystander investor may not.
    expect((await readCapTable(firm.id, closed.closedOn!, ventures)).totalUnits).toBe(
      '12250000.00',
    );
    const other = await firmWithCapTable(otherFounder);
    const res = await request(app).get(`/v1/enterprises/${other.id}/cap-table`).set(auth(ventures));
    expectError(res, 404, 'not_found');

    // The money received shows on the firm's profile and feeds its innovation-points figure.
    const profile = await request(app).get(`/v1/enterprises/${firm.id}`).set(auth(founder));
    expect(profile.body).toMatchObject({
      equityRounds: [{ id: round.id, raised: '9000000.00', postMoney: '49000000.00' }],
      indicators: { equityFinancing: '9000000.00' },
    });

    // Twenty-four months on, the investors are told 70% is deductible.
    await harness.env.sleep('740 days');
    const told = await roundReaching(
      round.id,
      (r) => r.commitments.every((c) => c.deductionAnnounced),
      'the deduction notice',
    );
    expect(told.commitments).toHaveLength(2);
  });
});
