// A person acts the moment the record shows their step; the workflow must not be a moment
// behind its own records and refuse them. Here the decision task is held while it is being
// opened: the approver's decision, sent meanwhile, is accepted, and recorded only once the
// task is on record, so the trail still reads "task opened, then decided".
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { createCreditActivities } from '../../activities/credit/index.ts';
import { decideUpdate, reviewUpdate, type DecisionInput } from '../../domain/contracts/credit.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { proposedTerms } from '../support/fixtures.ts';
import { localEnvironment, testPayloadCodec, workflowBundle } from '../support/temporal.ts';

let testbed: ApplicationTestbed;
let worker: Worker;
let running: Promise<void>;
let openingDecision!: () => void;
const decisionTaskOpening = new Promise<void>((resolve) => (openingDecision = resolve));
let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  testbed = await startApplicationTestbed({ environment: localEnvironment });
  await testbed.stopWorker();
  const { db } = testbed.database;
  const real = createCreditActivities({ db, coreBanking: fakeCoreBanking(db) });
  worker = await Worker.create({
    connection: testbed.env.nativeConnection,
    namespace: testbed.env.namespace ?? 'default',
    taskQueue: testbed.taskQueue,
    workflowBundle: await workflowBundle(),
    dataConverter: { payloadCodecs: [testPayloadCodec] },
    activities: {
      ...real,
      // The decision task is slow to open, as under load or across a worker restart.
      openTask: async (input: Parameters<typeof real.openTask>[0]) => {
        if (input.task.kind === 'DECISION') {
          openingDecision();
          await released;
        }
        return real.openTask(input);
      },
    },
  });
  running = worker.run();
});

afterAll(async () => {
  release();
  worker?.shutdown();
  await running;
  await testbed?.close();
});

const approval: DecisionInput = {
  actor: { userId: randomUUID(), role: 'APPROVER', level: 'BRANCH_APPROVER' },
  outcome: 'approve',
  amountFen: 80_000_000,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-principal',
  conditions: [],
};

describe('an act that arrives while its step is being put on record', () => {
  it('is accepted, and recorded after the step', async () => {
    const { db } = testbed.database;
    const c = await testbed.fileCase();
    await c.untilStep('review');
    await c.handle.executeUpdate(reviewUpdate, {
      args: [
        {
          actor: { userId: randomUUID(), role: 'OFFICER' },
          recommendation: 'approve',
          reasons: [],
          proposal: proposedTerms,
        },
      ],
    });
    await decisionTaskOpening;

    const deciding = c.handle.executeUpdate(decideUpdate, { args: [approval] });
    const early = await Promise.race([
      deciding.then(
        () => 'recorded before its task',
        (error: Error) => `refused: ${error.message}`,
      ),
      new Promise((resolve) => setTimeout(() => resolve('waiting for its task'), 1_500)),
    ]);
    expect(early).toBe('waiting for its task');

    release();
    await deciding;
    await c.untilStep('offer');
    const trail = await db.auditEvent.findMany({
      where: { entityId: c.id, action: { in: ['decision_task_opened', 'approved'] } },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => e.action)).toEqual(['decision_task_opened', 'approved']);
  });
});
