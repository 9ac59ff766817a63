// Post-loan monitoring on the time-skipping test server, with its real activities writing to
// a real database. Loans are opened straight in the database, as a disbursement leaves them.
import { loanLifecycle } from '../../domain/loan/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import { repaymentSchedule, type RepaymentRow } from '../../domain/loan/repayment-schedule.ts';
import type { Prisma } from '../../prisma/client.ts';
import { loanWorkflowId } from '../../domain/contracts/loan.ts';
import { loanMonitoringWorkflow } from '../../workflows/loan/monitoring.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import { loanQuery, recordRepaymentUpdate } from '../../domain/contracts/loan.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { eventually } from '../support/eventually.ts';
import { newUscc, strongIndicators, userWith } from '../support/fixtures.ts';

// The case testbed's worker and database; loans are opened here, without their cases' workflows.
let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());

// Loans left running would be reviewed every day the later tests skip.
const started: WorkflowHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.terminate().catch(() => undefined)));
});

const DAY_MS = 86_400_000;
const POLICY = 'classification@2026.1';
const officer = { userId: randomUUID(), role: 'OFFICER' as const };

const plusDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const today = async () => shanghaiDate(new Date(await testbed.env.currentTimeMs()));

/** Skips to half past midnight in Shanghai on `iso`, after that day's review has started. */
async function advanceTo(iso: string) {
  await testbed.env.sleep(
    Date.parse(`${iso}T00:30:00+08:00`) - (await testbed.env.currentTimeMs()),
  );
}

interface LoanOptions {
  firstDueDate: string;
  termMonths?: number;
  certificates?: Omit<Prisma.CertificateCreateManyInput, 'enterpriseId'>[];
  ipRights?: Omit<Prisma.IpRightCreateManyInput, 'enterpriseId'>[];
}

/** A disbursed loan of ¥120,000 at 3.6% (30/360), equal principal, and its workflow started. */
async function openLoan({ firstDueDate, termMonths = 12, certificates, ipRights }: LoanOptions) {
  const { db } = testbed.database;
  const owner = await userWith(db, ['APPLICANT']);
  const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
  const enterprise = await db.enterprise.create({
    data: {
      name: '武汉贷后科技有限公司',
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: strongIndicators,
      ownerId: owner.id,
      certificates: { createMany: { data: certificates ?? [] } },
      ipRights: { createMany: { data: ipRights ?? [] } },
    },
  });
  const applicationId = randomUUID();
  const loanId = randomUUID();
  await db.application.create({
    data: {
      id: applicationId,
      reference: `L-${applicationId.slice(0, 8)}`,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product: 'credit',
      amountFen: 120_000_00n,
      termMonths,
      purpose: 'loan monitoring test',
      status: 'DISBURSED',
      workflowId: `credit-application:${applicationId}`,
      policyVersions: {},
      filedById: owner.id,
    },
  });
  const { rows } = repaymentSchedule({
    method: 'equal-principal',
    principalFen: 120_000_00,
    annualRate: '0.036',
    termMonths,
    firstDueDate,
    dayCount: '30/360',
    dueDateRule: 'unadjusted',
  });
  const disbursedOn = plusDays(firstDueDate, -30);
  await db.loan.create({
    data: {
      id: loanId,
      contractNumber: `HT-${loanId.slice(0, 8)}`,
      applicationId,
      bankId: bank.id,
      amountFen: 120_000_00n,
      annualRate: '0.036',
      termMonths,
      repaymentMethod: 'equal-principal',
      dayCount: '30/360',
      dueDateRule: 'unadjusted',
      conditions: [],
      status: 'LIVE',
      signedAt: dayOf(disbursedOn),
      signedById: officer.userId,
      disbursedOn: dayOf(disbursedOn),
      schedule: JSON.parse(JSON.stringify(rows)),
      classificationPolicy: POLICY,
      workflowId: loanWorkflowId(loanId),
    },
  });
  const handle = await testbed.env.client.workflow.start(loanMonitoringWorkflow, {
    workflowId: loanWorkflowId(loanId),
    taskQueue: testbed.taskQueue,
    args: [{ loanId, classificationPolicy: POLICY }],
  });
  started.push(handle);
  return { loanId, applicationId, enterpriseId: enterprise.id, handle, rows, disbursedOn };
}

