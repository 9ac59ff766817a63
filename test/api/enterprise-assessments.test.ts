// A firm assessed on its own over HTTP: every scorecard in force that its indicators can
// evaluate is stored with its version and inputs; failed gates say by how much.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { publicationOf } from '../../domain/scorecards/definitions.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { scorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import { strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  fieldsOf,
  fileApplication,
  registerEnterprise,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let bankOfficer: TestUser;
let otherBankOfficer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [owner, stranger, bankOfficer, otherBankOfficer] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['OFFICER'], 'other-bank'),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

interface AssessmentView {
  id: string;
  model: string;
  version: string;
  points: number | null;
  eligible: boolean;
  result: { failedGates?: { gate: string; value: string; required: string; gap: string | null }[] };
  inputs: unknown;
  createdById: string | null;
  createdAt: string;
}
interface Stored {
  items: AssessmentView[];
  skipped: { model: string; version: string; reason: string }[];
}

const assess = (user: TestUser, enterpriseId: string, body: object = {}) =>
  request(app).post(`/v1/enterprises/${enterpriseId}/assessments`).set(auth(user)).send(body);

const list = (user: TestUser, enterpriseId: string, query = '') =>
  request(app).get(`/v1/enterprises/${enterpriseId}/assessments${query}`).set(auth(user));

