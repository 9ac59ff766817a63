// The guidance fund over HTTP (DOMAIN.md §6; rules 24, 26, 27): it records a sub-fund and its
// commitments within rule 26; a firm raises a round in which the sub-fund and a bank's
// investment affiliate invest, and the sub-fund's investment is tracked with the stage the
// start-up test gave it; the fund sees what each sub-fund owns, the early-stage share (a task
// when it falls short), the losses used against the tolerance, the exit's concession, the
// reports due (reminded, flagged overdue, filed) and runs buy-backs of its stake. Runs on the
// time-skipping server; the tests share its clock and run in the order written.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import type { Db } from '../../prisma/client.ts';
import {
  startupIndicators,
  strongIndicators,
  userWith,
  type TestUser,
} from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, registerEnterprise, type App } from './client.ts';
import { pollUntil } from './poll.ts';

let harness: Harness;
let app: App;
let db: Db;
let founder: TestUser;
let fund: TestUser;
let seedManager: TestUser;
let ventures: TestUser;
let otherManager: TestUser;
let otherFund: TestUser;

/** An institution of `kind` made before userWith, which would otherwise make it a bank. */
async function institution(code: string, kind: 'SUB_FUND' | 'GUIDANCE_FUND') {
  await db.institution.create({ data: { code, name: `示范${code}`, kind } });
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  db = harness.database.db;
  await institution('other-sub-fund', 'SUB_FUND');
  await institution('buyback-sub-fund', 'SUB_FUND');
  await institution('other-guidance', 'GUIDANCE_FUND');
  [founder, fund, seedManager, ventures, otherManager, otherFund] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['FUND_MANAGER'], 'demo-fund'),
    userWith(db, ['FUND_MANAGER'], 'demo-seed-fund'),
    userWith(db, ['FUND_MANAGER'], 'demo-bank-ventures'),
    userWith(db, ['FUND_MANAGER'], 'other-sub-fund'),
    userWith(db, ['FUND_MANAGER'], 'other-guidance'),
  ]);
});
afterAll(() => harness?.close());

const today = () => shanghaiDate(new Date());

/** The fund ¥2.5m (25%, level with no one above it), the bank's affiliate ¥4.5m, a group ¥3m. */
const commitments = (fundAmount = '2500000.00') => [
  { holder: '湖北省创业投资引导基金', guidanceFund: true, amount: fundAmount },
  {
    holder: '滴灌示范银行投资管理有限公司',
    institution: 'demo-bank-ventures',
    amount: '4500000.00',
  },
  { holder: '光谷产业投资集团', amount: '3000000.00' },
];

const createSubFund = (body: Record<string, unknown>, by = fund) =>
  request(app)
    .post('/v1/sub-funds')
    .set(auth(by))
    .send({
      subFund: 'demo-seed-fund',
      terms: 'seed-fund@2026.1',
      closedOn: today(),
      commitments: commitments(),
      ...body,
    });

interface SubFundView {
  id: string;
  commitments: { holder: string; amount: string; shareBp: number }[];
  standing: {
    invested: string;
    earlyStageShareBp: number | null;
    belowRequiredShare: boolean;
    lossUsed: string;
    lossTolerance: string;
    lossHeadroom: string;
  };
  investments: { id: string; stageAtEntry: string; invested: string; enterprise: string }[];
  reports: { key: string; status: string }[];
}

const readSubFund = async (id: string, by = fund) => {
  const res = await request(app).get(`/v1/sub-funds/${id}`).set(auth(by));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as SubFundView;
};

let subFundId: string;
let roundInvestment: string;
let growthInvestment: string;

