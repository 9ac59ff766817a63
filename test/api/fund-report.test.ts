// The guidance fund's quarterly portfolio report over HTTP: one sub-fund with a start-up, a
// growth and a mature firm in two regions and two clusters, two exits at a profit (one in Q3,
// one in Q4) and a write-off, drawn for Q3 and Q4 as CSV (checked to the byte) and as a PDF
// (read back). Only the guidance fund's managers draw it. Figures by hand in the comments.
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../prisma/client.ts';
import {
  startupIndicators,
  strongIndicators,
  userWith,
  type TestUser,
} from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { textOf } from '../letters/pdf.ts';
import { auth, bytesOrJson, expectError, registerEnterprise, type App } from './client.ts';

let harness: Harness;
let app: App;
let db: Db;
let founder: TestUser;
let fund: TestUser;
let seedManager: TestUser;
let otherFund: TestUser;

const report = (by: TestUser, query: Record<string, string>) =>
  request(app)
    .get('/v1/guidance-fund/portfolio-report')
    .query(query)
    .set(auth(by))
    .buffer(true)
    .parse(bytesOrJson);

const post = (path: string, by: TestUser, body: object) =>
  request(app).post(path).set(auth(by)).send(body);

function created(res: Response) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  db = harness.database.db;
  await db.institution.create({
    data: { code: 'report-other-guidance', name: '另一引导基金', kind: 'GUIDANCE_FUND' },
  });
  [founder, fund, seedManager, otherFund] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['FUND_MANAGER'], 'demo-fund'),
    userWith(db, ['FUND_MANAGER'], 'demo-seed-fund'),
    userWith(db, ['FUND_MANAGER'], 'report-other-guidance'),
  ]);

  // Commitments ¥10m, the fund's ¥2.5m (25%): the seed terms allow losses of 50%, ¥5m, and the
  // fund concedes all its share of an early-stage profit.
  const subFund = created(
    await post('/v1/sub-funds', fund, {
      subFund: 'demo-seed-fund',
      terms: 'seed-fund@2026.1',
      closedOn: '2026-07-01',
      commitments: [
        { holder: '湖北省创业投资引导基金', guidanceFund: true, amount: '2500000.00' },
        { holder: '滴灌示范银行投资管理有限公司', amount: '4500000.00' },
        { holder: '光谷产业投资集团', amount: '3000000.00' },
      ],
    }),
  );
  const firm = async (indicators: object, region: string, cluster?: string) => {
    const { id } = await registerEnterprise(app, founder, { indicators, region });
    if (cluster) {
      const res = await request(app)
        .patch(`/v1/enterprises/${id}`)
        .set(auth(founder))
        .send({ cluster });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    return id;
  };
  // One unit a yuan of registered capital.
  const invest = async (enterpriseId: string, investedOn: string, units: number, stage: string) =>
    created(
      await post(`/v1/sub-funds/${subFund.id}/investments`, seedManager, {
        enterpriseId,
        investedOn,
        amount: `${units}.00`,
        units,
        stage,
      }),
    ).id;
  const [a, b, c] = await Promise.all([
    firm(startupIndicators, '湖北省武汉市', '光谷光电子信息产业集群'),
    firm(strongIndicators, '湖北省襄阳市'),
    firm(strongIndicators, '湖北省武汉市', '光谷生物产业集群'),
  ]);
  const startupStake = await invest(a, '2026-07-15', 6_000_000, 'STARTUP');
  const growthStake = await invest(b, '2026-08-10', 2_500_000, 'GROWTH');
  await invest(c, '2026-10-15', 1_000_000, 'MATURE');
  const event = (investment: string, body: object) =>
    post(`/v1/investments/${investment}/events`, seedManager, body).then(created);
  // Q3: 1m of 6m units for ¥1.5m: cost ¥1m, profit ¥500,000, the fund's 25% (¥125,000) conceded.
  await event(startupStake, {
    kind: 'EXIT',
    on: '2026-09-20',
    unitsSold: 1_000_000,
    proceeds: '1500000.00',
  });
  // Q4: 2m of the 5m units left (cost ¥5m) for ¥4m: cost ¥2m, profit ¥2m, ¥500,000 conceded.
  await event(startupStake, {
    kind: 'EXIT',
    on: '2026-11-20',
    unitsSold: 2_000_000,
    proceeds: '4000000.00',
  });
  await event(growthStake, { kind: 'WRITE_OFF', on: '2026-11-25', amount: '1000000.00' });
});
afterAll(() => harness?.close());

const csvOf = (rows: string[]) =>
  `\uFEFFquarter,sub_fund_code,sub_fund,dimension,item,amount_yuan,share_bp\r\n` +
  rows.map((row) => `${row}\r\n`).join('');