async function stored(user: TestUser, enterpriseId: string, body: object = {}): Promise<Stored> {
  const res = await assess(user, enterpriseId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Stored;
}

const inForce = (model: string) =>
  scorecardCatalogue.scorecardsInForce(shanghaiDate(new Date())).find((c) => c.model === model)!;

/** Too big for a tech SME, few S&T staff, little R&D, no IP. */
const weakIndicators: EnterpriseIndicators = {
  ...strongIndicators,
  employees: 600,
  stStaff: 30,
  rdStaff: 20,
  revenue: '250000000.00',
  totalAssets: '150000000.00',
  totalCost: '200000000.00',
  rdExpense: '1000000.00',
  ip: { classI: 0, classII: 0 },
};

describe('enterprise assessments', () => {
  it('stores every model in force the indicators and inputs can evaluate, and says why not the rest', async () => {
    const firm = await registerEnterprise(app, owner);
    const { items, skipped } = await stored(owner, firm.id, { 'startup-sme': { listed: false } });

    expect(items.map((a) => a.model).sort()).toEqual(['startup-sme', 'tech-sme']);
    const techSme = items.find((a) => a.model === 'tech-sme')!;
    const expected = scorecardCatalogue.evaluate(
      'tech-sme',
      inForce('tech-sme').version,
      strongIndicators,
    );
    expect(techSme).toMatchObject({
      version: inForce('tech-sme').version,
      points: expected.points,
      eligible: expected.eligible,
      createdById: owner.id,
      inputs: { indicators: strongIndicators, extra: null },
    });
    expect(techSme.result).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(items.find((a) => a.model === 'startup-sme')!.inputs).toMatchObject({
      extra: { listed: false },
    });

    const reasons = Object.fromEntries(skipped.map((s) => [s.model, s.reason]));
    expect(reasons['high-tech']).toMatch(/needs "high-tech" in the request body/);
    expect(reasons['listing-reserve']).toMatch(/needs "listing-reserve"/);
    expect(Object.keys(reasons)).toContain('knowledge-value');

    const rows = await harness.database.db.assessment.findMany({
      where: { enterpriseId: firm.id },
    });
    expect(rows.map((r) => [r.model, r.applicationId, r.createdById]).sort()).toEqual([
      ['startup-sme', null, owner.id],
      ['tech-sme', null, owner.id],
    ]);
  });

  it('says which gate a weak firm fails and by how much', async () => {
    const firm = await registerEnterprise(app, owner, { indicators: weakIndicators });
    const { items } = await stored(owner, firm.id, { 'startup-sme': { listed: false } });
    const techSme = items.find((a) => a.model === 'tech-sme')!;
    expect(techSme.eligible).toBe(false);
    const gates = techSme.result.failedGates!;
    expect(gates).toContainEqual({
      gate: 'employees',
      value: '600',
      required: '≤ 500',
      gap: '100',
    });
    expect(gates).toContainEqual({
      gate: 'revenue',
      value: '¥250,000,000.00',
      required: '≤ ¥200,000,000.00',
      gap: '¥50,000,000.00',
    });
    expect(gates).toContainEqual({
      gate: 'points',
      value: String(techSme.points),
      required: '≥ 60',
      gap: String(60 - techSme.points!),
    });
    expect(gates).toContainEqual({
      gate: 'st-staff-score',
      value: '5%',
      required: '≥ 10%',
      gap: '5%',
    });
    const startup = items.find((a) => a.model === 'startup-sme')!;
    expect(startup.result.failedGates).toContainEqual({
      gate: 'employees',
      value: '600',
      required: '≤ 300',
      gap: '300',
    });
  });

  it('refuses expert points outside their ranges without storing anything', async () => {
    const firm = await registerEnterprise(app, owner, {
      indicators: {
        ...strongIndicators,
        revenue3y: ['30000000.00', '40000000.00', '50000000.00'],
        rdExpense3y: ['2000000.00', '3000000.00', '3500000.00'],
        highTechRevenue: '40000000.00',
        domesticRdShare: 0.9,
      },
    });
    const highTech = {
      supportedField: true,
      ownsCoreIp: true,
      ipAcquisition: 'own-rd',
      transfers3y: 15,
      netAssets3y: ['30000000.00', '35000000.00', '40000000.00'],
      expertPoints: {
        ipAdvancement: 6,
        ipCoreSupport: 6,
        // Two Class I rights put IP quantity at 7–8.
        ipQuantity: 9,
        ipAcquisition: 5,
        standardsBonus: 0,
        resultsTransfer: 25,
        rdOrganisation: [4, 4, 3, 3],
        netAssetGrowth: 5,
        revenueGrowth: 7,
      },
    };
    // Well-formed points that the policy's ranges refuse: a rule no schema states, so 422.
    const error = expectError(
      await assess(owner, firm.id, { 'high-tech': highTech }),
      422,
      'unprocessable',
    );
    expect(error.details).toEqual([
      { field: 'body.high-tech.expertPoints', message: 'ip-quantity: 9 outside 7–8' },
    ]);
    expect(await harness.database.db.assessment.count({ where: { enterpriseId: firm.id } })).toBe(
      0,
    );

    highTech.expertPoints.ipQuantity = 8;
    const { items } = await stored(owner, firm.id, { 'high-tech': highTech });
    expect(items.map((a) => a.model).sort()).toEqual(['high-tech', 'tech-sme']);
  });

  it('lists newest first, a page at a time', async () => {
    const firm = await registerEnterprise(app, owner);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.unshift((await stored(owner, firm.id)).items[0]!.id);

    const first = await list(owner, firm.id, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: AssessmentView) => a.id)).toEqual(made.slice(0, 2));
    expect(first.body.nextCursor).toBe(made[1]);
    const second = await list(owner, firm.id, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ id: made[2] }], nextCursor: null });

    const other = await registerEnterprise(app, owner);
    const theirs = (await stored(owner, other.id)).items[0]!.id;
    // Another firm's assessment is no place in this list: an empty page, not an error.
    const foreign = await list(owner, firm.id, `?cursor=${theirs}`);
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(200);
    expect(foreign.body).toEqual({ items: [], nextCursor: null });
    expect(fieldsOf(expectFieldIssues(await list(owner, firm.id, '?cursor=abc')))).toEqual([
      'query.cursor',
    ]);
    expect(fieldsOf(expectFieldIssues(await list(owner, firm.id, '?limit=0')))).toEqual([
      'query.limit',
    ]);
  });

  it('is open to the owner and the banks the firm applied to, a 404 to anyone else', async () => {
    const firm = await registerEnterprise(app, owner);
    for (const user of [stranger, bankOfficer, otherBankOfficer]) {
      expectError(await assess(user, firm.id), 404, 'not_found');
      expectError(await list(user, firm.id), 404, 'not_found');
    }
    await fileApplication(app, owner, firm.id);
    const byBank = await stored(bankOfficer, firm.id);
    expect(byBank.items[0]!.createdById).toBe(bankOfficer.id);
    const listed = await list(bankOfficer, firm.id);
    expect(listed.body.items.map((a: AssessmentView) => a.id)).toEqual([byBank.items[0]!.id]);
    expectError(await list(otherBankOfficer, firm.id), 404, 'not_found');
  });

  it('assesses with a version published today', async () => {
    const admin = await userWith(harness.database.db, ['ADMIN']);
    const { definition } = publicationOf(techSme2017);
    const published = await request(app)
      .post('/v1/policies/scorecards')
      .set(auth(admin))
      .send({
        model: 'tech-sme',
        version: '2026.1',
        effectiveFrom: shanghaiDate(new Date()),
        definition: { ...definition, passPoints: 90 },
      });
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    const firm = await registerEnterprise(app, owner, {
      indicators: { ...strongIndicators, ip: { classI: 0, classII: 0 } },
    });
    const techSme = (await stored(owner, firm.id)).items.find((a) => a.model === 'tech-sme')!;
    // 20 + 50 + 0 = 70 points: enough under 2017.1, short of 2026.1's 90.
    expect(techSme).toMatchObject({ version: '2026.1', points: 70, eligible: false });
    expect(techSme.result.failedGates).toContainEqual({
      gate: 'points',
      value: '70',
      required: '≥ 90',
      gap: '20',
    });
  });
});
