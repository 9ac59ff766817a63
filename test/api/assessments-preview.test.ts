// POST /v1/assessments/preview: every model in force on asOf, over the body's indicators,
// with innovation points ranked among the registered firms; nothing is stored.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewResponse } from '../../api/routes/assessments-preview.ts';
import {
  enterpriseIndicators,
  type EnterpriseIndicators,
} from '../../domain/scorecards/indicators.ts';
import {
  buildCohorts,
  evaluateInnovationPoints,
} from '../../domain/scorecards/innovation-points.ts';
import { findScorecard, scorecardsInForce } from '../../domain/scorecards/catalogue.ts';
import { strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  registerEnterprise,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let officer: TestUser;

// Growth-stage firms (7 years old, revenue ¥50m) with 1, 2 and 3 invention applications.
const cohort: EnterpriseIndicators[] = [1, 2, 3].map((n) => ({
  ...strongIndicators,
  patentApplicationsMain: n,
  pctApplications: n - 1,
}));

// Every high-tech gate met at its bound: 3-year R&D exactly 5% of sales (latest revenue ¥40m).
const indicators = {
  registeredOn: '2019-04-01',
  asOf: '2026-11-27',
  employees: 100,
  stStaff: 30,
  rdStaff: 12,
  revenue: '40000000',
  totalAssets: '50000000',
  netAssets: '15000000',
  totalCost: '30000000',
  rdExpense: '2000000',
  revenue3y: ['20000000', '30000000', '40000000'],
  rdExpense3y: ['1000000', '1500000', '2000000'],
  highTechRevenue: '24000000',
  domesticRdShare: 0.6,
  ip: { classI: 1, classII: 0 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
  directRoutes: {
    highTechCertValid: false,
    nationalAward: false,
    provincialRdInstitution: false,
    ledStandard: false,
  },
  patentApplicationsMain: 2,
  pctApplications: 0,
  mastersStaff: 8,
  netProfit: '3000000',
};
const blocks = {
  highTech: {
    supportedField: true,
    ownsCoreIp: true,
    ipAcquisition: 'own-rd',
    transfers3y: 15,
    netAssets3y: ['10000000', '12000000', '15000000'],
    expertPoints: {
      ipAdvancement: 6,
      ipCoreSupport: 6,
      ipQuantity: 7,
      ipAcquisition: 5,
      standardsBonus: 0,
      resultsTransfer: 25,
      rdOrganisation: [4, 4, 3, 3],
      netAssetGrowth: 5,
      revenueGrowth: 9,
    },
  },
  startupSme: { listed: false },
  listingReserve: {
    netProfit3y: ['1000000', '2000000', '3000000'],
    operatingCashFlow3y: ['1000000', '1000000', '1000000'],
    marketValue: '0',
    inventionPatents: 1,
    exceptions: {
      leadingCoreTech: false,
      nationalAward: false,
      nationalMajorProject: false,
      importSubstitution: false,
    },
  },
  knowledgeValue: { grade: 'B', amount: '5000000.00', termMonths: 24 },
};
const valid = { ...indicators, ...blocks };

const preview = (body: object, user: TestUser | null = officer) => {
  const req = request(app).post('/v1/assessments/preview');
  return (user ? req.set(auth(user)) : req).send(body);
};

const without = (body: object, ...fields: string[]) =>
  Object.fromEntries(Object.entries(body).filter(([field]) => !fields.includes(field)));

async function results(body: object) {
  const res = await preview(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return previewResponse.parse(res.body).results;
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  const applicant = await userWith(db, ['APPLICANT']);
  officer = await userWith(db, ['OFFICER'], 'demo-bank');
  for (const firm of cohort) await registerEnterprise(app, applicant, { indicators: firm });
});

afterAll(async () => {
  await harness?.close();
});

describe('POST /v1/assessments/preview', () => {
  it('remembers nothing, not even a request sent with an Idempotency-Key', async () => {
    const { db } = harness.database;
    const before = await db.idempotencyRecord.count();
    const res = await preview(valid).set('Idempotency-Key', 'preview-key-0001');
    expect(res.status).toBe(200);
    expect(await db.idempotencyRecord.count()).toBe(before);
  });

  it('answers 401 without a token', async () => {
    expectError(await preview(valid, null), 401, 'unauthenticated');
  });

  it('scores every model in force on asOf, with its version and a full breakdown', async () => {
    const { db } = harness.database;
    const before = [await db.enterprise.count(), await db.assessment.count()];
    const res = await preview(valid);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.asOf).toBe(valid.asOf);
    const found = previewResponse.parse(res.body).results;

    const inForce = scorecardsInForce(valid.asOf);
    const entries = Object.values(found) as { model: string; version: string }[];
    expect(entries.map((e) => `${e.model}@${e.version}`).sort()).toEqual(
      inForce.map((c) => `${c.model}@${c.version}`).sort(),
    );

    const techSme = found.techSme!;
    expect(techSme.indicators.map((i) => i.id)).toEqual(['st-staff', 'rd-input', 'ip']);
    expect(techSme.points).toBe(techSme.indicators.reduce((t, i) => t + i.points, 0));
    expect(techSme).toMatchObject({ eligible: true, directQualification: false });
    expect(found.highTech).toMatchObject({ evaluated: true, eligible: true, gatesPassed: true });
    expect(found.startupSme).toMatchObject({
      evaluated: true,
      eligible: false,
      failedGates: expect.arrayContaining([expect.objectContaining({ gate: 'registered' })]),
    });
    expect(found.listingReserve).toMatchObject({ evaluated: true, eligible: false });
    expect(found.knowledgeValue).toMatchObject({
      evaluated: true,
      eligible: true,
      ceiling: '8000000.00',
    });

    // Innovation points rank the firm among the three registered growth-stage firms.
    const card = findScorecard('innovation-points', found.innovationPoints!.version)!;
    const firm = enterpriseIndicators.parse(valid);
    const { evaluated, ...innovation } = found.innovationPoints!;
    expect(evaluated).toBe(true);
    expect(innovation).toEqual(evaluateInnovationPoints(card, firm, buildCohorts(card, cohort)));
    expect(innovation).toMatchObject({ stage: 'growth', cohortSize: 3 });
    expect(innovation.indicators.find((i) => i.id === 'invention-applications')).toMatchObject({
      value: '2',
      points: card.weights.growth['invention-applications'] / 200,
    });

    expect([await db.enterprise.count(), await db.assessment.count()]).toEqual(before);
  });

  it('shows the gap of each failed gate: 3-year R&D 4.2% of sales < 5% up to ¥50m', async () => {
    const found = await results({ ...valid, rdExpense3y: ['1000000', '1280000', '1500000'] });
    expect(found.highTech).toMatchObject({
      evaluated: true,
      eligible: false,
      gatesPassed: false,
      failedGates: [{ gate: 'rd-intensity-3y', value: '4.2%', required: '≥ 5%', gap: '0.8%' }],
    });
  });

  it('tells what a model is missing instead of failing the request', async () => {
    const found = await results(without(strongIndicators, 'rdStaff', 'netAssets'));
    expect(found.techSme).toMatchObject({ evaluated: true });
    expect(found.innovationPoints).toMatchObject({ evaluated: true });
    expect(found.highTech).toMatchObject({
      evaluated: false,
      missing: ['highTech', 'revenue3y', 'rdExpense3y', 'highTechRevenue', 'domesticRdShare'],
    });
    expect(found.startupSme).toMatchObject({
      evaluated: false,
      missing: ['startupSme', 'rdStaff', 'netAssets'],
    });
    expect(found.listingReserve).toMatchObject({
      evaluated: false,
      missing: ['listingReserve', 'revenue3y', 'rdExpense3y', 'rdStaff'],
    });
    expect(found.knowledgeValue).toMatchObject({ evaluated: false, missing: ['knowledgeValue'] });

    expect((await results(without(valid, 'highTech'))).highTech).toMatchObject({
      evaluated: false,
      missing: ['highTech'],
    });
  });

  it('uses the versions in force on asOf only', async () => {
    const found = await results({ ...valid, registeredOn: '2012-01-01', asOf: '2016-06-01' });
    expect(Object.keys(found).sort()).toEqual(['highTech', 'startupSme']);
  });

  // Last: it changes the registered cohort.
  it('ranks against the registered firms as they are at the time of the request', async () => {
    const rank = async () =>
      (await results(valid)).innovationPoints!.indicators.find(
        (i) => i.id === 'invention-applications',
      )!.rule;
    expect(await rank()).toMatch(/^percentile 50\.00 among 3 /);
    const applicant = await userWith(harness.database.db, ['APPLICANT']);
    const added = await registerEnterprise(app, applicant, {
      indicators: { ...strongIndicators, patentApplicationsMain: 0 },
    });
    expect(await rank()).toMatch(/^percentile 62\.50 among 4 /);
    await harness.database.db.enterprise.update({
      where: { id: added.id },
      data: { indicators: { ...strongIndicators, patentApplicationsMain: 9 } },
    });
    expect(await rank()).toMatch(/^percentile 37\.50 among 4 /);
  });

  it.each([
    // A malformed field is all a refusal names: the checks of the staff counted within a
    // negative headcount, or of the high-tech revenue within a negative revenue, wait for it.
    [['body.employees'], { employees: -1 }],
    [['body.revenue'], { revenue: '-1' }],
    [['body.domesticRdShare'], { domesticRdShare: 1.2 }],
    [['body.revenue3y'], { revenue3y: ['20000000', '30000000'] }],
    [['body.patentApplicationsMain'], { patentApplicationsMain: -1 }],
    [['body.knowledgeValue.amount'], { knowledgeValue: { ...blocks.knowledgeValue, amount: '0' } }],
    [['body.employees'], { employees: -1, stStaff: 101 }],
  ])('answers 400 naming %j when a field breaks its schema', async (fields, changes) => {
    const issues = expectFieldIssues(await preview({ ...valid, ...changes }));
    expect(fieldsOf(issues)).toEqual(fields);
  });

  it.each([
    [['body.stStaff'], { stStaff: 101 }],
    [['body.mastersStaff'], { mastersStaff: 101 }],
    [['body.revenuePriorYear'], { revenuePriorYear: '29000000' }],
    [
      ['body.highTech.expertPoints'],
      {
        highTech: {
          ...blocks.highTech,
          expertPoints: { ...blocks.highTech.expertPoints, ipQuantity: 3 },
        },
      },
    ],
  ])('answers 422 naming %j when well-formed fields break a rule', async (fields, changes) => {
    const issues = expectRuleIssues(await preview({ ...valid, ...changes }));
    expect(fieldsOf(issues)).toEqual(fields);
  });
});
