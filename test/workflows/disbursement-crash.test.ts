// "A retry or a replay can never pay twice": the worker goes down in the middle of a
// disbursement, after the bank booked the transfer and before our side learnt of it; a second
// worker takes the retry. The case must end with one transfer, one PAID disbursement, and a
// history that replays without running anything.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCoreBanking, type CoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import type { Db } from '../../prisma/client.ts';
import {
  decideUpdate,
  respondToOfferUpdate,
  reviewUpdate,
  type DecisionInput,
} from '../../domain/contracts/credit.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { localEnvironment, testPayloadCodec, workflowBundle } from '../support/temporal.ts';
import { proposedTerms } from '../support/fixtures.ts';

/** The bank books the transfer and its answer never comes back to the worker that asked. */
function silentAfterBooking(db: Db) {
  let booked!: () => void;
  const bookedOnce = new Promise<void>((resolve) => (booked = resolve));
  const coreBanking: CoreBanking = {
    async transfer(request) {
      await fakeCoreBanking(db).transfer(request);
      booked();
      // Pending for good: the call ends only when its worker goes down under it.
      return Context.current().cancelled;
    },
  };
  return { coreBanking, bookedOnce };
}

let bank: ReturnType<typeof silentAfterBooking>;
let testbed: ApplicationTestbed;
let rescuer: Worker | undefined;
let rescuing: Promise<void> | undefined;

beforeAll(async () => {
  // The dev server, not the time-skipping one: that one holds its clock while a task is in
  // flight and keeps the case's next task for the lost worker's sticky queue.
  testbed = await startApplicationTestbed({
    environment: localEnvironment,
    coreBanking: (db) => {
      bank = silentAfterBooking(db);
      return bank.coreBanking;
    },
  });
});
afterAll(async () => {
  rescuer?.shutdown();
  await rescuing;
  await testbed?.close();
});

const officer = { userId: randomUUID(), role: 'OFFICER' as const };
const approval: DecisionInput = {
  actor: { userId: randomUUID(), role: 'APPROVER', level: 'BRANCH_APPROVER' },
  outcome: 'approve',
  amountFen: 80_000_000,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-principal',
  conditions: [],
};

describe('a worker lost in the middle of a disbursement', () => {
  it('pays once: the retry on another worker finds the booking, and a replay runs nothing', async () => {
    const { db } = testbed.database;
    const c = await testbed.fileCase();
    await c.untilStep('review');
    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    await c.handle.executeUpdate(decideUpdate, { args: [approval] });
    await c.untilStep('offer');
    await c.handle.executeUpdate(respondToOfferUpdate, {
      args: [{ actor: { userId: c.applicant.id, role: 'APPLICANT' }, response: 'accept' }],
    });

    // The bank has paid; our side has not recorded it.
    await bank.bookedOnce;
    const loan = await db.loan.findUniqueOrThrow({ where: { applicationId: c.id } });
    expect(await db.disbursement.findMany({ where: { loanId: loan.id } })).toMatchObject([
      { status: 'PENDING', transferReference: null },
    ]);
    expect(await db.fakeCoreBankingTransfer.count()).toBe(1);

    // Down it goes with the attempt in flight; only then does another worker come up.
    await testbed.stopWorker();
    rescuer = await createWorker({
      db,
      connection: testbed.env.nativeConnection,
      namespace: testbed.env.namespace ?? 'default',
      workflowBundle: await workflowBundle(),
      coreBanking: fakeCoreBanking(db),
      registries: fakeRegistries(db),
      payloadCodec: testPayloadCodec,
      taskQueue: testbed.taskQueue,
    });
    rescuing = rescuer.run();

    expect(await c.handle.result()).toMatchObject({ end: 'disbursed', loanId: loan.id });
    const transfers = await db.fakeCoreBankingTransfer.findMany();
    expect(transfers).toHaveLength(1);
    const disbursements = await db.disbursement.findMany({ where: { loanId: loan.id } });
    expect(disbursements).toMatchObject([
      { status: 'PAID', amountFen: 80_000_000n, transferReference: transfers[0]!.reference },
    ]);
    expect(transfers[0]!.idempotencyKey).toBe(disbursements[0]!.key);
    expect((await db.loan.findUniqueOrThrow({ where: { id: loan.id } })).status).toBe('LIVE');
    expect(await db.auditEvent.count({ where: { entityId: c.id, action: 'disbursed' } })).toBe(1);

    // The history holds one disburse activity, completed by its second attempt.
    const history = await c.handle.fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'disburse',
    );
    expect(scheduled).toHaveLength(1);
    const ofDisburse = (id: unknown) => Number(id) === Number(scheduled[0]!.eventId);
    const started = events
      .map((e) => e.activityTaskStartedEventAttributes)
      .filter((a) => ofDisburse(a?.scheduledEventId));
    expect(started.map((a) => a?.attempt)).toEqual([2]);
    expect(started[0]?.lastFailure?.message).toMatch(/worker is shutting down/i);
    expect(
      events.filter((e) => ofDisburse(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
    ).toHaveLength(1);

    // A replay worker has no activities: the code reruns against the recorded results, and a
    // step that would act anew fails the replay as nondeterministic.
    await Worker.runReplayHistory(
      {
        workflowBundle: await workflowBundle(),
        dataConverter: { payloadCodecs: [testPayloadCodec] },
      },
      history,
      c.handle.workflowId,
    );
    expect(await db.fakeCoreBankingTransfer.count()).toBe(1);
    expect(await db.disbursement.count()).toBe(1);
  });
});
