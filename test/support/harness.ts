// The API in-process over a real database, a real Temporal server and a running worker.
import {
  fakeRegistries,
  type FakeRegistries,
} from '../../activities/registries/fake-registries.ts';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { ampleRateLimits, type RateLimits } from '../../api/rate-limits.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { testSigningKey } from './fixtures.ts';
import {
  testPayloadCodec,
  testUiOrigin,
  timeSkippingEnvironment,
  workflowBundle,
} from './temporal.ts';

export interface Harness {
  app: ReturnType<typeof buildApp>;
  database: TestDatabase;
  /** The FAKE registries the API and the worker use, for a test to drive. */
  registries: FakeRegistries;
  env: TestWorkflowEnvironment;
  close(): Promise<void>;
}

/** `rateLimits` defaults to ample budgets: tests drive many cases from one address. */
export async function startHarness({
  rateLimits = ampleRateLimits,
}: { rateLimits?: RateLimits } = {}): Promise<Harness> {
  const [database, env] = await Promise.all([freshDatabase(), timeSkippingEnvironment()]);
  const registries = fakeRegistries(database.db);
  const worker: Worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    coreBanking: fakeCoreBanking(database.db),
    registries,
    payloadCodec: testPayloadCodec,
  });
  const running = worker.run();
  const app = buildApp({
    rateLimits,
    db: database.db,
    temporal: env.client,
    registries,
    verifyToken: demoTokenVerifier(testSigningKey),
    logger: pino({ level: 'silent' }),
    codec: { payloadCodec: testPayloadCodec, uiOrigin: testUiOrigin },
  });
  return {
    app,
    database,
    registries,
    env,
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.drop();
    },
  };
}
