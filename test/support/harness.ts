// The API in-process over a real database, a real Temporal server and a running worker.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { buildApp } from '../../api/app.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { testSigningKey } from './fixtures.ts';
import { timeSkippingEnvironment, workflowBundle } from './temporal.ts';

export interface Harness {
  app: ReturnType<typeof buildApp>;
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [database, env] = await Promise.all([freshDatabase(), timeSkippingEnvironment()]);
  const worker: Worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    coreBanking: fakeCoreBanking(database.db),
  });
  const running = worker.run();
  const app = buildApp({
    db: database.db,
    temporal: env.client,
    verifyToken: demoTokenVerifier(testSigningKey),
    logger: pino({ level: 'silent' }),
  });
  return {
    app,
    database,
    env,
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.drop();
    },
  };
}
