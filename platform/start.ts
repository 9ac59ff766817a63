// `npm start`: the whole platform in one process tree.
//   tsx platform/start.ts [all|api|worker]
// `all` (the default) brings up whatever is not configured (embedded PostgreSQL, Temporal dev
// server), applies migrations, seeds the demo once, then runs the worker and the API.
// `api` and `worker` run one part against configured services, to scale each out.
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { buildApp } from '../api/app.ts';
import { calendarOutlook } from '../domain/calendar.ts';
import { demoTokenVerifier, jwksTokenVerifier } from '../api/auth.ts';
import { fakeCoreBanking } from '../activities/core-banking.ts';
import { fakeRegistries } from '../activities/registries/fake-registries.ts';
import { createWorker } from '../activities/worker.ts';
import { createDb } from '../prisma/client.ts';
import {
  APPLICATION_ROLE,
  grantApplicationRole,
  refuseOwnerConnection,
} from '../prisma/app-role.ts';
import { deployMigrations } from '../prisma/schema-engine.ts';
import { reconcileFilings } from '../api/use-cases/reconcile-filings.ts';
import { purgeExpiredCopies } from '../prisma/retention.ts';
import { seedDemoData } from '../prisma/seed.ts';
import {
  ANNUAL_REEVALUATION_SCHEDULE_ID,
  ensureAnnualReevaluationSchedule,
} from './annual-reevaluation-schedule.ts';
import { loadConfig } from './config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { maskedLogging } from './masked-logging.ts';
import { EncryptionCodec } from './payload-codec.ts';
import { demoSigningKey, secretIn } from './secrets.ts';
import { clearRuntimeInfo, writeRuntimeInfo } from './runtime.ts';
import { startTemporalDevServer } from './temporal-dev-server.ts';

/** The bank payment systems the worker can be given, by CORE_BANKING. */
const coreBankingAdapters = { fake: fakeCoreBanking };
/** The pledge registries the worker and the API can be given, by REGISTRIES. */
const registryAdapters = { fake: fakeRegistries };

const mode = process.argv[2] ?? 'all';
if (!['all', 'api', 'worker'].includes(mode)) {
  console.error('usage: start.ts [all|api|worker]');
  process.exit(2);
}

// The platform stops its parts in order on Ctrl-C; the SDK must not stop the worker on its own.
Runtime.install({ shutdownSignals: [] });

const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL, ...maskedLogging });
// Schedules and SLA clocks already reach years whose holidays are not yet published.
const calendar = calendarOutlook();
log.warn({ calendar: calendar.version }, calendar.warning);
const stops: (() => Promise<unknown>)[] = [];

/** Runs `task` now and every `intervalMs`, logging what it did; stopped with the platform. */
function repeat(name: string, intervalMs: number, task: () => Promise<Record<string, number>>) {
  const run = () =>
    task().then(
      (done) => Object.values(done).some(Boolean) && log.info({ done }, name),
      (error: unknown) => log.warn({ err: error }, `${name} failed`),
    );
  void run();
  const timer = setInterval(run, intervalMs).unref();
  stops.unshift(async () => clearInterval(timer));
}

