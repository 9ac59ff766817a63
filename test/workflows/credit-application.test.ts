// The credit-application workflow from filing to a live loan, on the real time-skipping
// server with its real activities writing to a real database.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar.ts';
import { monthsAfter, repaymentSchedule } from '../../domain/loan/repayment-schedule.ts';
import { loanWorkflowId } from '../../domain/contracts/loan.ts';
import {
  applicationQuery,
  confirmConditionsUpdate,
  decideUpdate,
  respondToOfferUpdate,
  reviewUpdate,
  withdrawUpdate,
  type DecisionInput,
} from '../../domain/contracts/credit.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
  type FiledApplication,
} from '../support/application-testbed.ts';
import { proposedTerms } from '../support/fixtures.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());

const officer = { userId: randomUUID(), role: 'OFFICER' as const };
const approver = {
  userId: randomUUID(),
  role: 'APPROVER' as const,
  level: 'BRANCH_APPROVER' as const,
};
const approval = (amountFen: number, conditions: string[] = []): DecisionInput => ({
  actor: approver,
  outcome: 'approve',
  amountFen,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-principal',
  conditions,
});

async function reviewAndApprove(c: FiledApplication, decision: DecisionInput) {
  await c.untilStep('review');
  await c.handle.executeUpdate(reviewUpdate, {
    args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
  });
  await c.untilStep('approval');
  await c.handle.executeUpdate(decideUpdate, { args: [decision] });
}

const applicantOf = (c: FiledApplication) => ({
  userId: c.applicant.id,
  role: 'APPLICANT' as const,
});

