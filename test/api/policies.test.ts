// Scorecard versions over HTTP: read by anyone signed in, published by an administrator,
// never changed once published, never back-dated.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { publicationOf } from '../../domain/scorecards/definitions.ts';
import { shippedScorecards } from '../../domain/scorecards/catalogue.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let admin: TestUser;
let officer: TestUser;
let applicant: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [admin, officer, applicant] = await Promise.all([
    userWith(db, ['ADMIN']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPLICANT']),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

const DAY_MS = 86_400_000;
const today = () => shanghaiDate(new Date());
const daysFromToday = (days: number) => shanghaiDate(new Date(Date.now() + days * DAY_MS));

interface VersionView {
  model: string;
  version: string;
  effectiveFrom: string;
  source: string;
  origin: 'shipped' | 'published';
  publishedById: string | null;
  publishedAt: string | null;
  inForce: boolean;
}
interface Catalogue {
  asOf: string;
  models: { model: string; inForce: string | null; versions: VersionView[] }[];
}

/** A tech-SME version whose S&T-staff tiers start at 40% instead of 30%. */
function stricterTechSme(version: string, effectiveFrom: string) {
  const { definition } = structuredClone(publicationOf(techSme2017));
  const tiers = definition.stStaff as { tiers: { atLeast: string }[] };
  tiers.tiers[0]!.atLeast = '40';
  tiers.tiers[1]!.atLeast = '30';
  return { model: 'tech-sme', version, effectiveFrom, definition };
}

const publish = (user: TestUser, body: unknown) =>
  request(app)
    .post('/v1/policies/scorecards')
    .set(auth(user))
    .send(body as object);

async function catalogue(user: TestUser): Promise<Catalogue> {
  const res = await request(app).get('/v1/policies/scorecards').set(auth(user));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Catalogue;
}

const modelOf = (c: Catalogue, model: string) => c.models.find((m) => m.model === model)!;

describe('scorecard policies', () => {
  it('lists every shipped model and version, with its source and the one in force', async () => {
    const listed = await catalogue(applicant);
    expect(listed.asOf).toBe(today());
    expect(listed.models.map((m) => m.model)).toEqual(
      [...new Set(shippedScorecards.map((c) => c.model))].sort(),
    );
    for (const card of shippedScorecards) {
      expect(modelOf(listed, card.model).versions).toContainEqual({
        model: card.model,
        version: card.version,
        effectiveFrom: card.effectiveFrom,
        source: card.source,
        origin: 'shipped',
        publishedById: null,
        publishedAt: null,
        inForce: true,
      });
    }
    expect(modelOf(listed, 'tech-sme').inForce).toBe('2017.1');
  });

  it('reads a version in full, in the shape a new version is published in', async () => {
    const res = await request(app)
      .get('/v1/policies/scorecards/tech-sme/2017.1')
      .set(auth(officer));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'tech-sme', version: '2017.1', origin: 'shipped' });
    expect(res.body.definition).toEqual(publicationOf(techSme2017).definition);

    const missing = await request(app)
      .get('/v1/policies/scorecards/tech-sme/1999.1')
      .set(auth(officer));
    expectError(missing, 404, 'not_found');
  });

  it('publishes as admin: in force from its date, by whom, audited, the old one kept', async () => {
    const later = await publish(admin, stricterTechSme('2030.1', daysFromToday(30)));
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(later.body).toMatchObject({ origin: 'published', inForce: false });

    const now = await publish(admin, stricterTechSme('2026.1', today()));
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    expect(now.body).toMatchObject({
      model: 'tech-sme',
      version: '2026.1',
      effectiveFrom: today(),
      origin: 'published',
      publishedById: admin.id,
      inForce: true,
      definition: stricterTechSme('2026.1', today()).definition,
    });

    const techSme = modelOf(await catalogue(applicant), 'tech-sme');
    expect(techSme.inForce).toBe('2026.1');
    expect(techSme.versions.map((v) => [v.version, v.origin, v.inForce])).toEqual([
      ['2017.1', 'shipped', false],
      ['2026.1', 'published', true],
      ['2030.1', 'published', false],
    ]);
    const old = await request(app)
      .get('/v1/policies/scorecards/tech-sme/2017.1')
      .set(auth(applicant));
    expect(old.body.definition).toEqual(publicationOf(techSme2017).definition);

    const trail = await harness.database.db.auditEvent.findMany({
      where: { entityType: 'ScorecardVersion' },
      orderBy: { id: 'asc' },
    });
    expect(
      trail.map((e) => [e.action, e.actorId, (e.data as { version: string }).version]),
    ).toEqual([
      ['published', admin.id, '2030.1'],
      ['published', admin.id, '2026.1'],
    ]);
  });

  it('lets only an administrator publish', async () => {
    for (const user of [officer, applicant]) {
      expectError(
        await publish(user, stricterTechSme('2027.1', daysFromToday(60))),
        403,
        'forbidden',
      );
    }
    const stored = await harness.database.db.scorecardVersion.count({
      where: { version: '2027.1' },
    });
    expect(stored).toBe(0);
  });

  it('never changes a version: the same id again, or a second version the same day, is a conflict', async () => {
    const first = await publish(admin, stricterTechSme('2028.1', daysFromToday(90)));
    expect(first.status).toBe(201);
    const changed = stricterTechSme('2028.1', daysFromToday(91));
    changed.definition.passPoints = 70;
    expectError(await publish(admin, changed), 409, 'conflict');
    expectError(
      await publish(admin, stricterTechSme('2017.1', daysFromToday(92))),
      409,
      'conflict',
    );
    const sameDay = expectError(
      await publish(admin, stricterTechSme('2028.2', daysFromToday(90))),
      409,
      'conflict',
    );
    expect(sameDay.message).toMatch(/2028\.1 already takes effect/);

    const stored = await request(app)
      .get('/v1/policies/scorecards/tech-sme/2028.1')
      .set(auth(admin));
    expect(stored.body).toMatchObject({
      effectiveFrom: daysFromToday(90),
      definition: { passPoints: 60 },
    });
  });

  it('refuses a version that would take effect before today', async () => {
    const error = expectError(
      await publish(admin, stricterTechSme('2025.9', daysFromToday(-1))),
      422,
      'business_rule',
    );
    expect(error.message).toMatch(/before today/);
  });

  it('refuses an invalid definition, naming each field', async () => {
    // Rules across the definition (tiers that must fall, a pass mark the card can reach) keep
    // its schema, so they answer 422; each is broken on its own, since a rule waits for the
    // parts it reads to be sound.
    const unordered = stricterTechSme('2029.1', daysFromToday(120));
    const staff = unordered.definition.stStaff as { tiers: { atLeast: string }[] };
    staff.tiers[2]!.atLeast = '45';
    expect(fieldsOf(expectRuleIssues(await publish(admin, unordered)))).toEqual([
      'body.definition.stStaff.tiers.2',
    ]);
    const unreachable = stricterTechSme('2029.1', daysFromToday(120));
    unreachable.definition.passPoints = 101;
    expect(fieldsOf(expectRuleIssues(await publish(admin, unreachable)))).toEqual([
      'body.definition.passPoints',
    ]);
    // A body that breaks the schema is a 400 naming only the malformed field.
    const unknownModel = expectFieldIssues(
      await publish(admin, { ...unordered, model: 'credit-score' }),
    );
    expect(fieldsOf(unknownModel)).toEqual(['body.model']);
    const malformed = stricterTechSme('2029.1', daysFromToday(120));
    (malformed.definition.stStaff as { tiers: { atLeast: string }[] }).tiers[2]!.atLeast = '4,5';
    malformed.definition.passPoints = 101;
    expect(fieldsOf(expectFieldIssues(await publish(admin, malformed)))).toEqual([
      'body.definition.stStaff.tiers.2.atLeast',
    ]);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await request(app).get('/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/policies/scorecards',
        '/v1/policies/scorecards/{model}/{version}',
      ]),
    );
  });
});
