// Hosts the workflows and their activities on the task queue.
import { fileURLToPath } from 'node:url';
import type { PayloadCodec } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { Db } from '../prisma/client.ts';
import { TASK_QUEUE } from '../domain/contracts/shared.ts';
import type { CoreBanking } from './core-banking.ts';
import { createCreditActivities } from './credit/index.ts';
import { createEquityActivities } from './equity/index.ts';
import { createFundActivities } from './fund/index.ts';
import { createGuaranteeActivities } from './guarantee/index.ts';
import { createLoanActivities } from './loan/monitoring.ts';
import { createReevaluationActivities } from './enterprise/reevaluation.ts';
import { createPledgeActivities } from './pledge/index.ts';
import type { Registries } from '../domain/contracts/registries.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerDeps {
  db: Db;
  connection: NativeConnection;
  namespace: string;
  /** Tests pass a prebuilt bundle to skip re-bundling the workflow code. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** The bank's payment system: always chosen by the caller, so no fake is ever implicit. */
  coreBanking: CoreBanking;
  /** The patent office and the market-regulation registry, as chosen like core banking. */
  registries: Registries;
  /** Encrypts what the worker hands Temporal; the clients of the same workflows use the same. */
  payloadCodec: PayloadCodec;
}

export function createWorker({
  db,
  connection,
  namespace,
  workflowBundle,
  taskQueue,
  publicBaseUrl,
  coreBanking,
  registries,
  payloadCodec,
}: WorkerDeps) {
  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueue ?? TASK_QUEUE,
    dataConverter: { payloadCodecs: [payloadCodec] },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
    activities: {
      ...createCreditActivities({ db, coreBanking, publicBaseUrl }),
      ...createReevaluationActivities({ db }),
      ...createLoanActivities({ db }),
      ...createPledgeActivities({ db, registries, publicBaseUrl }),
      ...createGuaranteeActivities({ db, publicBaseUrl }),
      ...createEquityActivities({ db, publicBaseUrl }),
      ...createFundActivities({ db }),
    },
  });
}
