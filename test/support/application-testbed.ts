// A worker with the real activities on a real Temporal server and database, and a way to
// file an application as the API does (with its documents at once), for workflow tests.
import { randomUUID } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { fakeCoreBanking, type CoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import type { Db } from '../../prisma/client.ts';
import { fileApplication, type Filing } from '../../api/use-cases/file-application.ts';
import type { GuaranteeRequest } from '../../api/use-cases/request-guarantee.ts';
import { applicationQuery, creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import type { ApplicationStep } from '../../domain/credit/lifecycle.ts';
import type { creditApplicationWorkflow } from '../../workflows/index.ts';
import { insertEnterprise, pdfDocument } from './application-rows.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { strongIndicators, userWith } from './fixtures.ts';
import {
  fakeRegistries,
  type FakeRegistries,
} from '../../activities/registries/fake-registries.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import { completeFileFor } from '../../domain/credit/document-checklist.ts';
import { documentChecklist2026 } from '../../domain/credit/document-checklist.data.ts';
import type { PledgeableIpType } from '../../domain/pledge/collateral.ts';
import { timeSkippingEnvironment, workflowBundle, testPayloadCodec } from './temporal.ts';

export interface ApplicationTestbed {
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  /** The FAKE registries the worker and filings use, for a test to drive. */
  registries: FakeRegistries;
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
  /** A pledge loan instead of a credit loan: the firm's rights (added to its registry), or
   * holdings of its own shares, pledged. */
  pledge?: PledgeSetup;
  /** A guaranteed credit loan: the guarantor and scheme family named at filing. */
  guarantee?: GuaranteeRequest;
}

export type PledgeSetup =
  | { product: 'ip-pledge'; rights: { type: PledgeableIpType; number: string }[] }
  | { product: 'equity-pledge'; holdings: { shareholder: string; shareBp: number }[] };

export interface TestbedOptions {
  /**
   * The worker's payment system, made for the testbed's database; by default the fake ledger,
   * booking at the workflows' time so a loan's schedule runs on the clock that reviews it.
   */
  coreBanking?: (db: Db) => CoreBanking;
  /** The Temporal server; the time-skipping one by default. */
  environment?: () => Promise<TestWorkflowEnvironment>;
  /** The worker's payload codec, the one the environment's client uses; the test key's by default. */
  payloadCodec?: PayloadCodec;
}

export async function startApplicationTestbed(
  options: TestbedOptions = {},
): Promise<ApplicationTestbed> {
  const taskQueue = `credit-test-${randomUUID()}`;
  const environment = options.environment ?? timeSkippingEnvironment;
  const [database, env] = await Promise.all([freshDatabase(), environment()]);
  const registries = fakeRegistries(database.db);
  const worker: Worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    taskQueue,
    coreBanking: (options.coreBanking ?? bookingOnWorkflowTime(env))(database.db),
    registries,
    payloadCodec: options.payloadCodec ?? testPayloadCodec,
  });
  const running = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  return {
    database,
    env,
    registries,
    taskQueue,
    stopWorker,
    fileCase: (options = {}) => fileCaseWith({ database, env, registries, taskQueue }, options),
    close: async () => {
      await stopWorker();
      await env.teardown();
      await database.drop();
    },
  };
}

async function fileCaseWith(
  {
    database,
    env,
    registries,
    taskQueue,
  }: {
    database: TestDatabase;
    env: TestWorkflowEnvironment;
    registries: Registries;
    taskQueue: string;
  },
  {
    amountFen = 100_000_000,
    indicators = strongIndicators,
    completeFile: complete = true,
    pledge,
    guarantee,
  }: FilingOptions,
) {
  const { db } = database;
  const applicant = await userWith(db, ['APPLICANT']);
  const enterprise = await insertEnterprise(db, { ownerId: applicant.id, indicators });
  const common = {
    enterpriseId: enterprise.id,
    bankCode: 'demo-bank',
    amountFen,
    termMonths: 24,
    purpose: '研发投入',
  };
  const filing: Filing = pledge
    ? await pledgeFiling(db, enterprise, common, pledge)
    : { ...common, product: 'credit', ...(guarantee && { guarantee }) };
  const documents = complete
    ? completeFileFor(documentChecklist2026, filing.product).map(pdfDocument)
    : [];
  const { id } = await fileApplication(
    { db, temporal: env.client, registries, taskQueue },
    applicant.id,
    filing,
    { documents },
  );
  const handle = env.client.workflow.getHandle<typeof creditApplicationWorkflow>(
    creditApplicationWorkflowId(id),
  );
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

/** The firm's rights entered in its registry (or its shares named) and the pledge filing. */
async function pledgeFiling(
  db: Db,
  enterprise: { id: string; uscc: string; name: string },
  common: Omit<Filing, 'product'>,
  pledge: PledgeSetup,
): Promise<Filing> {
  if (pledge.product === 'ip-pledge') {
    await db.ipRight.createMany({
      data: pledge.rights.map((r) => ({
        enterpriseId: enterprise.id,
        type: r.type,
        number: r.number,
        title: `专利 ${r.number}`,
        status: 'VALID' as const,
      })),
    });
    return {
      ...common,
      product: pledge.product,
      collateral: pledge.rights.map((r) => ({ kind: r.type, number: r.number })),
    };
  }
  return {
    ...common,
    product: pledge.product,
    collateral: pledge.holdings.map((h) => ({
      kind: 'EQUITY' as const,
      companyUscc: enterprise.uscc,
      companyName: enterprise.name,
      shareholder: h.shareholder,
      subscribedFen: h.shareBp * 100_000,
      shareBp: h.shareBp,
    })),
  };
}

const bookingOnWorkflowTime = (env: TestWorkflowEnvironment) => (db: Db) =>
  fakeCoreBanking(db, async () => new Date(await env.currentTimeMs()));