type LoanHandle = Awaited<ReturnType<typeof openLoan>>['handle'];

const repay = (handle: LoanHandle, receivedOn: string, amountFen: number, reference?: string) =>
  handle.executeUpdate(recordRepaymentUpdate, {
    args: [{ actor: officer, receivedOn, amountFen, reference: reference ?? randomUUID() }],
  });

async function refusalOf(update: Promise<unknown>) {
  const error: unknown = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return {
    type: (cause as ApplicationFailure).type,
    message: (cause as ApplicationFailure).message,
  };
}

const snapshotOnceReviewed = (handle: LoanHandle, daysPastDue: number) =>
  eventually(async () => {
    const snapshot = await handle.query(loanQuery);
    expect(snapshot.daysPastDue).toBe(daysPastDue);
    return snapshot;
  });

const auditOf = (loanId: string, action: string) =>
  testbed.database.db.auditEvent.findMany({
    where: { entityType: 'Loan', entityId: loanId, action },
    orderBy: { id: 'asc' },
  });

const warningsOf = (applicationId: string) =>
  testbed.database.db.task.findMany({
    where: { applicationId, kind: 'EARLY_WARNING' },
    orderBy: { key: 'asc' },
  });

const owed = (rows: readonly RepaymentRow[]) => rows.reduce((sum, r) => sum + r.paymentFen, 0);

