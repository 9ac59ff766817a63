// The enterprise registry over HTTP: snapshots, IP portfolio, certificates, cluster and tier,
// the profile, and the recomputation every change to the scored records triggers.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { eventually } from '../support/eventually.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  fileApplication,
  supplyDocuments,
  registerEnterprise,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let admin: TestUser;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [owner, stranger, admin] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['ADMIN']),
  ]);
  officer = await userWith(db, ['OFFICER'], 'demo-bank');
});

afterAll(async () => {
  await harness?.close();
});

const today = shanghaiDate(new Date());
const thisYear = Number(today.slice(0, 4));
const plusDays = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 20 of 125 staff in S&T (8 points) and R&D at 10% of sales (50): 58, short of 60. */
const snapshot = (overrides: Record<string, unknown> = {}) => ({
  registeredOn: '2019-03-01',
  asOf: today,
  employees: 125,
  stStaff: 20,
  rdStaff: 15,
  revenue: '25000000.00',
  totalAssets: '80000000.00',
  totalCost: '40000000.00',
  rdExpense: '2500000.00',
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
  ...overrides,
});

const patent = {
  type: 'INVENTION_PATENT',
  number: 'ZL202010123456.7',
  title: '一种微纳光学器件的制备方法',
  status: 'VALID',
  expiresOn: '2040-05-31',
  tiedToProduct: true,
};

const highTechCertificate = {
  kind: 'HIGH_TECH',
  number: 'GR202442001234',
  validFrom: '2024-12-01',
  validUntil: '2027-11-30',
};

const path = (id: string, rest = '') => `/v1/enterprises/${id}${rest}`;
const putSnapshot = (user: TestUser, id: string, year: number | string, body: object) =>
  request(app)
    .put(path(id, `/snapshots/${year}`))
    .set(auth(user))
    .send(body);
const post = (user: TestUser, url: string, body: object) =>
  request(app).post(url).set(auth(user)).send(body);
const patch = (user: TestUser, url: string, body: object) =>
  request(app).patch(url).set(auth(user)).send(body);
const get = (user: TestUser, url: string) => request(app).get(url).set(auth(user));

