// The annual re-evaluation on the time-skipping test server with its real activities and a
// real database; its schedule on the dev server, which keeps schedules.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { createWorker } from '../../activities/worker.ts';
import {
  ANNUAL_REEVALUATION_SCHEDULE_ID,
  ensureAnnualReevaluationSchedule,
} from '../../platform/annual-reevaluation-schedule.ts';
import type { Prisma } from '../../prisma/client.ts';
import {
  annualReevaluationWorkflow,
  type AnnualReevaluationInput,
} from '../../workflows/enterprise/annual-reevaluation.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { newUscc, strongIndicators, userWith } from '../support/fixtures.ts';
import {
  localEnvironment,
  testPayloadCodec,
  timeSkippingEnvironment,
  workflowBundle,
} from '../support/temporal.ts';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `registry-test-${randomUUID()}`;

beforeAll(async () => {
  [database, env] = await Promise.all([freshDatabase(), timeSkippingEnvironment()]);
  worker = await createWorker({
    db: database.db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    workflowBundle: await workflowBundle(),
    coreBanking: fakeCoreBanking(database.db),
    registries: fakeRegistries(database.db),
    payloadCodec: testPayloadCodec,
    taskQueue,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

const asOf = '2027-07-01';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A firm as the registry holds it; `snapshot: false` leaves it with its registered figures. */
async function firm(options: {
  snapshot?: boolean;
  ipRights?: Omit<Prisma.IpRightCreateManyInput, 'enterpriseId'>[];
  certificates?: Omit<Prisma.CertificateCreateManyInput, 'enterpriseId'>[];
}) {
  const { db } = database;
  const owner = await userWith(db, ['APPLICANT']);
  // What the firm declared for 2026: the registry derives the IP counts and the certificate route.
  const declared = JSON.parse(
    JSON.stringify({ ...strongIndicators, ip: undefined, directRoutes: undefined }),
  );
  const enterprise = await db.enterprise.create({
    data: {
      name: '武汉年度复评科技有限公司',
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: strongIndicators,
      ownerId: owner.id,
      ...(options.snapshot !== false && {
        snapshots: { create: { year: 2026, indicators: declared } },
      }),
      ipRights: { createMany: { data: options.ipRights ?? [] } },
      certificates: { createMany: { data: options.certificates ?? [] } },
    },
  });
  return enterprise.id;
}

const run = (workflowId: string, input: AnnualReevaluationInput) =>
  env.client.workflow.start(annualReevaluationWorkflow, {
    workflowId,
    taskQueue,
    args: [input],
  });

const counts = async () => ({
  assessments: await database.db.assessment.count(),
  audit: await database.db.auditEvent.count(),
});

describe('annual re-evaluation', () => {
  let firms: Record<'lapsing' | 'expired' | 'unscored' | 'plain1' | 'plain2', string>;

  beforeAll(async () => {
    const patent = { title: '一种传感器', status: 'VALID' as const, tiedToProduct: true };
    firms = {
      // Its invention patent lapses before the run; its certificate runs out 76 days after it.
      lapsing: await firm({
        ipRights: [
          { ...patent, type: 'INVENTION_PATENT', number: 'ZL1', expiresOn: day('2027-03-31') },
          { ...patent, type: 'UTILITY_MODEL', number: 'ZL2', expiresOn: null },
        ],
        certificates: [
          {
            kind: 'HIGH_TECH',
            number: 'GR1',
            validFrom: day('2024-09-16'),
            validUntil: day('2027-09-15'),
          },
        ],
      }),
      expired: await firm({
        certificates: [
          {
            kind: 'HIGH_TECH',
            number: 'GR2',
            validFrom: day('2024-07-01'),
            validUntil: day('2027-06-30'),
          },
          {
            kind: 'TECH_SME',
            number: '2027420100001',
            validFrom: day('2027-05-01'),
            validUntil: null,
          },
        ],
      }),
      // No snapshot: nothing to score, but its certificate is watched all the same (day 90).
      unscored: await firm({
        snapshot: false,
        certificates: [
          {
            kind: 'HIGH_TECH',
            number: 'GR3',
            validFrom: day('2024-09-30'),
            validUntil: day('2027-09-29'),
          },
        ],
      }),
      plain1: await firm({}),
      plain2: await firm({}),
    };
  });

  it('recomputes every firm on the run date, flags certificates and records the run', async () => {
    const before = await counts();
    // Two firms a page and one page a run: the five firms take three runs chained by continue-as-new.
    const handle = await run('annual-reevaluation-test-1', {
      runId: 'run-2027',
      asOf,
      pageSize: 2,
      pagesPerRun: 1,
    });
    const result = await handle.result();
    expect(result).toEqual({
      runId: 'run-2027',
      asOf,
      totals: {
        enterprises: 5,
        assessed: 4,
        withoutSnapshot: 1,
        invalidData: 0,
        certificatesExpiring: 2,
        certificatesExpired: 1,
      },
    });
    const latestRun = await env.client.workflow.getHandle(handle.workflowId).describe();
    expect(latestRun.runId).not.toBe(handle.firstExecutionRunId);

    const { db } = database;
    expect((await counts()).assessments - before.assessments).toBe(4);
    const lapsing = await db.enterprise.findUniqueOrThrow({ where: { id: firms.lapsing } });
    expect(lapsing.indicators).toMatchObject({
      asOf,
      ip: { classI: 0, classII: 1 },
      directRoutes: { highTechCertValid: true },
    });
    const expired = await db.enterprise.findUniqueOrThrow({ where: { id: firms.expired } });
    expect(expired.indicators).toMatchObject({ asOf, directRoutes: { highTechCertValid: false } });
    const unscored = await db.enterprise.findUniqueOrThrow({ where: { id: firms.unscored } });
    expect(unscored.indicators).toEqual(strongIndicators);

    const trail = await db.auditEvent.findMany({ where: { action: 'annually_reevaluated' } });
    expect(trail.map((e) => e.entityId).sort()).toEqual(Object.values(firms).sort());
    const flagged = (id: string) =>
      (trail.find((e) => e.entityId === id)!.data as { outcome: { certificates: object[] } })
        .outcome.certificates;
    expect(flagged(firms.lapsing)).toEqual([
      expect.objectContaining({ number: 'GR1', expiringWithin90Days: true, daysLeft: 76 }),
    ]);
    expect(flagged(firms.expired)).toEqual([
      expect.objectContaining({ number: 'GR2', expired: true, daysLeft: -1 }),
    ]);
    expect(flagged(firms.unscored)).toEqual([
      expect.objectContaining({ number: 'GR3', expiringWithin90Days: true, daysLeft: 90 }),
    ]);
    expect(flagged(firms.plain1)).toEqual([]);
    const completed = await db.auditEvent.findMany({
      where: { entityType: 'ReevaluationRun', action: 'completed' },
    });
    expect(completed.map((e) => e.data)).toEqual([result]);
  });

  it('writes nothing twice when the same run id runs again, and runs afresh under a new id', async () => {
    const input = { runId: 'run-2027-again', asOf, pageSize: 3 };
    const first = await (await run('annual-reevaluation-test-2', input)).result();
    const after = await counts();
    const again = await (await run('annual-reevaluation-test-3', input)).result();
    expect(again).toEqual(first);
    expect(await counts()).toEqual(after);

    await (await run('annual-reevaluation-test-4', { ...input, runId: 'run-2027-bis' })).result();
    expect((await counts()).assessments - after.assessments).toBe(4);
  });
});

describe('annual re-evaluation schedule', () => {
  it('is created once, for 1 July 02:00 in Shanghai', async () => {
    const dev = await localEnvironment();
    try {
      expect(await ensureAnnualReevaluationSchedule(dev.client)).toBe('created');
      expect(await ensureAnnualReevaluationSchedule(dev.client)).toBe('exists');
      const schedule = await dev.client.schedule
        .getHandle(ANNUAL_REEVALUATION_SCHEDULE_ID)
        .describe();
      expect(schedule.action).toMatchObject({ workflowType: 'annualReevaluationWorkflow' });
      const next = schedule.info.nextActionTimes[0]!;
      // 02:00 in UTC+8 is 18:00 UTC the day before.
      expect(next.toISOString()).toMatch(/^\d{4}-06-30T18:00:00\.000Z$/);
    } finally {
      await dev.teardown();
    }
  });
});
