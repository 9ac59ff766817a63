// A worker with the real activities on a real Temporal server and database, and a way to
// file a case straight into the database, for workflow tests.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWorker } from '../../activities/worker.ts';
import { creditApplicationWorkflow } from '../../workflows/credit-application.ts';
import { creditApplicationWorkflowId } from '../../workflows/ids.ts';
import { caseQuery, type CaseStep, type CreditApplicationInput } from '../../workflows/messages.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { newUscc, strongIndicators, userWith } from './fixtures.ts';
import { timeSkippingEnvironment, workflowBundle } from './temporal.ts';

export interface CaseTestbed {
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  fileCase(amountFen?: number): Promise<FiledCase>;
  close(): Promise<void>;
}

export type FiledCase = Awaited<ReturnType<typeof fileCaseWith>>;

export async function startCaseTestbed(): Promise<CaseTestbed> {
  const taskQueue = `credit-test-${randomUUID()}`;
  const [database, env] = await Promise.all([freshDatabase(), timeSkippingEnvironment()]);
  const worker: Worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    taskQueue,
  });
  const running = worker.run();
  return {
    database,
    env,
    fileCase: (amountFen = 100_000_000) => fileCaseWith(database, env, taskQueue, amountFen),
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.drop();
    },
  };
}

async function fileCaseWith(
  database: TestDatabase,
  env: TestWorkflowEnvironment,
  taskQueue: string,
  amountFen: number,
) {
  const { db } = database;
  const applicant = await userWith(db, ['APPLICANT']);
  const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
  const enterprise = await db.enterprise.create({
    data: {
      name: '武汉测试科技有限公司',
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: strongIndicators,
      ownerId: applicant.id,
    },
  });
  const id = randomUUID();
  const policy = { creditTrack: 'credit-track@2026.1', scorecards: { 'tech-sme': '2017.1' } };
  await db.application.create({
    data: {
      id,
      reference: `T-${id.slice(0, 8)}`,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product: 'credit',
      amountFen: BigInt(amountFen),
      termMonths: 24,
      purpose: 'test',
      workflowId: creditApplicationWorkflowId(id),
      policyVersions: policy,
      filedById: applicant.id,
    },
  });
  const input: CreditApplicationInput = { applicationId: id, filedById: applicant.id, policy };
  const handle = await env.client.workflow.start(creditApplicationWorkflow, {
    workflowId: creditApplicationWorkflowId(id),
    taskQueue,
    args: [input],
  });
  /** Polls the workflow's own view until it reaches the step. */
  const untilStep = async (step: CaseStep) => {
    for (let i = 0; i < 100; i++) {
      if ((await handle.query(caseQuery)).step === step) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`case never reached ${step}`);
  };
  return { id, handle, applicant, untilStep };
}