describe('credit application workflow', () => {
  it('runs a case from filing to a live loan: offer, contract, one disbursement, schedule', async () => {
    const c = await testbed.fileCase();
    await reviewAndApprove(c, approval(80_000_000));
    await c.untilStep('offer');
    await c.handle.executeUpdate(respondToOfferUpdate, {
      args: [{ actor: applicantOf(c), response: 'accept' }],
    });
    const result = await c.handle.result();
    expect(result).toMatchObject({ step: 'closed', end: 'disbursed', outcome: 'approve' });

    const { db } = testbed.database;
    const application = await db.application.findUniqueOrThrow({
      where: { id: c.id },
      include: { assessments: true, decisions: true, letters: true, tasks: true, offer: true },
    });
    expect(application.status).toBe('DISBURSED');
    expect(application).toMatchObject({ grade: 'A', approvalLevel: 'SUB_BRANCH_APPROVER' });
    expect(application.decisions.find((d) => d.stage === 'APPROVAL')).toMatchObject({
      actorId: approver.userId,
      amountFen: 80_000_000n,
      level: 'SUB_BRANCH_APPROVER',
      policyVersion: 'credit-track@2026.2',
    });
    expect(application.offer?.status).toBe('ACCEPTED');
    expect(application.tasks.every((t) => t.status === 'DONE')).toBe(true);
    expect(application.letters.map((l) => `${l.kind}:${l.language}`).sort()).toEqual([
      'approval:en',
      'approval:zh',
    ]);

    const loan = await db.loan.findUniqueOrThrow({
      where: { id: result.loanId },
      include: { disbursements: true },
    });
    expect(loan).toMatchObject({
      status: 'LIVE',
      amountFen: 80_000_000n,
      dayCount: 'ACT/360',
      dueDateRule: 'following',
    });
    expect(loan.disbursements).toHaveLength(1);
    expect(await db.fakeCoreBankingTransfer.count({ where: { amountFen: 80_000_000n } })).toBe(1);
    const rows = loan.schedule as { principalFen: number; dueDate: string }[];
    expect(rows).toHaveLength(24);
    expect(rows.reduce((sum, r) => sum + r.principalFen, 0)).toBe(80_000_000);
    expect(rows.filter((r) => !isWorkingDay(r.dueDate))).toEqual([]);
    const valueDate = loan.disbursedOn!.toISOString().slice(0, 10);
    expect(rows).toEqual(
      repaymentSchedule({
        method: 'equal-principal',
        principalFen: 80_000_000,
        annualRate: '0.0385',
        termMonths: 24,
        valueDate,
        firstDueDate: monthsAfter(valueDate, 1),
        dayCount: 'ACT/360',
        dueDateRule: 'following',
      }).rows,
    );
    const monitoring = await testbed.env.client.workflow
      .getHandle(loanWorkflowId(loan.id))
      .describe();
    expect(monitoring.status.name).toBe('RUNNING');
    const trail = await db.auditEvent.findMany({
      where: { entityId: c.id },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'file_completed',
        'assessed',
        'routed',
        'reviewed',
        'approved',
        'offer_made',
        'offer_accepted',
        'contract_signed',
        'disbursed',
      ]),
    );
  });

  it('rejects with reasons and issues a rejection letter', async () => {
    const c = await testbed.fileCase();
    await c.untilStep('review');
    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'reject', reasons: ['经营现金流不足'] }],
    });
    await c.untilStep('approval');
    await c.handle.executeUpdate(decideUpdate, {
      args: [{ actor: approver, outcome: 'reject', reasons: ['经营现金流不足以覆盖还款'] }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'rejected', outcome: 'reject' });
    const application = await testbed.database.db.application.findUniqueOrThrow({
      where: { id: c.id },
      include: { letters: true },
    });
    expect(application.status).toBe('REJECTED');
    expect(application.letters.map((l) => l.kind)).toEqual(['rejection', 'rejection']);
  });

  it('refuses an approval by the reviewer (four eyes) and changes nothing', async () => {
    const c = await testbed.fileCase();
    await c.untilStep('review');
    const both = { userId: randomUUID(), role: 'OFFICER' as const };
    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: both, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    const refusal = c.handle.executeUpdate(decideUpdate, {
      args: [{ ...approval(1), actor: { ...approver, userId: both.userId } }],
    });
    await expect(refusal).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refusal).rejects.toMatchObject({ cause: { type: 'FourEyesViolation' } });
    const decisions = await testbed.database.db.decision.findMany({
      where: { applicationId: c.id },
    });
    expect(decisions.map((d) => d.stage)).toEqual(['REVIEW']);
    await c.handle.terminate('test over');
  });

  it('refuses a review by the originator and an amount above the one applied for', async () => {
    const c = await testbed.fileCase({ amountFen: 50_000_000 });
    await c.untilStep('review');
    await expect(
      c.handle.executeUpdate(reviewUpdate, {
        args: [
          {
            actor: { ...officer, userId: c.applicant.id },
            recommendation: 'approve',
            reasons: [],
            proposal: proposedTerms,
          },
        ],
      }),
    ).rejects.toMatchObject({ cause: { type: 'FourEyesViolation' } });
    await c.handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
    });
    await c.untilStep('approval');
    await expect(
      c.handle.executeUpdate(decideUpdate, { args: [approval(50_000_001)] }),
    ).rejects.toMatchObject({ cause: { type: 'BusinessRule' } });
    await c.handle.terminate('test over');
  });

  it('lets the applicant withdraw before the decision, and not after', async () => {
    const c = await testbed.fileCase();
    await c.untilStep('review');
    await c.handle.executeUpdate(withdrawUpdate, {
      args: [{ actor: applicantOf(c), reason: '已获其他融资' }],
    });
    expect(await c.handle.result()).toMatchObject({ step: 'closed', end: 'withdrawn' });
    const application = await testbed.database.db.application.findUniqueOrThrow({
      where: { id: c.id },
      include: { tasks: true },
    });
    expect(application.status).toBe('WITHDRAWN');
    expect(application.tasks.map((t) => t.status)).toEqual(['CANCELLED']);

    const decided = await testbed.fileCase();
    await reviewAndApprove(decided, approval(80_000_000));
    await decided.untilStep('offer');
    await expect(
      decided.handle.executeUpdate(withdrawUpdate, { args: [{ actor: applicantOf(decided) }] }),
    ).rejects.toMatchObject({ cause: { type: 'InvalidState' } });
    await decided.handle.terminate('test over');
  });

  it('closes a declined offer, and an offer left unanswered expires with its letter', async () => {
    const declined = await testbed.fileCase();
    await reviewAndApprove(declined, approval(80_000_000));
    await declined.untilStep('offer');
    await declined.handle.executeUpdate(respondToOfferUpdate, {
      args: [{ actor: applicantOf(declined), response: 'decline' }],
    });
    expect(await declined.handle.result()).toMatchObject({ end: 'offer-declined' });

    const lapsed = await testbed.fileCase();
    await reviewAndApprove(lapsed, approval(80_000_000));
    await lapsed.untilStep('offer');
    await testbed.env.sleep('31 days');
    expect(await lapsed.handle.result()).toMatchObject({ end: 'offer-expired' });
    const application = await testbed.database.db.application.findUniqueOrThrow({
      where: { id: lapsed.id },
      include: { offer: true, letters: true },
    });
    expect(application.status).toBe('OFFER_EXPIRED');
    expect(application.offer?.status).toBe('EXPIRED');
    expect(application.letters.map((l) => l.kind)).toContain('offer_expiry');
  });

  it('holds a conditional approval until an officer confirms its conditions', async () => {
    const c = await testbed.fileCase();
    await reviewAndApprove(c, approval(60_000_000, ['提供实际控制人连带责任保证']));
    await c.untilStep('offer');
    await c.handle.executeUpdate(respondToOfferUpdate, {
      args: [{ actor: applicantOf(c), response: 'accept' }],
    });
    await c.untilStep('conditions');
    await expect(
      c.handle.executeUpdate(confirmConditionsUpdate, {
        args: [{ actor: { ...approver, role: 'APPROVER' }, evidence: ['保证合同 BZ-1'] }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'InsufficientAuthority' } });
    expect((await c.handle.query(applicationQuery)).step).toBe('conditions');
    await c.handle.executeUpdate(confirmConditionsUpdate, {
      args: [{ actor: officer, evidence: ['保证合同 BZ-1'] }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
    const letters = await testbed.database.db.letter.findMany({ where: { applicationId: c.id } });
    expect(letters.map((l) => l.kind)).toEqual(['conditional_approval', 'conditional_approval']);
  });
});