async function ok(res: request.Test | Promise<request.Response>, status = 200) {
  const response = await res;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

async function newFirm() {
  return (await registerEnterprise(app, owner)).id;
}

async function techSmeRows(enterpriseId: string) {
  return harness.database.db.assessment.findMany({
    where: { enterpriseId, model: 'tech-sme', applicationId: null },
    orderBy: { createdAt: 'asc' },
  });
}

describe('snapshots', () => {
  it('declares a year, replaces it, and lists the years latest first', async () => {
    const id = await newFirm();
    const first = await ok(putSnapshot(owner, id, thisYear, snapshot()), 201);
    expect(first).toMatchObject({ year: thisYear, indicators: { employees: 125 } });
    const replaced = await ok(putSnapshot(owner, id, thisYear, snapshot({ employees: 130 })));
    expect(replaced.indicators.employees).toBe(130);
    await ok(putSnapshot(owner, id, thisYear - 2, snapshot()), 201);
    const { items } = await ok(get(owner, path(id, '/snapshots')));
    expect(items.map((s: { year: number }) => s.year)).toEqual([thisYear, thisYear - 2]);
    expect(items[0].indicators.employees).toBe(130);
  });

  it('takes the year of asOf or one of the two before, and no asOf after today', async () => {
    const id = await newFirm();
    // A year that is no number breaks the schema; a year or asOf the calendar refuses is a
    // rule of the snapshot (422).
    expect(fieldsOf(expectFieldIssues(await putSnapshot(owner, id, 'last', snapshot())))).toEqual([
      'params.year',
    ]);
    for (const year of [thisYear - 3, thisYear + 1]) {
      const refused = await putSnapshot(owner, id, year, snapshot());
      expect(fieldsOf(expectRuleIssues(refused))).toEqual(['params.year']);
      expect(refused.body.error.message).toBe('the snapshot breaks a rule');
    }
    const tomorrow = snapshot({ asOf: plusDays(1) });
    const year = Number(plusDays(1).slice(0, 4));
    expect(fieldsOf(expectRuleIssues(await putSnapshot(owner, id, year, tomorrow)))).toEqual([
      'body.asOf',
    ]);
    expect((await ok(get(owner, path(id, '/snapshots')))).items).toEqual([]);
  });

  it('refuses derived, malformed and inconsistent figures per field', async () => {
    const id = await newFirm();
    const issues = expectFieldIssues(
      await putSnapshot(owner, id, thisYear, {
        ...snapshot({ revenue: '1.234' }),
        ip: { classI: 1, classII: 0 },
        revenue3y: ['1', '2', '3'],
        flags: undefined,
      }),
    );
    expect(fieldsOf(issues)).toEqual(['body.flags', 'body.ip', 'body.revenue', 'body.revenue3y']);
    const inconsistent = expectRuleIssues(
      await putSnapshot(owner, id, thisYear, snapshot({ stStaff: 126 })),
    );
    expect(fieldsOf(inconsistent)).toEqual(['body.stStaff']);
    // With a malformed figure besides, only the malformed figure is named (400).
    const both = expectFieldIssues(
      await putSnapshot(owner, id, thisYear, snapshot({ stStaff: 126, revenue: '1.234' })),
    );
    expect(fieldsOf(both)).toEqual(['body.revenue']);
  });

  it('hides a firm from other applicants and banks without its case', async () => {
    const id = await newFirm();
    await ok(putSnapshot(owner, id, thisYear, snapshot()), 201);
    expectError(await putSnapshot(stranger, id, thisYear, snapshot()), 404, 'not_found');
    expectError(await get(stranger, path(id, '/snapshots')), 404, 'not_found');
    expectError(await get(officer, path(id, '/snapshots')), 404, 'not_found');
    expectError(await putSnapshot(officer, id, thisYear, snapshot()), 403, 'forbidden');
    expectError(await get(owner, path(randomUUID(), '/snapshots')), 404, 'not_found');
  });
});

describe('IP portfolio', () => {
  it('adds rights, says what counts today, and refuses a second right with the same number', async () => {
    const id = await newFirm();
    const added = await ok(post(owner, path(id, '/ip-rights'), patent), 201);
    expect(added).toMatchObject({ ...patent, ipClass: 'classI', counted: true });
    const trademark = { ...patent, type: 'TRADEMARK', title: '微纳' };
    expect(await ok(post(owner, path(id, '/ip-rights'), trademark), 201)).toMatchObject({
      ipClass: null,
      counted: false,
    });
    const lapsedToday = { ...patent, type: 'UTILITY_MODEL', expiresOn: plusDays(-1) };
    expect(await ok(post(owner, path(id, '/ip-rights'), lapsedToday), 201)).toMatchObject({
      ipClass: 'classII',
      counted: false,
    });
    expectError(await post(owner, path(id, '/ip-rights'), patent), 409, 'conflict');
    const { items } = await ok(get(owner, path(id, '/ip-rights')));
    expect(items).toHaveLength(3);
  });

  it('refuses bad input per field', async () => {
    const id = await newFirm();
    const issues = expectFieldIssues(
      await post(owner, path(id, '/ip-rights'), {
        type: 'PATENT',
        number: ' ',
        title: 'x',
        status: 'GRANTED',
        expiresOn: '2040-02-30',
        tiedToProduct: 'yes',
      }),
    );
    expect(fieldsOf(issues)).toEqual([
      'body.expiresOn',
      'body.number',
      'body.status',
      'body.tiedToProduct',
      'body.type',
    ]);
  });

  it("changes a right's status, expiry and tie, and nothing else", async () => {
    const id = await newFirm();
    const right = await ok(post(owner, path(id, '/ip-rights'), patent), 201);
    const url = path(id, `/ip-rights/${right.id}`);
    expect(await ok(patch(owner, url, { status: 'PLEDGED' }))).toMatchObject({
      status: 'PLEDGED',
      counted: true,
    });
    expect(await ok(patch(owner, url, { expiresOn: null, tiedToProduct: false }))).toMatchObject({
      status: 'PLEDGED',
      expiresOn: null,
      tiedToProduct: false,
      counted: false,
    });
    expect(fieldsOf(expectRuleIssues(await patch(owner, url, {})))).toEqual(['body']);
    expect(fieldsOf(expectFieldIssues(await patch(owner, url, { number: 'ZL1' })))).toEqual([
      'body',
    ]);
    expect(
      fieldsOf(expectFieldIssues(await patch(owner, url, { status: 'GONE', expiresOn: 'soon' }))),
    ).toEqual(['body.expiresOn', 'body.status']);
  });

  it("does not reach another firm's right or another owner's firm", async () => {
    const [id, other] = [await newFirm(), await newFirm()];
    const right = await ok(post(owner, path(other, '/ip-rights'), patent), 201);
    const lapse = { status: 'LAPSED' };
    expectError(await patch(owner, path(id, `/ip-rights/${right.id}`), lapse), 404, 'not_found');
    expectError(
      await patch(stranger, path(other, `/ip-rights/${right.id}`), lapse),
      404,
      'not_found',
    );
    expectError(await post(stranger, path(other, '/ip-rights'), patent), 404, 'not_found');
    expectError(await get(stranger, path(other, '/ip-rights')), 404, 'not_found');
  });
});

describe('certificates', () => {
  it('records certificates and flags the expired and those expiring within 90 days', async () => {
    const id = await newFirm();
    const expiring = {
      ...highTechCertificate,
      validFrom: plusDays(-1000),
      validUntil: plusDays(30),
    };
    expect(await ok(post(owner, path(id, '/certificates'), expiring), 201)).toMatchObject({
      ...expiring,
      expired: false,
      expiringWithin90Days: true,
      daysLeft: 30,
    });
    const registration = { kind: 'TECH_SME', number: '20244201030001234', validFrom: '2024-05-01' };
    expect(await ok(post(owner, path(id, '/certificates'), registration), 201)).toMatchObject({
      validUntil: null,
      expired: false,
      expiringWithin90Days: false,
    });
    const old = {
      ...highTechCertificate,
      number: 'GR202142000001',
      validFrom: plusDays(-1001),
      validUntil: plusDays(-1),
    };
    await ok(post(owner, path(id, '/certificates'), old), 201);
    const { items } = await ok(get(owner, path(id, '/certificates')));
    expect(
      items.map((c: { number: string; expired: boolean; expiringWithin90Days: boolean }) => [
        c.number,
        c.expired,
        c.expiringWithin90Days,
      ]),
    ).toEqual([
      ['GR202142000001', true, false],
      [expiring.number, false, true],
      [registration.number, false, false],
    ]);
    expectError(await post(owner, path(id, '/certificates'), expiring), 409, 'conflict');
  });

  it('refuses bad input per field', async () => {
    const id = await newFirm();
    const refused = async (body: object) => await post(owner, path(id, '/certificates'), body);
    // Dates that contradict the kind or each other: rules, so 422.
    for (const validUntil of [null, '2024-11-30', '2027-12-02']) {
      const res = await refused({ ...highTechCertificate, validUntil });
      expect(fieldsOf(expectRuleIssues(res))).toEqual(['body.validUntil']);
    }
    const malformed = await refused({ kind: 'ISO9001', number: '', validFrom: '1 May' });
    expect(fieldsOf(expectFieldIssues(malformed))).toEqual([
      'body.kind',
      'body.number',
      'body.validFrom',
    ]);
  });
});

describe('cluster and listing-reserve tier', () => {
  it('are set by the owner and by an administrator respectively', async () => {
    const id = await newFirm();
    const cluster = '光谷光电子信息产业集群';
    expect(await ok(patch(owner, path(id), { cluster }))).toEqual({
      id,
      cluster,
      listingTier: null,
    });
    expectError(await patch(owner, path(id), { listingTier: 'gold-seed' }), 403, 'forbidden');
    expect(await ok(patch(admin, path(id), { listingTier: 'star-seed' }))).toEqual({
      id,
      cluster,
      listingTier: 'star-seed',
    });
    expectError(await patch(admin, path(id), { cluster: 'x集群' }), 403, 'forbidden');
    expect((await ok(patch(admin, path(id), { listingTier: null }))).listingTier).toBeNull();
    const trail = await harness.database.db.auditEvent.findMany({
      where: { entityId: id, action: 'registry_entry_changed' },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => [e.actorId, e.actorRole])).toEqual([
      [owner.id, 'APPLICANT'],
      [admin.id, 'ADMIN'],
      [admin.id, 'ADMIN'],
    ]);
    expect(trail[1]!.data).toMatchObject({
      before: { listingTier: null },
      changed: { listingTier: 'star-seed' },
    });
  });

  it('refuses unknown tiers, empty and foreign requests', async () => {
    const id = await newFirm();
    expect(
      fieldsOf(expectFieldIssues(await patch(admin, path(id), { listingTier: 'platinum' }))),
    ).toEqual(['body.listingTier']);
    expect(fieldsOf(expectRuleIssues(await patch(owner, path(id), {})))).toEqual(['body']);
    expect(fieldsOf(expectFieldIssues(await patch(owner, path(id), { name: 'x' })))).toEqual([
      'body',
    ]);
    expectError(await patch(stranger, path(id), { cluster: '别人的集群' }), 404, 'not_found');
    expectError(
      await patch(admin, path(randomUUID()), { listingTier: 'gold-seed' }),
      404,
      'not_found',
    );
    expectError(await patch(officer, path(id), { cluster: '银行的集群' }), 403, 'forbidden');
  });
});

describe('recomputation on change', () => {
  it('stores a new assessment when an IP change crosses a tier, and updates the indicators', async () => {
    const id = await newFirm();
    await ok(putSnapshot(owner, id, thisYear, snapshot()), 201);
    expect((await techSmeRows(id)).map((a) => [a.points, a.eligible])).toEqual([[58, false]]);

    const right = await ok(post(owner, path(id, '/ip-rights'), patent), 201);
    expect((await techSmeRows(id)).map((a) => [a.points, a.eligible])).toEqual([
      [58, false],
      [88, true],
    ]);
    const stored = await ok(get(owner, path(id)));
    expect(stored.indicators).toMatchObject({ asOf: today, ip: { classI: 1, classII: 0 } });

    await ok(patch(owner, path(id, `/ip-rights/${right.id}`), { status: 'LAPSED' }));
    const rows = await techSmeRows(id);
    expect(rows.map((a) => [a.points, a.eligible])).toEqual([
      [58, false],
      [88, true],
      [58, false],
    ]);
    expect(rows[2]!.createdById).toBe(owner.id);
    expect(rows[2]!.inputs).toMatchObject({ indicators: { ip: { classI: 0, classII: 0 } } });

    const trail = await harness.database.db.auditEvent.findMany({
      where: { entityId: id, entityType: 'Enterprise' },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => e.action)).toEqual([
      'snapshot_declared',
      'ip_right_added',
      'ip_right_changed',
    ]);
    expect(trail[1]!.data).toMatchObject({
      ipRightId: right.id,
      assessments: [{ model: 'tech-sme', points: 88, eligible: true }],
    });
  });

  it('qualifies a firm directly while its high-tech certificate is valid', async () => {
    const id = await newFirm();
    await ok(putSnapshot(owner, id, thisYear, snapshot()), 201);
    await ok(post(owner, path(id, '/certificates'), highTechCertificate), 201);
    const [, latest] = await techSmeRows(id);
    expect(latest).toMatchObject({ points: 58, eligible: true });
    expect(latest!.result).toMatchObject({ directQualification: true });
  });

  it('changes nothing scored before the first snapshot', async () => {
    const id = await newFirm();
    const before = await ok(get(owner, path(id)));
    await ok(post(owner, path(id, '/ip-rights'), patent), 201);
    expect(await techSmeRows(id)).toEqual([]);
    expect((await ok(get(owner, path(id)))).indicators).toEqual(before.indicators);
    expect((await ok(get(owner, path(id, '/profile')))).indicators).toBeNull();
  });
});

describe('profile', () => {
  it('merges three years with the portfolio and shows certificates and the latest assessments', async () => {
    const id = await newFirm();
    const highTech = { highTechRevenue: '20000000.00', domesticRdShare: 0.9 };
    for (const [year, revenue] of [
      [thisYear - 2, '21000000.00'],
      [thisYear - 1, '23000000.00'],
      [thisYear, '25000000.00'],
    ] as const) {
      await ok(putSnapshot(owner, id, year, snapshot({ revenue, ...highTech })), 201);
    }
    await ok(post(owner, path(id, '/ip-rights'), patent), 201);
    const expiring = {
      ...highTechCertificate,
      validFrom: plusDays(-1000),
      validUntil: plusDays(89),
    };
    await ok(post(owner, path(id, '/certificates'), expiring), 201);

    const profile = await ok(get(owner, path(id, '/profile')));
    expect(profile).toMatchObject({
      id,
      asOf: today,
      snapshotYears: [thisYear, thisYear - 1, thisYear - 2],
      indicators: {
        asOf: today,
        revenue: '25000000.00',
        revenue3y: ['21000000.00', '23000000.00', '25000000.00'],
        rdExpense3y: ['2500000.00', '2500000.00', '2500000.00'],
        ip: { classI: 1, classII: 0 },
        directRoutes: { highTechCertValid: true },
      },
      ipRights: [{ number: patent.number, counted: true }],
      certificates: [{ number: expiring.number, expiringWithin90Days: true, daysLeft: 89 }],
    });
    // One per model, the latest: after the certificate the firm qualifies directly.
    expect(
      profile.assessments.map((a: { model: string; eligible: boolean }) => [a.model, a.eligible]),
    ).toEqual([
      ['high-tech-gates', true],
      ['tech-sme', true],
    ]);
    expect(
      profile.assessments.find((a: { model: string }) => a.model === 'tech-sme'),
    ).toMatchObject({
      points: 88,
      result: { directQualification: true },
    });
  });

  it('shows the bank of a case the firm, never the case-bound assessments', async () => {
    const id = await newFirm();
    await ok(putSnapshot(owner, id, thisYear, snapshot()), 201);
    expectError(await get(officer, path(id, '/profile')), 404, 'not_found');
    const [registryRow] = await techSmeRows(id);
    const filed = await fileApplication(app, owner, id);
    await supplyDocuments(app, owner, filed.id);
    const { db } = harness.database;
    await eventually(async () =>
      expect(await db.assessment.count({ where: { applicationId: filed.id } })).toBe(1),
    );
    const profile = await ok(get(officer, path(id, '/profile')));
    expect(profile.assessments.map((a: { id: string }) => a.id)).toEqual([registryRow!.id]);
    expectError(await get(stranger, path(id, '/profile')), 404, 'not_found');
  });
});
