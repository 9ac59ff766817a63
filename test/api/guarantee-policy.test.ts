// The combined deals' policy over HTTP: the science bureau's whitelist as versions (uploaded
// or edited by the administrator or the pool manager, read by the staff who check it) and
// risk-sharing schemes, published only within their regulation.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { newUscc, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError, expectFieldIssues, expectRuleIssues, type App } from './client.ts';

let harness: Harness;
let app: App;
let admin: TestUser;
let poolManager: TestUser;
let guarantor: TestUser;
let applicant: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [admin, poolManager, guarantor, applicant] = await Promise.all([
    userWith(db, ['ADMIN']),
    userWith(db, ['POOL_MANAGER'], 'demo-pool'),
    userWith(db, ['GUARANTOR'], 'demo-guarantor'),
    userWith(db, ['APPLICANT']),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

const entry = (basis = 'SPECIALISED', uscc = newUscc()) => ({
  uscc,
  name: '武汉白名单科技有限公司',
  basis,
  reference: 'ZJTX-2026-0042',
});

describe('the whitelist', () => {
  it('is uploaded whole, edited into new versions, and every version stays readable', async () => {
    await expectError(
      await request(app).get('/v1/whitelist').set(auth(guarantor)),
      404,
      'not_found',
    );
    const [a, b, c] = [entry(), entry('HIGH_TECH'), entry('TECH_SME')];
    const first = await request(app)
      .put('/v1/whitelist')
      .set(auth(admin))
      .send({ entries: [a, b] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, publishedById: admin.id });
    expect(first.body.entries).toHaveLength(2);

    const edited = await request(app)
      .patch('/v1/whitelist')
      .set(auth(poolManager))
      .send({ upsert: [c, { ...a, name: '武汉白名单科技股份有限公司' }], remove: [b.uscc] });
    expect(edited.status).toBe(201);
    expect(edited.body.version).toBe(2);
    const byCode = new Map(
      (edited.body.entries as { uscc: string; name: string }[]).map((e) => [e.uscc, e.name]),
    );
    expect([...byCode.keys()].sort()).toEqual([a.uscc, c.uscc].sort());
    expect(byCode.get(a.uscc)).toBe('武汉白名单科技股份有限公司');

    const current = await request(app).get('/v1/whitelist').set(auth(guarantor));
    expect(current.body.version).toBe(2);
    const old = await request(app).get('/v1/whitelist/versions/1').set(auth(guarantor));
    expect(old.body.entries.map((e: { uscc: string }) => e.uscc).sort()).toEqual(
      [a.uscc, b.uscc].sort(),
    );
    const audit = await harness.database.db.auditEvent.count({
      where: { entityType: 'WhitelistVersion', action: 'published' },
    });
    expect(audit).toBe(2);
  });

  it('refuses a firm listed twice, a bad code, an unknown removal, and other roles', async () => {
    const twice = entry();
    await expectError(
      await request(app)
        .put('/v1/whitelist')
        .set(auth(admin))
        .send({ entries: [twice, twice] }),
      422,
      'business_rule',
    );
    const badCode = await request(app)
      .put('/v1/whitelist')
      .set(auth(admin))
      .send({ entries: [{ ...entry(), uscc: '91420100MA4K8NHFX0' }] });
    expect(expectRuleIssues(badCode)[0]!.field).toBe('body.entries.0.uscc');
    const badBasis = await request(app)
      .put('/v1/whitelist')
      .set(auth(admin))
      .send({ entries: [entry('FRIEND_OF_THE_MAYOR')] });
    expect(expectFieldIssues(badBasis)[0]!.field).toBe('body.entries.0.basis');
    const unknown = await request(app)
      .patch('/v1/whitelist')
      .set(auth(admin))
      .send({ remove: [newUscc()] });
    expect((await expectError(unknown, 422, 'business_rule')).message).toMatch(/not listed/);
    await expectError(
      await request(app).put('/v1/whitelist').set(auth(guarantor)).send({ entries: [] }),
      403,
      'forbidden',
    );
    await expectError(
      await request(app).get('/v1/whitelist').set(auth(applicant)),
      403,
      'forbidden',
    );
  });
});

describe('risk-sharing schemes', () => {
  const shipped = async () =>
    (await request(app).get('/v1/policies/sharing-schemes').set(auth(applicant))).body.items as {
      version: string;
      family: string;
      inForce: boolean;
      sharesBp: Record<string, number>;
    }[];

  const draft = async (changes: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const special = (await shipped()).find((s) => s.version === 'special-plan@2026.1')!;
    const { origin, publishedById, publishedAt, inForce, ...body } = special as never as Record<
      string,
      unknown
    >;
    void [origin, publishedById, publishedAt, inForce];
    return { ...body, version: 'special-plan@2027.1', effectiveFrom: '2027-01-01', ...changes };
  };

  it('lists the shipped special plan and 4321, each in force', async () => {
    const items = await shipped();
    expect(
      items
        .filter((s) => s.inForce)
        .map((s) => s.version)
        .sort(),
    ).toEqual(['classic-4321@2026.1', 'special-plan@2026.1']);
    expect(items.find((s) => s.family === 'classic-4321')!.sharesBp).toEqual({
      BANK: 2000,
      GUARANTOR: 4000,
      REGUARANTOR: 3000,
      NATIONAL_FUND: 0,
      GOVERNMENT: 1000,
    });
  });

  it('refuses shares that do not sum to 10 000 or leave the regulation, naming each rule', async () => {
    const body = await draft({
      sharesBp: {
        BANK: 1000,
        GUARANTOR: 2000,
        REGUARANTOR: 2000,
        NATIONAL_FUND: 5000,
        GOVERNMENT: 100,
      },
    });
    const res = await request(app).post('/v1/policies/sharing-schemes').set(auth(admin)).send(body);
    const messages = expectRuleIssues(res).map((i) => i.message);
    expect(messages).toEqual([
      'the shares sum to 10100 bp, not 10000',
      'the bank bears at least 20% (1000 bp)',
      'the government guarantee system bears at most 80% (9100 bp)',
      'the national fund bears at most 40% (5000 bp)',
    ]);
    const fees = await draft({
      fees: {
        guaranteeBelowBp: 120,
        reguarantee: { threshold: '5000000.00', aboveBp: 50, upToBp: 30 },
      },
    });
    const feeRes = await request(app)
      .post('/v1/policies/sharing-schemes')
      .set(auth(admin))
      .send(fees);
    expect(expectRuleIssues(feeRes).map((i) => i.message)).toEqual([
      'the guarantee fee must stay below 100 bp a year',
    ]);
    const past = await draft({ effectiveFrom: '2026-01-02' });
    const pastRes = await request(app)
      .post('/v1/policies/sharing-schemes')
      .set(auth(admin))
      .send(past);
    expect(expectRuleIssues(pastRes)[0]!.message).toMatch(/before today/);
  });

  it('publishes a version within the rules, once, and pins it for the days it governs', async () => {
    const body = await draft({
      sharesBp: {
        BANK: 2500,
        GUARANTOR: 1500,
        REGUARANTOR: 2000,
        NATIONAL_FUND: 4000,
        GOVERNMENT: 0,
      },
    });
    await expectError(
      await request(app).post('/v1/policies/sharing-schemes').set(auth(poolManager)).send(body),
      403,
      'forbidden',
    );
    const res = await request(app).post('/v1/policies/sharing-schemes').set(auth(admin)).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 'special-plan@2027.1',
      origin: 'published',
      inForce: '2027-01-01' <= shanghaiDate(new Date()),
    });
    const again = await request(app)
      .post('/v1/policies/sharing-schemes')
      .set(auth(admin))
      .send(body);
    await expectError(again, 409, 'conflict');
    const badShape = await request(app)
      .post('/v1/policies/sharing-schemes')
      .set(auth(admin))
      .send({ ...body, sharesBp: { ...(body.sharesBp as object), BANK: 2500.5 } });
    expect(expectFieldIssues(badShape)[0]!.field).toBe('body.sharesBp.BANK');
  });
});
