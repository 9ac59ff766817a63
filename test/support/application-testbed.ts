// A worker with the real activities on a real Temporal server and database, and a way to
// file a case straight into the database, for workflow tests.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { fakeCoreBanking, type CoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import type { Db } from '../../prisma/client.ts';
import { creditApplicationWorkflow } from '../../workflows/credit/application.ts';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { applicationQuery, type CreditApplicationInput } from '../../domain/contracts/credit.ts';
import { type ApplicationStep } from '../../domain/credit/lifecycle.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { insertApplication, pinnedPolicies, supplyDocumentRows } from './application-rows.ts';
import { strongIndicators, userWith } from './fixtures.ts';
import { timeSkippingEnvironment, workflowBundle } from './temporal.ts';

export interface ApplicationTestbed {
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  /** The queue the cases run on, for a test that brings a worker of its own. */
  taskQueue: string;
  /** Shuts the worker down hard (running activities are cancelled at once) and waits it out. */
  stopWorker(): Promise<void>;
  fileCase(options?: FilingOptions): Promise<FiledApplication>;
  close(): Promise<void>;
}

export type FiledApplication = Awaited<ReturnType<typeof fileCaseWith>>;

export interface FilingOptions {
  amountFen?: number;
  indicators?: EnterpriseIndicators;
  /** Whether the applicant supplied every checklist document with the filing (default true). */
  completeFile?: boolean;
}

export interface TestbedOptions {
  /** The worker's payment system, made for the testbed's database; the fake ledger by default. */
  coreBanking?: (db: Db) => CoreBanking;
  /** The Temporal server; the time-skipping one by default. */
  environment?: () => Promise<TestWorkflowEnvironment>;
}

export async function startApplicationTestbed(
  options: TestbedOptions = {},
): Promise<ApplicationTestbed> {
  const taskQueue = `credit-test-${randomUUID()}`;
  const environment = options.environment ?? timeSkippingEnvironment;
  const [database, env] = await Promise.all([freshDatabase(), environment()]);
  const worker: Worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    taskQueue,
    coreBanking: (options.coreBanking ?? fakeCoreBanking)(database.db),
  });
  const running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  return {
    database,
    env,
    taskQueue,
    stopWorker,
    fileCase: (options = {}) => fileCaseWith(database, env, taskQueue, options),
    close: async () => {
      await stopWorker();
      await env.teardown();
      await database.drop();
    },
  };
}

async function fileCaseWith(
  database: TestDatabase,
  env: TestWorkflowEnvironment,
  taskQueue: string,
  {
    amountFen = 100_000_000,
    indicators = strongIndicators,
    completeFile: complete = true,
  }: FilingOptions,
) {
  const { db } = database;
  const applicant = await userWith(db, ['APPLICANT']);
  const { id } = await insertApplication(db, { ownerId: applicant.id, amountFen, indicators });
  if (complete) await supplyDocumentRows(db, id, applicant.id);
  const input: CreditApplicationInput = {
    applicationId: id,
    filedById: applicant.id,
    bankCode: 'demo-bank',
    policy: pinnedPolicies,
  };
  const handle = await env.client.workflow.start(creditApplicationWorkflow, {
    workflowId: creditApplicationWorkflowId(id),
    taskQueue,
    args: [input],
  });
  /** Polls the workflow's own view until it reaches the step. */
  const untilStep = async (step: ApplicationStep) => {
    for (let i = 0; i < 200; i++) {
      if ((await handle.query(applicationQuery)).step === step) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`case never reached ${step}`);
  };
  return { id, handle, applicant, untilStep };
}
