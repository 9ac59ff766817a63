// A case keeps the scorecard version pinned when it was filed, even when a new version is
// published before its assessment runs; a case filed after the publication pins the new one.
// The worker starts only after the publication, so the assessment cannot have run earlier.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import { buildApp } from '../../api/app.ts';
import { ampleRateLimits } from '../../api/rate-limits.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  publicationOf,
  scorecardOf,
  scorecardPublication,
} from '../../domain/scorecards/definitions.ts';
import { createScorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import {
  auth,
  fileApplication,
  getCase,
  registerEnterprise,
  supplyDocuments,
  waitForStep,
} from '../api/client.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { strongIndicators, testSigningKey, userWith } from '../support/fixtures.ts';
import {
  testPayloadCodec,
  testUiOrigin,
  timeSkippingEnvironment,
  workflowBundle,
} from '../support/temporal.ts';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof buildApp>;
let worker: { instance: Worker; running: Promise<void> } | undefined;

beforeAll(async () => {
  [database, env] = await Promise.all([freshDatabase(), timeSkippingEnvironment()]);
  app = buildApp({
    rateLimits: ampleRateLimits,
    db: database.db,
    temporal: env.client,
    registries: fakeRegistries(database.db),
    verifyToken: demoTokenVerifier(testSigningKey),
    logger: pino({ level: 'silent' }),
    codec: { payloadCodec: testPayloadCodec, uiOrigin: testUiOrigin },
  });
});

afterAll(async () => {
  worker?.instance.shutdown();
  await worker?.running;
  await env?.teardown();
  await database?.drop();
});

async function startWorker() {
  const instance = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    coreBanking: fakeCoreBanking(database.db),
    registries: fakeRegistries(database.db),
    payloadCodec: testPayloadCodec,
  });
  worker = { instance, running: instance.run() };
}

/** tech-sme@2026.1: S&T-staff tiers from 40% instead of 30%, effective today. */
function techSme2026() {
  const { definition } = structuredClone(publicationOf(techSme2017));
  const staff = definition.stStaff as { tiers: { atLeast: string }[] };
  staff.tiers[0]!.atLeast = '40';
  staff.tiers[1]!.atLeast = '30';
  return {
    model: 'tech-sme',
    version: '2026.1',
    effectiveFrom: shanghaiDate(new Date()),
    definition,
  };
}

describe('scorecard pinning', () => {
  it('assesses a case with the version it pinned, a later filing with the new one', async () => {
    const { db } = database;
    const [applicant, officer, admin] = await Promise.all([
      userWith(db, ['APPLICANT']),
      userWith(db, ['OFFICER'], 'demo-bank'),
      userWith(db, ['ADMIN']),
    ]);
    const pinnedOf = async (id: string) =>
      (await getCase(app, officer, id, 'staff')).policyVersions;
    const firm = await registerEnterprise(app, applicant);
    const pinnedEarlier = await fileApplication(app, applicant, firm.id);
    await supplyDocuments(app, applicant, pinnedEarlier.id);
    expect(await pinnedOf(pinnedEarlier.id)).toMatchObject({
      scorecards: { 'tech-sme': '2017.1' },
    });

    const body = techSme2026();
    const published = await request(app)
      .post('/v1/policies/scorecards')
      .set(auth(admin))
      .send(body);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(await db.assessment.count({ where: { applicationId: pinnedEarlier.id } })).toBe(0);

    await startWorker();
    const assessed = await waitForStep(app, officer, pinnedEarlier.id, 'staff', 'review');
    const registry = createScorecardCatalogue([
      techSme2017,
      scorecardOf(scorecardPublication.parse(body)),
    ]);
    const under2017 = registry.evaluate('tech-sme', '2017.1', strongIndicators);
    expect(assessed.assessments).toEqual([
      {
        model: 'tech-sme',
        version: '2017.1',
        points: under2017.points,
        eligible: under2017.eligible,
        result: JSON.parse(JSON.stringify(under2017)),
      },
    ]);

    const pinnedLater = await fileApplication(app, applicant, firm.id);
    await supplyDocuments(app, applicant, pinnedLater.id);
    expect(await pinnedOf(pinnedLater.id)).toMatchObject({ scorecards: { 'tech-sme': '2026.1' } });
    const reassessed = await waitForStep(app, officer, pinnedLater.id, 'staff', 'review');
    const under2026 = registry.evaluate('tech-sme', '2026.1', strongIndicators);
    expect(under2026.points).not.toBe(under2017.points);
    expect(reassessed.assessments).toMatchObject([
      { model: 'tech-sme', version: '2026.1', points: under2026.points },
    ]);
  });
});