describe('the guidance fund', () => {
  it('records a sub-fund only within rule 26: at most 25%, never the largest holder', async () => {
    const above = await createSubFund({ commitments: commitments('3500000.00') });
    expect(expectError(above, 422, 'business_rule').message).toMatch(/above the cap of 2500 bp/);
    const largest = await createSubFund({
      commitments: [
        { holder: '湖北省创业投资引导基金', guidanceFund: true, amount: '2000000.00' },
        ...['甲', '乙', '丙', '丁'].map((h) => ({ holder: `${h}创投`, amount: '1999999.99' })),
      ],
    });
    expect(expectError(largest, 422, 'business_rule').message).toMatch(/largest holder/);
    expectError(await createSubFund({}, seedManager), 403, 'forbidden');
    // Its reporting duties and buy-back prices run from its closing: a day of the past decade.
    expectError(await createSubFund({ closedOn: '2099-01-01' }), 422, 'unprocessable');

    const created = await createSubFund({});
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const view = created.body as SubFundView;
    subFundId = view.id;
    expect(view.commitments.map((c) => [c.holder, c.shareBp])).toEqual([
      ['滴灌示范银行投资管理有限公司', 4500],
      ['光谷产业投资集团', 3000],
      ['湖北省创业投资引导基金', 2500],
    ]);
    expectError(await createSubFund({}), 409, 'conflict');
    // A change of commitments is checked again: the group cutting its ¥3m to ¥2m leaves the fund at 27.7%.
    const cut = await request(app)
      .post(`/v1/sub-funds/${subFundId}/commitments`)
      .set(auth(fund))
      .send({ holder: '光谷产业投资集团', amount: '2000000.00' });
    expect(expectError(cut, 422, 'business_rule').message).toMatch(/rule 26/);
    // Another guidance fund, and another sub-fund's manager, see nothing of it.
    for (const stranger of [otherFund, otherManager]) {
      const res = await request(app).get(`/v1/sub-funds/${subFundId}`).set(auth(stranger));
      expectError(res, 404, 'not_found');
    }
  });

  it('tracks the sub-fund’s investment through a round, at the stage the start-up test gives', async () => {
    const firm = await registerEnterprise(app, founder, { indicators: startupIndicators });
    await request(app)
      .put(`/v1/enterprises/${firm.id}/cap-table`)
      .set(auth(founder))
      .send({
        capitalUnit: 'REGISTERED_CAPITAL_FEN',
        effectiveOn: '2024-06-01',
        holders: [{ name: '张伟', capital: '10000000.00' }],
      })
      .expect(201);
    const round = await request(app)
      .post(`/v1/enterprises/${firm.id}/rounds`)
      .set(auth(founder))
      .send({
        instrument: 'ORDINARY',
        preMoney: '40000000.00',
        amountSought: '10000000.00',
        minimum: '6000000.00',
        deadline: shanghaiDate(new Date(Date.now() + 30 * 86_400_000)),
      });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    const roundId = (round.body as { id: string }).id;
    for (const [investor, amount] of [
      [seedManager, '6000000.00'],
      [ventures, '3000000.00'],
    ] as const) {
      await request(app)
        .post(`/v1/rounds/${roundId}/commitments`)
        .set(auth(investor))
        .send({ amount })
        .expect(200);
    }
    await request(app).post(`/v1/rounds/${roundId}/conditions`).set(auth(founder)).expect(200);

    const tracked = await pollUntil(
      () => readSubFund(subFundId),
      (s) => s.investments.length === 1,
      { description: 'the sub-fund’s investment' },
    );
    roundInvestment = tracked.investments[0]!.id;
    expect(tracked.investments[0]).toMatchObject({
      stageAtEntry: 'STARTUP',
      invested: '6000000.00',
    });
    expect(tracked.standing).toMatchObject({
      earlyStageShareBp: 10_000,
      belowRequiredShare: false,
    });
    const detail = await request(app)
      .get(`/v1/investments/${roundInvestment}`)
      .set(auth(seedManager));
    expect(detail.body).toMatchObject({
      unitsHeld: '150000000',
      stageTest: { model: 'startup-sme', eligible: true },
    });
  });

  it('raises a task for the fund when the early-stage share falls short, and refuses a stage the test denies', async () => {
    const grown = await registerEnterprise(app, founder, { indicators: strongIndicators });
    const invest = (stage: string) =>
      request(app).post(`/v1/sub-funds/${subFundId}/investments`).set(auth(seedManager)).send({
        enterpriseId: grown.id,
        investedOn: today(),
        amount: '9000000.00',
        units: 900_000_000,
        stage,
      });
    expect(expectError(await invest('SEED'), 422, 'business_rule').message).toMatch(
      /start-up test/,
    );
    const res = await invest('GROWTH');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    growthInvestment = (res.body as { id: string }).id;
    expectError(await invest('GROWTH'), 409, 'conflict');

    // ¥6m of ¥15m in early-stage firms: 40%, short of the 60% the seed terms require.
    const standing = (await readSubFund(subFundId)).standing;
    expect(standing).toMatchObject({ earlyStageShareBp: 4000, belowRequiredShare: true });
    const inbox = await request(app).get('/v1/tasks').query({ kind: 'SEED_SHARE' }).set(auth(fund));
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(inbox.body.items).toMatchObject([
      {
        kind: 'SEED_SHARE',
        subFundId,
        application: null,
        detail: { earlyStageShareBp: 4000, requiredBp: 6000 },
      },
    ]);
  });

  it('refuses a write-off beyond the tolerance unless the fund records an exception', async () => {
    const writeOff = (by: TestUser, amount: string, exception?: { reason: string }) =>
      request(app)
        .post(`/v1/investments/${growthInvestment}/events`)
        .set(auth(by))
        .send({ kind: 'WRITE_OFF', on: today(), amount, ...(exception && { exception }) });
    // The seed fund may lose 50% of its ¥10m commitments: ¥5m.
    const beyond = await writeOff(seedManager, '5000000.01');
    expect(expectError(beyond, 422, 'business_rule').message).toMatch(/fund tolerance of 5000 bp/);
    // The manager records; only the guidance fund may excuse.
    expectError(
      await writeOff(seedManager, '5000000.01', { reason: '项目失败' }),
      404,
      'not_found',
    );
    const excused = await writeOff(fund, '5000000.01', { reason: '省引导基金投委会特批' });
    expect(excused.status, JSON.stringify(excused.body)).toBe(201);
    expect((await readSubFund(subFundId)).standing).toMatchObject({
      lossUsed: '5000000.01',
      lossTolerance: '5000000.00',
      lossHeadroom: '-0.01',
    });
    // Another sub-fund's manager finds no such investment.
    const res = await request(app)
      .get(`/v1/investments/${growthInvestment}`)
      .set(auth(otherManager));
    expectError(res, 404, 'not_found');
  });

  it('splits an exit among the holders, the fund conceding its share of the profit', async () => {
    // A third of the ¥6m stake (50m of 150m fen of capital) sold for ¥4m: cost ¥2m, profit ¥2m,
    // of which the fund's 25% (¥500,000) is conceded to the others 45 : 30.
    const res = await request(app)
      .post(`/v1/investments/${roundInvestment}/events`)
      .set(auth(seedManager))
      .send({ kind: 'EXIT', on: today(), unitsSold: 50_000_000, proceeds: '4000000.00' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const exit = (
      res.body as { events: { kind: string; detail: Record<string, unknown> }[] }
    ).events.at(-1)!;
    expect(exit.detail).toMatchObject({
      costOfPartFen: 200_000_000,
      profitFen: 200_000_000,
      fundProfitShareFen: 50_000_000,
      concessionFen: 50_000_000,
    });
    expect(exit.detail.receipts).toEqual([
      { holder: '光谷产业投资集团', fen: 140_000_000 },
      { holder: '湖北省创业投资引导基金', fen: 50_000_000 },
      { holder: '滴灌示范银行投资管理有限公司', fen: 210_000_000 },
    ]);
  });

  it('reminds of the AMBERS filing and each report, flags them overdue, and takes them filed', async () => {
    await harness.env.sleep('40 days');
    const flagged = await pollUntil(
      () => readSubFund(subFundId),
      (s) => s.reports.some((r) => r.key === 'ambers' && r.status === 'overdue'),
      { description: 'the AMBERS filing overdue' },
    );
    expect(flagged.reports.map((r) => r.key)).toEqual(['ambers']);
    const inbox = await request(app).get('/v1/tasks').query({ kind: 'REPORT' }).set(auth(fund));
    expect(inbox.body.items).toMatchObject([
      { kind: 'REPORT', escalated: true, detail: { key: 'ambers' } },
    ]);
    const early = await request(app)
      .post(`/v1/sub-funds/${subFundId}/reports`)
      .set(auth(seedManager))
      .send({ key: 'q2026Q4', reference: 'Q-2026-4' });
    expectError(early, 409, 'invalid_state');
    const filing = await request(app)
      .post(`/v1/sub-funds/${subFundId}/reports`)
      .set(auth(seedManager))
      .send({ key: 'ambers', reference: 'AMBERS-SX2026-001' });
    expect(filing.status, JSON.stringify(filing.body)).toBe(200);
    expect((filing.body as SubFundView).reports).toEqual([
      expect.objectContaining({ key: 'ambers', status: 'filed' }),
    ]);

    // The quarter's report: reminded before its due date, overdue after it.
    await harness.env.sleep('60 days');
    const quarterly = await pollUntil(
      () => readSubFund(subFundId),
      (s) => s.reports.some((r) => r.status === 'overdue'),
      { description: 'the quarterly report overdue' },
    );
    expect(quarterly.reports.find((r) => r.status === 'overdue')!.key).toMatch(/^q\d{4}Q\d$/);
  });

  it('runs a buy-back after 36 months at cost plus interest, and declines one', async () => {
    const closedOn = '2023-06-01';
    const old = await request(app).post('/v1/sub-funds').set(auth(fund)).send({
      subFund: 'buyback-sub-fund',
      terms: 'seed-fund@2026.1',
      closedOn,
      commitments: commitments(),
    });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    const oldId = (old.body as SubFundView).id;
    const asked = await request(app).post(`/v1/sub-funds/${oldId}/buybacks`).set(auth(ventures));
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const buyback = asked.body as {
      id: string;
      price: string;
      interest: string;
      daysHeld: number;
      rateBp: number;
      basis: string;
    };
    // The one-year LPR in force on 2023-06-01 was 3.65%; ¥2.5m for the days held, ACT/365, half up.
    const days = (Date.parse(today()) - Date.parse(closedOn)) / 86_400_000;
    const interestFen = (2n * 250_000_000n * 365n * BigInt(days) + 3_650_000n) / (2n * 3_650_000n);
    expect(buyback).toMatchObject({ basis: 'cost_plus_interest', rateBp: 365, daysHeld: days });
    expect(buyback.interest).toBe((Number(interestFen) / 100).toFixed(2));
    expectError(
      await request(app).post(`/v1/sub-funds/${oldId}/buybacks`).set(auth(ventures)),
      409,
      'conflict',
    );

    // The fund's approval task opens as the workflow starts.
    await pollUntil(
      () => request(app).get('/v1/tasks').query({ kind: 'BUYBACK_APPROVAL' }).set(auth(fund)),
      (res) => (res.body as { items: unknown[] }).items.length === 1,
      { description: 'the approval task' },
    );
    const decide = await request(app)
      .post(`/v1/buybacks/${buyback.id}/decision`)
      .set(auth(fund))
      .send({ outcome: 'approve' });
    expect(decide.status, JSON.stringify(decide.body)).toBe(200);
    expect(decide.body.status).toBe('APPROVED');
    const paid = await request(app)
      .post(`/v1/buybacks/${buyback.id}/payment`)
      .set(auth(ventures))
      .send({ reference: 'TRF-0001', paidOn: today() });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.status).toBe('SETTLED');
    const after = await readSubFund(oldId);
    expect(after.commitments.map((c) => [c.holder, c.amount])).toEqual([
      ['滴灌示范银行投资管理有限公司', '7000000.00'],
      ['光谷产业投资集团', '3000000.00'],
      ['湖北省创业投资引导基金', '0.00'],
    ]);

    // Within 36 months the price is the cost; the fund may decline.
    const young = await request(app)
      .post(`/v1/sub-funds/${subFundId}/buybacks`)
      .set(auth(ventures));
    expect(young.body).toMatchObject({ basis: 'at_cost', price: '2500000.00', interest: '0.00' });
    const declined = await request(app)
      .post(`/v1/buybacks/${(young.body as { id: string }).id}/decision`)
      .set(auth(fund))
      .send({ outcome: 'decline', reasons: ['尚在投资期'] });
    expect(declined.body).toMatchObject({ status: 'DECLINED', reasons: ['尚在投资期'] });
    expectError(
      await request(app).get(`/v1/buybacks/${randomUUID()}`).set(auth(fund)),
      404,
      'not_found',
    );
  });
});