describe('the portfolio report', () => {
  it('gives the quarter as CSV, as of its last day', async () => {
    const q4 = await report(fund, { quarter: '2026Q4', format: 'csv' });
    expect(q4.status, String(q4.body)).toBe(200);
    expect(q4.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(q4.headers['content-disposition']).toBe('attachment; filename="portfolio-2026Q4.csv"');
    // Invested ¥9.5m: ¥6m start-up, ¥2.5m growth, ¥1m mature. Quotas 6315.79, 2631.58, 1052.63
    // bp: floors leave 2 bp, which go to the largest remainders (.79, .63). By region ¥7m and
    // ¥2.5m: 7368.42, 2631.58, the 1 bp left to .58. Loss ¥1m of ¥5m: 20%.
    const row = (rest: string) => `2026Q4,demo-seed-fund,湖北省示范种子子基金,${rest}`;
    expect((q4.body as Buffer).toString('utf8')).toBe(
      csvOf(
        [
          'stage,SEED,0.00,0',
          'stage,STARTUP,6000000.00,6316',
          'stage,GROWTH,2500000.00,2631',
          'stage,MATURE,1000000.00,1053',
          'sector,光谷光电子信息产业集群,6000000.00,6316',
          'sector,unclassified,2500000.00,2631',
          'sector,光谷生物产业集群,1000000.00,1053',
          'region,湖北省武汉市,7000000.00,7368',
          'region,湖北省襄阳市,2500000.00,2632',
          'loss,used,1000000.00,2000',
          'loss,tolerance,5000000.00,',
          'loss,headroom,4000000.00,',
          'concession,due,500000.00,',
        ].map(row),
      ),
    );

    // As of 30 September: ¥8.5m, no mature firm yet, no write-off; the Q3 exit's concession.
    // 6/8.5 = 7058.82 bp, 2.5/8.5 = 2941.18: the 1 bp left to .82.
    const q3 = await report(fund, { quarter: '2026Q3', format: 'csv' });
    const earlier = (rest: string) => `2026Q3,demo-seed-fund,湖北省示范种子子基金,${rest}`;
    expect((q3.body as Buffer).toString('utf8')).toBe(
      csvOf(
        [
          'stage,SEED,0.00,0',
          'stage,STARTUP,6000000.00,7059',
          'stage,GROWTH,2500000.00,2941',
          'stage,MATURE,0.00,0',
          'sector,光谷光电子信息产业集群,6000000.00,7059',
          'sector,unclassified,2500000.00,2941',
          'region,湖北省武汉市,6000000.00,7059',
          'region,湖北省襄阳市,2500000.00,2941',
          'loss,used,0.00,0',
          'loss,tolerance,5000000.00,',
          'loss,headroom,5000000.00,',
          'concession,due,125000.00,',
        ].map(earlier),
      ),
    );
    // Before the sub-fund closed there is nothing to report; another guidance fund sees none of it.
    const q2 = await report(fund, { quarter: '2026Q2', format: 'csv' });
    expect((q2.body as Buffer).toString('utf8')).toBe(csvOf([]));
    const other = await report(otherFund, { quarter: '2026Q4', format: 'csv' });
    expect((other.body as Buffer).toString('utf8')).toBe(csvOf([]));
  });

  it('gives the quarter as a PDF with the same figures', async () => {
    const res = await report(fund, { quarter: '2026Q4', format: 'pdf' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="portfolio-2026Q4.pdf"');
    const text = await textOf(res.body as Buffer);
    for (const expected of [
      '2026年第4季度',
      '湖北省创业投资引导基金',
      '湖北省示范种子子基金（demo-seed-fund）',
      '初创期 ¥6,000,000.00 63.16%',
      '成长期 ¥2,500,000.00 26.31%',
      '成熟期 ¥1,000,000.00 10.53%',
      '未分类 ¥2,500,000.00 26.31%',
      '湖北省武汉市 ¥7,000,000.00 73.68%',
      '湖北省襄阳市 ¥2,500,000.00 26.32%',
      '已用亏损 / 容忍额度 ¥1,000,000.00 / ¥5,000,000.00（已用 20.00%）',
      '剩余亏损额度 ¥4,000,000.00',
      '本季应让利 ¥500,000.00',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('is drawn only by a guidance fund’s managers, for a quarter', async () => {
    expectError(await report(seedManager, { quarter: '2026Q4' }), 403, 'forbidden');
    expectError(await report(founder, { quarter: '2026Q4' }), 403, 'forbidden');
    for (const quarter of ['2026Q5', '2026-Q4', '']) {
      expectError(await report(fund, { quarter }), 400, 'validation_failed');
    }
    expectError(
      await report(fund, { quarter: '2026Q4', format: 'xlsx' }),
      400,
      'validation_failed',
    );
  });
});