describe('loan monitoring', () => {
  it('reviews every Shanghai day: one warning per instalment, a repayment brings it back', async () => {
    const start = await today();
    const { loanId, applicationId, handle, rows } = await openLoan({ firstDueDate: start });
    expect(await snapshotOnceReviewed(handle, 0)).toEqual({
      status: 'LIVE',
      classification: 'normal',
      daysPastDue: 0,
      outstandingPrincipalFen: 120_000_00,
    });

    await advanceTo(plusDays(start, 1));
    expect(await snapshotOnceReviewed(handle, 1)).toMatchObject({
      classification: 'special-mention',
    });
    const { db } = testbed.database;
    expect(await db.loan.findUniqueOrThrow({ where: { id: loanId } })).toMatchObject({
      classification: 'special-mention',
      daysPastDue: 1,
    });
    expect((await auditOf(loanId, 'classified')).map((e) => e.data)).toEqual([
      {
        from: 'normal',
        to: 'special-mention',
        daysPastDue: 1,
        policy: POLICY,
        asOf: plusDays(start, 1),
      },
    ]);
    const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
    const reviewedAt = new Date(`${plusDays(start, 1)}T00:05:00+08:00`);
    expect(await warningsOf(applicationId)).toEqual([
      expect.objectContaining({
        key: loanLifecycle.taskKey(loanId, 'EARLY_WARNING', `instalment_past_due:1`),
        role: 'OFFICER',
        institutionId: bank.id,
        status: 'OPEN',
        dueAt: addWorkingDays(reviewedAt, 2),
        detail: {
          cause: 'instalment_past_due',
          asOf: plusDays(start, 1),
          n: 1,
          dueDate: start,
          unpaidFen: rows[0]!.paymentFen,
        },
      }),
    ]);

    // The next reviews find the same instalment past due: still one warning.
    await advanceTo(plusDays(start, 3));
    await snapshotOnceReviewed(handle, 3);
    expect((await warningsOf(applicationId)).length).toBe(1);
    expect((await auditOf(loanId, 'early_warning')).length).toBe(1);

    const after = await repay(handle, plusDays(start, 3), rows[0]!.paymentFen, 'BANK-REF-1');
    expect(after).toEqual({
      status: 'LIVE',
      classification: 'normal',
      daysPastDue: 0,
      outstandingPrincipalFen: 120_000_00 - rows[0]!.principalFen,
    });
    expect((await auditOf(loanId, 'repayment_recorded')).map((e) => e.actorId)).toEqual([
      officer.userId,
    ]);
    expect((await auditOf(loanId, 'classified')).at(-1)?.data).toMatchObject({
      from: 'special-mention',
      to: 'normal',
    });
    // A warning is history: settling the instalment leaves the officer's task as it was.
    expect((await warningsOf(applicationId)).map((t) => t.status)).toEqual(['OPEN']);
  });

  it('closes the loan once nothing is owed and ends; a receipt counts once', async () => {
    const start = await today();
    const { loanId, applicationId, handle, rows } = await openLoan({
      firstDueDate: plusDays(start, -40),
      termMonths: 3,
    });
    await snapshotOnceReviewed(handle, 40);
    const total = owed(rows);

    await repay(handle, start, 1_000_00, 'BANK-REF-A');
    // The same receipt again (a retry under a new update id) changes nothing.
    await repay(handle, start, 1_000_00, 'BANK-REF-A');
    const taken = await refusalOf(repay(handle, start, 2_000_00, 'BANK-REF-A'));
    expect(taken.type).toBe(RefusalType.invalidState);
    expect(await testbed.database.db.repayment.count({ where: { loanId } })).toBe(1);

    const almost = await repay(handle, start, total - 1_000_00 - 1);
    expect(almost).toMatchObject({ status: 'LIVE', outstandingPrincipalFen: 1 });
    const last = await repay(handle, start, 1);
    expect(last).toEqual({
      status: 'REPAID',
      classification: 'normal',
      daysPastDue: 0,
      outstandingPrincipalFen: 0,
    });
    expect(await handle.result()).toEqual(last);

    const loan = await testbed.database.db.loan.findUniqueOrThrow({ where: { id: loanId } });
    expect(loan.status).toBe('REPAID');
    expect(loan.repaidAt).not.toBeNull();
    expect((await auditOf(loanId, 'repaid')).map((e) => e.data)).toEqual([
      { asOf: start, repaidFen: total },
    ]);
    const pastDue = rows.filter((r) => r.dueDate < start);
    expect(pastDue.length).toBeGreaterThan(0);
    expect((await warningsOf(applicationId)).map((t) => [t.key, t.status])).toEqual(
      pastDue.map((r) => [
        loanLifecycle.taskKey(loanId, 'EARLY_WARNING', `instalment_past_due:${r.n}`),
        'OPEN',
      ]),
    );
  });

  it('refuses repayments the loan cannot take', async () => {
    const start = await today();
    const { loanId, handle, rows, disbursedOn } = await openLoan({
      firstDueDate: plusDays(start, 10),
    });
    await snapshotOnceReviewed(handle, 0);
    const refusals = await Promise.all([
      refusalOf(repay(handle, plusDays(start, 1), 100_00)),
      refusalOf(repay(handle, plusDays(disbursedOn, -1), 100_00)),
      refusalOf(repay(handle, start, 0)),
      refusalOf(repay(handle, start, owed(rows) + 1)),
      refusalOf(repay(handle, '2026-02-30', 100_00)),
    ]);
    expect(refusals.map((r) => r.type)).toEqual(Array(5).fill(RefusalType.businessRule));
    expect(refusals.map((r) => r.message)).toEqual([
      expect.stringMatching(/after today/),
      expect.stringMatching(new RegExp(disbursedOn)),
      expect.stringMatching(/positive/),
      expect.stringMatching(/exceeds/),
      expect.stringMatching(/ISO date/),
    ]);
    expect(await testbed.database.db.repayment.count({ where: { loanId } })).toBe(0);
  });

  it("warns once of the firm's expiring high-tech certificate and impaired IP", async () => {
    const start = await today();
    const expiring = {
      kind: 'HIGH_TECH' as const,
      number: `GR${randomUUID().slice(0, 8)}`,
      validFrom: dayOf(plusDays(start, -1000)),
      validUntil: dayOf(plusDays(start, 60)),
    };
    const patent = { title: '一种传感器', tiedToProduct: true, type: 'INVENTION_PATENT' as const };
    const watched = await openLoan({
      firstDueDate: plusDays(start, 10),
      certificates: [expiring],
      ipRights: [
        { ...patent, number: 'ZL-LAPSED', status: 'LAPSED' },
        { ...patent, number: 'ZL-VALID', status: 'VALID' },
      ],
    });
    // A firm that has renewed its certificate has nothing to warn of.
    const renewed = await openLoan({
      firstDueDate: plusDays(start, 10),
      certificates: [
        expiring,
        {
          ...expiring,
          number: `${expiring.number}-2`,
          validFrom: dayOf(plusDays(start, 61)),
          validUntil: dayOf(plusDays(start, 1100)),
        },
      ],
    });
    await advanceTo(plusDays(start, 1));
    await snapshotOnceReviewed(watched.handle, 0);
    const lapsed = await testbed.database.db.ipRight.findFirstOrThrow({
      where: { enterpriseId: watched.enterpriseId, number: 'ZL-LAPSED' },
    });
    await eventually(async () => {
      expect((await auditOf(watched.loanId, 'early_warning')).length).toBe(2);
    });
    expect((await warningsOf(watched.applicationId)).map((t) => [t.key, t.detail])).toEqual([
      [
        loanLifecycle.taskKey(
          watched.loanId,
          'EARLY_WARNING',
          `certificate_expiring:${expiring.number}`,
        ),
        {
          cause: 'certificate_expiring',
          asOf: start,
          number: expiring.number,
          validUntil: plusDays(start, 60),
          daysLeft: 60,
        },
      ],
      [
        loanLifecycle.taskKey(
          watched.loanId,
          'EARLY_WARNING',
          `ip_right_impaired:${lapsed.id}:LAPSED`,
        ),
        {
          cause: 'ip_right_impaired',
          asOf: start,
          ipRightId: lapsed.id,
          type: 'INVENTION_PATENT',
          number: 'ZL-LAPSED',
          status: 'LAPSED',
        },
      ],
    ]);
    await snapshotOnceReviewed(renewed.handle, 0);
    expect(await warningsOf(renewed.applicationId)).toEqual([]);
  });

  it('grades the loan down day by day across runs, and repayments bring it back', async () => {
    const start = await today();
    const { loanId, handle, rows } = await openLoan({ firstDueDate: start });
    await snapshotOnceReviewed(handle, 0);

    const steps = [
      [1, 'special-mention'],
      [90, 'special-mention'],
      [91, 'substandard'],
      [270, 'substandard'],
      [271, 'doubtful'],
    ] as const;
    for (const [days, classification] of steps) {
      await advanceTo(plusDays(start, days));
      expect(await snapshotOnceReviewed(handle, days)).toMatchObject({ classification });
    }
    // 271 daily reviews do not fit one run: the workflow continued as new, keeping its state.
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    expect((await auditOf(loanId, 'classified')).map((e) => (e.data as { to: string }).to)).toEqual(
      ['special-mention', 'substandard', 'doubtful'],
    );

    // Everything due so far: instalments 1 to 9 fell due within the 271 days.
    const due = rows.filter((r) => r.dueDate < plusDays(start, 271));
    expect(due.length).toBe(9);
    const back = await repay(handle, plusDays(start, 271), owed(due));
    expect(back).toMatchObject({ status: 'LIVE', classification: 'normal', daysPastDue: 0 });
    const loan = await testbed.database.db.loan.findUniqueOrThrow({ where: { id: loanId } });
    expect(loan).toMatchObject({ classification: 'normal', daysPastDue: 0 });
  }, 180_000);
});
