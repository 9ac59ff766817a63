// A dependency that does not answer: an act already recorded (a filing, a document) is
// accepted with 202; one that cannot be recorded answers 503 with Retry-After at once; /readyz
// names the dependency; and nothing is lost: what the outage left half done (a row without its
// workflow, documents the workflow never heard of) the reconciler finishes.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { ampleRateLimits } from '../../api/rate-limits.ts';
import { freePort } from '../../platform/ports.ts';
import { createDb, type Db } from '../../prisma/client.ts';
import { testSigningKey, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { testPayloadCodec, testUiOrigin } from '../support/temporal.ts';
import { reconcileFilings } from '../../api/use-cases/reconcile-filings.ts';
import { completeFile } from '../support/fixtures.ts';
import {
  auth,
  expectError,
  filingBody,
  registerEnterprise,
  waitForStep,
  type App,
} from './client.ts';

let harness: Harness;
let applicant: TestUser;
let unreachable: Connection;
let nowhere: Db;

/** The platform's API, but with `db` or Temporal swapped for one that does not answer. */
function appWith({ db, temporal }: { db: Db; temporal: Client }): App {
  return buildApp({
    db,
    temporal,
    registries: fakeRegistries(db),
    verifyToken: demoTokenVerifier(testSigningKey),
    logger: pino({ level: 'silent' }),
    rateLimits: ampleRateLimits,
    codec: { payloadCodec: testPayloadCodec, uiOrigin: testUiOrigin },
  });
}

beforeAll(async () => {
  harness = await startHarness();
  applicant = await userWith(harness.database.db, ['APPLICANT']);
  const closed = await freePort();
  unreachable = Connection.lazy({ address: `127.0.0.1:${closed}` });
  nowhere = createDb(`postgresql://nobody:nothing@127.0.0.1:${closed}/nothing`);
});

afterAll(async () => {
  await unreachable?.close();
  await nowhere?.$disconnect();
  await harness?.close();
});

describe('Temporal not answering', () => {
  const withoutTemporal = () =>
    appWith({
      db: harness.database.db,
      temporal: new Client({
        connection: unreachable,
        dataConverter: { payloadCodecs: [testPayloadCodec] },
      }),
    });

  it('accepts a filing at once with 202 once its row is written; the retry gets the one case', async () => {
    const enterprise = await registerEnterprise(harness.app, applicant);
    const key = `outage-${randomUUID()}`;
    const body = filingBody(enterprise.id);
    const started = Date.now();
    const accepted = await request(withoutTemporal())
      .post('/v1/applications')
      .set(auth(applicant))
      .set('Idempotency-Key', key)
      .send(body);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'SUBMITTED' });

    // The 202 was not kept as the key's answer: the retry reaches the workflow and says 201.
    const retried = await request(harness.app)
      .post('/v1/applications')
      .set(auth(applicant))
      .set('Idempotency-Key', key)
      .send(body);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body.id).toBe(accepted.body.id);
    const rows = await harness.database.db.application.findMany({
      where: { enterpriseId: enterprise.id },
    });
    expect(rows.map((r) => r.id)).toEqual([retried.body.id]);
    expect(rows[0]!.workflowStartedAt).not.toBeNull();
  });

  it('leaves nothing behind: the reconciler starts the workflow and tells it of the documents', async () => {
    const down = withoutTemporal();
    const enterprise = await registerEnterprise(harness.app, applicant);
    // Without a key too the client learns its case, so it has no reason to file it twice.
    const filing = await request(down)
      .post('/v1/applications')
      .set(auth(applicant))
      .send(filingBody(enterprise.id));
    expect(filing.status).toBe(202);
    const { db } = harness.database;
    const row = await db.application.findUniqueOrThrow({ where: { id: filing.body.id } });
    expect(row.workflowStartedAt).toBeNull();
    // All at once: each waits out the deadline on the unreachable server.
    const uploads = await Promise.all(
      completeFile.map((type) =>
        request(down)
          .post(`/v1/applications/${row.id}/documents`)
          .set(auth(applicant))
          .send({
            type,
            fileName: `${type}.pdf`,
            mediaType: 'application/pdf',
            contentBase64: Buffer.from('%PDF-1.4 scan').toString('base64'),
          }),
      ),
    );
    uploads.forEach((upload) => expect(upload.status).toBe(202));
    expect(await db.document.count({ where: { applicationId: row.id, deliveredAt: null } })).toBe(
      completeFile.length,
    );

    const later = new Date(Date.now() + 60_000);
    const done = await reconcileFilings({ db, temporal: harness.env.client }, later);
    expect(done).toEqual({ started: 1, delivered: completeFile.length, failed: 0 });
    await waitForStep(harness.app, applicant, row.id, 'applicant', 'review');
    expect(await reconcileFilings({ db, temporal: harness.env.client }, later)).toEqual({
      started: 0,
      delivered: 0,
      failed: 0,
    });
  });

  it('answers an act it cannot record 503 with Retry-After within seconds', async () => {
    const enterprise = await registerEnterprise(harness.app, applicant);
    const filed = await request(harness.app)
      .post('/v1/applications')
      .set(auth(applicant))
      .send(filingBody(enterprise.id));
    expect(filed.status).toBe(201);
    const started = Date.now();
    const withdrawal = await request(withoutTemporal())
      .post(`/v1/applications/${filed.body.id}/withdraw`)
      .set(auth(applicant))
      .send({ reason: '暂不需要' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(expectError(withdrawal, 503, 'unavailable').message).toMatch(/workflow service/);
    expect(withdrawal.headers['retry-after']).toBe('5');
  });

  it('says which dependency is down in /readyz', async () => {
    const res = await request(withoutTemporal()).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ database: 'ok', temporal: 'unreachable' });
  });
});

describe('PostgreSQL not answering', () => {
  const withoutDatabase = () => appWith({ db: nowhere, temporal: harness.env.client });

  it('answers 503 with Retry-After, not 500', async () => {
    const res = await request(withoutDatabase()).get('/v1/applications').set(auth(applicant));
    expect(expectError(res, 503, 'unavailable').message).toMatch(/database/);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('says which dependency is down in /readyz', async () => {
    const res = await request(withoutDatabase()).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ database: 'unreachable', temporal: 'ok' });
  });
});
