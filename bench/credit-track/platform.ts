// The whole platform on this machine for the credit-track bench: a PostgreSQL database of its
// own (DATABASE_URL's server, or an embedded one), the Temporal dev server, the production
// worker and the API listening on an ephemeral port.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { pino } from 'pino';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { createWorker, workflowsPath } from '../../activities/worker.ts';
import { buildApp } from '../../api/app.ts';
import { ampleRateLimits } from '../../api/rate-limits.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres.ts';
import { EncryptionCodec } from '../../platform/payload-codec.ts';
import { createDb, type Db } from '../../prisma/client.ts';
import { deployMigrations } from '../../prisma/schema-engine.ts';
import { seedDemoData } from '../../prisma/seed.ts';
import { temporalCliPath } from '../../platform/tools.ts';

// Workers' lifecycle chatter would bury the figures.
Runtime.install({ logger: new DefaultLogger('WARN') });

const silent = () => {};
/** Webpack's report of a bundle would bury the figures too. */
export const quiet = {
  log: silent,
  trace: silent,
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
};

export interface Platform {
  db: Db;
  /** The bare engine's: its plain client runs the baselines. */
  env: TestWorkflowEnvironment;
  /** The platform's client, encrypting payloads as in production. */
  temporal: Client;
  baseUrl: string;
  /** The key the API accepts demo tokens of. */
  signingKey: Uint8Array;
  stop(): Promise<void>;
}

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Stops are run last-in first-out, each whatever the others do. */
async function unwind(stops: (() => Promise<unknown>)[]) {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
}

export async function startPlatform(): Promise<Platform> {
  const stops: (() => Promise<unknown>)[] = [];
  const signingKey = randomBytes(32);
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'diguan-bench-pg-'));
      stops.push(() => rm(scratch, { recursive: true, force: true }));
      const embedded = await startEmbeddedPostgres(scratch, 'postgres', () => {});
      stops.push(embedded.stop);
      serverUrl = embedded.url;
    }
    const name = `diguan_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    stops.push(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const url = withDatabase(serverUrl, name);
    await deployMigrations(url);
    const db = createDb(url);
    stops.push(() => db.$disconnect());
    await seedDemoData(db);

    const cli = temporalCliPath();
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ...(cli && { executable: { type: 'existing-path', path: cli } }),
        log: { format: 'pretty', level: 'error' },
      },
    });
    stops.push(() => env.teardown());
    const payloadCodec = new EncryptionCodec(randomBytes(32));
    const worker = await createWorker({
      db,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      workflowBundle: await bundleWorkflowCode({ workflowsPath, logger: quiet }),
      coreBanking: fakeCoreBanking(db),
      registries: fakeRegistries(db),
      payloadCodec,
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
    });

    const temporal = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter: { payloadCodecs: [payloadCodec] },
    });
    const app = buildApp({
      rateLimits: ampleRateLimits,
      db,
      temporal,
      registries: fakeRegistries(db),
      verifyToken: demoTokenVerifier(signingKey),
      logger: pino({ level: 'silent' }),
      codec: { payloadCodec, uiOrigin: 'http://127.0.0.1:8233' },
    });
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    return {
      db,
      env,
      temporal,
      baseUrl: `http://127.0.0.1:${port}`,
      signingKey,
      stop: () => unwind(stops),
    };
  } catch (error) {
    await unwind(stops);
    throw error;
  }
}