async function main() {
  // A configured database is migrated by its owner (`npm run db:migrate`); the embedded one
  // here, as its owner, before the platform connects as the application's role.
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    if (mode !== 'all') throw new Error(`${mode} alone needs DATABASE_URL`);
    const postgres = await startEmbeddedPostgres(
      config.dataDir,
      'diguan',
      (line) => log.debug({ postgres: line }),
      { taken: [config.PORT, config.TEMPORAL_DEV_PORT, config.TEMPORAL_UI_PORT] },
    );
    stops.unshift(postgres.stop);
    const applied = await deployMigrations(postgres.url);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const password = await secretIn(config.dataDir, 'application-password');
    databaseUrl = await grantApplicationRole(postgres.url, APPLICATION_ROLE, password);
  }
  const db = createDb(databaseUrl);
  const registries = registryAdapters[config.registries](db);
  stops.unshift(() => db.$disconnect());
  await refuseOwnerConnection(db);
  if (mode === 'all') await seedDemoData(db);

  const payloadKey =
    config.PAYLOAD_KEY ?? Buffer.from(await secretIn(config.dataDir, 'payload-key'), 'base64url');
  const payloadCodec = new EncryptionCodec(payloadKey, config.PAYLOAD_OLD_KEYS);
  const dataConverter = { payloadCodecs: [payloadCodec] };
  const apiUrl = `http://localhost:${config.PORT}`;

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let uiUrl = config.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    if (mode !== 'all') throw new Error(`${mode} alone needs TEMPORAL_ADDRESS`);
    const temporal = await startTemporalDevServer(
      config.dataDir,
      {
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        codecEndpoint: `${apiUrl}/v1/codec`,
      },
      (line) => log.debug({ temporal: line }),
    );
    stops.unshift(temporal.stop);
    temporalAddress = temporal.address;
    uiUrl = temporal.uiUrl;
  }

  if (mode !== 'api') {
    const connection = await NativeConnection.connect({ address: temporalAddress });
    const worker: Worker = await createWorker({
      db,
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      publicBaseUrl: config.publicBaseUrl,
      coreBanking: coreBankingAdapters[config.coreBanking](db),
      registries,
      payloadCodec,
    });
    if (config.coreBanking === 'fake')
      log.warn('payments are booked into the FAKE core-banking ledger');
    if (config.registries === 'fake') log.warn('pledges are registered with the FAKE registries');
    const running = worker.run();
    stops.unshift(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
    log.info('worker polling');
    const scheduler = await Connection.connect({ address: temporalAddress });
    const schedule = await ensureAnnualReevaluationSchedule(
      new Client({ connection: scheduler, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
    ).finally(() => scheduler.close());
    log.info({ scheduleId: ANNUAL_REEVALUATION_SCHEDULE_ID, schedule }, 'annual re-evaluation');
  }

  if (mode !== 'worker') {
    const connection = await Connection.connect({ address: temporalAddress });
    stops.unshift(() => connection.close());
    const verifyToken = config.AUTH_JWKS_URL
      ? jwksTokenVerifier({
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER!,
          audience: config.AUTH_AUDIENCE,
        })
      : demoTokenVerifier(await demoSigningKey(config.dataDir));
    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter,
    });
    // Beside the API, which makes what they tidy: expired copies of personal data, and what a
    // Temporal outage left half done.
    repeat('purging expired copies', 60 * 60_000, () => purgeExpiredCopies(db));
    repeat('reconciling filings', 15_000, () => reconcileFilings({ db, temporal }));
    const app = buildApp({
      db,
      temporal,
      registries,
      verifyToken,
      logger: log,
      codec: { payloadCodec, uiOrigin: uiUrl && new URL(uiUrl).origin },
      trustProxy: config.TRUST_PROXY,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s)).once('error', reject);
    });
    stops.unshift(() => new Promise((resolve) => server.close(resolve)));
    if (mode === 'all') {
      await writeRuntimeInfo(config.dataDir, { databaseUrl, apiUrl });
      stops.unshift(() => clearRuntimeInfo(config.dataDir));
    }
    console.log(
      [
        '',
        `Diguan is up.`,
        `  API             ${apiUrl}`,
        `  API docs        ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)`,
        `  Temporal Web UI ${uiUrl ?? 'the Web UI of your Temporal cluster'}`,
        `  A token         npm run -s token -- --user officer --role officer --institution demo-bank`,
        `  Ctrl-C stops everything; data stays in ${config.dataDir}`,
        '',
      ].join('\n'),
    );
  }
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  let clean = true;
  for (const step of stops) {
    await step().catch((error: unknown) => {
      clean = false;
      log.error({ err: error }, 'error while stopping');
    });
  }
  if (clean && code === 0) console.log('Diguan stopped cleanly.');
  process.exit(clean ? code : 1);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  log.fatal({ err: error }, 'start-up failed');
  void stop(1);
});
