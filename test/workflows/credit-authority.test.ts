// The authority matrix and the credit committee as the credit workflow enforces them, on the
// time-skipping server with the real activities writing to a real database.
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import {
  applicationQuery,
  decideUpdate,
  reviewUpdate,
  voteUpdate,
  type DecisionInput,
  type LoanTermsInput,
  type ReviewInput,
} from '../../domain/contracts/credit.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
  type FiledApplication,
} from '../support/application-testbed.ts';
import { eventually } from '../support/eventually.ts';
import { strongIndicators, userWith, proposedTerms } from '../support/fixtures.ts';

let testbed: ApplicationTestbed;
/** demo-bank's whole credit committee while this file runs; every electorate is these four. */
let members: [Actor, Actor, Actor, Actor];
beforeAll(async () => {
  testbed = await startApplicationTestbed();
  const { db } = testbed.database;
  // The seeded demo committee stands down, so each electorate here is exactly the four below.
  await db.user.updateMany({
    where: { roles: { has: 'COMMITTEE_MEMBER' } },
    data: { roles: { set: [] } },
  });
  const users = await Promise.all(
    [1, 2, 3, 4].map(() => userWith(db, ['COMMITTEE_MEMBER'], 'demo-bank')),
  );
  const [a, b, c, d] = users.map((u): Actor => ({ userId: u.id, role: 'COMMITTEE_MEMBER' }));
  members = [a!, b!, c!, d!];
});
afterAll(() => testbed?.close());

const ONE_MILLION = 100_000_000; // fen
const FIVE_MILLION = 500_000_000;
/** R&D at 1% of sales scores nothing: 50 tech-SME points, below the pass mark, so grade E. */
const weakIndicators = { ...strongIndicators, rdExpense: '500000.00' };

const officer: Actor = { userId: randomUUID(), role: 'OFFICER' };
const approverAt = (level: ApprovalLevel): Actor => ({
  userId: randomUUID(),
  role: 'APPROVER',
  level,
});
const terms = (amountFen: number, conditions: string[] = []): LoanTermsInput => ({
  amountFen,
  annualRate: '0.041',
  termMonths: 24,
  repaymentMethod: 'equal-principal',
  conditions,
});
const approval = (actor: Actor, amountFen: number): DecisionInput => ({
  actor,
  outcome: 'approve',
  ...terms(amountFen),
});
const refused = (type: string) => ({ cause: { type } });

const db = () => testbed.database.db;
const task = (key: string) => db().task.findUniqueOrThrow({ where: { key } });
const trail = (id: string, action: string) =>
  db().auditEvent.findMany({ where: { entityId: id, action }, orderBy: { id: 'asc' } });
const approvalDecision = (id: string) =>
  db().decision.findUniqueOrThrow({
    where: { applicationId_stage: { applicationId: id, stage: 'APPROVAL' } },
  });

async function review(c: FiledApplication, input: Partial<ReviewInput> = {}) {
  await c.untilStep('review');
  await c.handle.executeUpdate(reviewUpdate, {
    args: [
      { actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms, ...input },
    ],
  });
  await c.untilStep('approval');
}

/** A grade-E case before the committee, on the terms the officer proposed. */
async function committeeCase(proposal = terms(ONE_MILLION)) {
  const c = await testbed.fileCase({ amountFen: ONE_MILLION, indicators: weakIndicators });
  await review(c, { proposal });
  return c;
}

const vote = (
  c: FiledApplication,
  member: Actor,
  choice: 'approve' | 'reject',
  reasons: string[] = [],
) => c.handle.executeUpdate(voteUpdate, { args: [{ actor: member, choice, reasons }] });

const stepOf = async (c: FiledApplication) => (await c.handle.query(applicationQuery)).step;

/** Skips the server's time to an hour past `due`. */
async function sleepPast(due: Date) {
  const now = await testbed.env.currentTimeMs();
  await testbed.env.sleep(due.getTime() - now + 3_600_000);
}

describe('authority levels', () => {
  it('routes a ¥1m grade-A case to a sub-branch approver, who decides it', async () => {
    const c = await testbed.fileCase({ amountFen: ONE_MILLION });
    await review(c);
    expect(await db().application.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      grade: 'A',
      approvalLevel: 'SUB_BRANCH_APPROVER',
      status: 'AWAITING_DECISION',
    });
    const key = creditApplication.taskKey(c.id, 'DECISION', 'SUB_BRANCH_APPROVER');
    expect(await task(key)).toMatchObject({
      kind: 'DECISION',
      level: 'SUB_BRANCH_APPROVER',
      status: 'OPEN',
    });
    expect((await c.handle.query(applicationQuery)).level).toBe('SUB_BRANCH_APPROVER');

    const subBranch = approverAt('SUB_BRANCH_APPROVER');
    await c.handle.executeUpdate(decideUpdate, { args: [approval(subBranch, ONE_MILLION)] });
    await c.untilStep('offer');
    expect(await approvalDecision(c.id)).toMatchObject({
      outcome: 'APPROVE',
      actorId: subBranch.userId,
      level: 'SUB_BRANCH_APPROVER',
    });
    expect((await task(key)).status).toBe('DONE');
    await c.handle.terminate('test over');
  });

  it('routes a ¥5m case to a branch approver and refuses a sub-branch approver', async () => {
    const c = await testbed.fileCase({ amountFen: FIVE_MILLION });
    await review(c);
    expect(await db().application.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      grade: 'A',
      approvalLevel: 'BRANCH_APPROVER',
    });
    expect(
      await task(creditApplication.taskKey(c.id, 'DECISION', 'BRANCH_APPROVER')),
    ).toMatchObject({
      kind: 'DECISION',
      level: 'BRANCH_APPROVER',
      status: 'OPEN',
    });

    // The case's level binds, whatever amount the lower approver would grant.
    const subBranch = approverAt('SUB_BRANCH_APPROVER');
    for (const decision of [
      approval(subBranch, FIVE_MILLION),
      approval(subBranch, ONE_MILLION),
      { actor: subBranch, outcome: 'reject' as const, reasons: ['超出授权'] },
    ]) {
      await expect(
        c.handle.executeUpdate(decideUpdate, { args: [decision] }),
      ).rejects.toMatchObject(refused(RefusalType.authority));
    }
    expect(await db().decision.count({ where: { applicationId: c.id, stage: 'APPROVAL' } })).toBe(
      0,
    );

    const branch = approverAt('BRANCH_APPROVER');
    await c.handle.executeUpdate(decideUpdate, {
      args: [{ actor: branch, outcome: 'reject', reasons: ['还款来源不足'] }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'rejected', outcome: 'reject' });
    expect(await approvalDecision(c.id)).toMatchObject({
      actorId: branch.userId,
      level: 'BRANCH_APPROVER',
      reasons: ['还款来源不足'],
    });
  });

  it('sends a firm failing the tech-SME card (grade E) to the committee, past any approver', async () => {
    const c = await testbed.fileCase({ amountFen: ONE_MILLION, indicators: weakIndicators });
    await c.untilStep('review');
    await expect(
      c.handle.executeUpdate(reviewUpdate, {
        args: [{ actor: officer, recommendation: 'approve', reasons: [] }],
      }),
    ).rejects.toMatchObject(refused(RefusalType.businessRule));
    await review(c, { proposal: terms(ONE_MILLION) });

    expect(await db().application.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      grade: 'E',
      approvalLevel: 'CREDIT_COMMITTEE',
    });
    expect(await task(creditApplication.taskKey(c.id, 'COMMITTEE'))).toMatchObject({
      kind: 'COMMITTEE',
      role: 'COMMITTEE_MEMBER',
      level: 'CREDIT_COMMITTEE',
      status: 'OPEN',
    });
    expect(await db().task.count({ where: { applicationId: c.id, kind: 'DECISION' } })).toBe(0);
    await expect(
      c.handle.executeUpdate(decideUpdate, {
        args: [approval(approverAt('BRANCH_APPROVER'), ONE_MILLION)],
      }),
    ).rejects.toMatchObject(refused(RefusalType.authority));
    expect(await db().decision.count({ where: { applicationId: c.id, stage: 'APPROVAL' } })).toBe(
      0,
    );
    await c.handle.terminate('test over');
  });

  it('escalates an approval not decided by its due time to the next level, after a reminder', async () => {
    const c = await testbed.fileCase({ amountFen: ONE_MILLION });
    await review(c);
    const oldKey = creditApplication.taskKey(c.id, 'DECISION', 'SUB_BRANCH_APPROVER');
    const newKey = creditApplication.taskKey(c.id, 'DECISION', 'BRANCH_APPROVER');
    await sleepPast((await task(oldKey)).dueAt);

    const opened = await eventually(() => task(newKey));
    expect(opened).toMatchObject({ kind: 'DECISION', level: 'BRANCH_APPROVER', status: 'OPEN' });
    const old = await task(oldKey);
    expect(old.status).toBe('CANCELLED');
    expect(old.escalatedAt).not.toBeNull();
    expect(old.remindedAt).not.toBeNull();
    const [escalated, ...more] = await trail(c.id, 'escalated');
    expect(more).toHaveLength(0);
    expect(escalated!.data).toMatchObject({ task: oldKey, to: 'BRANCH_APPROVER' });
    const reminders = await trail(c.id, 'reminder_sent');
    expect(reminders.map((r) => r.data)).toEqual([expect.objectContaining({ task: oldKey })]);
    expect(reminders[0]!.id < escalated!.id).toBe(true);
    expect((await c.handle.query(applicationQuery)).level).toBe('BRANCH_APPROVER');
    expect((await db().application.findUniqueOrThrow({ where: { id: c.id } })).approvalLevel).toBe(
      'BRANCH_APPROVER',
    );

    await expect(
      c.handle.executeUpdate(decideUpdate, {
        args: [approval(approverAt('SUB_BRANCH_APPROVER'), ONE_MILLION)],
      }),
    ).rejects.toMatchObject(refused(RefusalType.authority));
    const branch = approverAt('BRANCH_APPROVER');
    await c.handle.executeUpdate(decideUpdate, { args: [approval(branch, ONE_MILLION)] });
    await c.untilStep('offer');
    expect(await approvalDecision(c.id)).toMatchObject({
      actorId: branch.userId,
      level: 'BRANCH_APPROVER',
    });
    expect((await task(newKey)).status).toBe('DONE');
    await c.handle.terminate('test over');
  });
});

describe('credit committee', () => {
  it('approves by majority on the proposed terms, one vote per member, and makes the offer', async () => {
    const proposal = terms(80_000_000, ['提供实际控制人连带责任保证']);
    const c = await committeeCase(proposal);
    const [a, b, d, e] = members;
    await vote(c, a, 'approve');
    await vote(c, b, 'reject', ['估值依据不足']);
    await vote(c, d, 'approve');
    expect(await stepOf(c)).toBe('approval'); // every eligible member may still vote
    await vote(c, e, 'approve');
    await c.untilStep('offer');

    const decision = await approvalDecision(c.id);
    expect(decision).toMatchObject({
      outcome: 'APPROVE',
      actorId: null,
      actorRole: 'COMMITTEE_MEMBER',
      level: 'CREDIT_COMMITTEE',
      amountFen: 80_000_000n,
      termMonths: 24,
      repaymentMethod: 'equal-principal',
      conditions: proposal.conditions,
    });
    expect(Number(decision.annualRate)).toBe(0.041);
    const votes = await db().committeeVote.findMany({ where: { applicationId: c.id } });
    expect(votes.map((v) => `${v.memberId}:${v.choice}`).sort()).toEqual(
      [
        `${a.userId}:APPROVE`,
        `${b.userId}:REJECT`,
        `${d.userId}:APPROVE`,
        `${e.userId}:APPROVE`,
      ].sort(),
    );
    expect(await trail(c.id, 'vote_cast')).toHaveLength(4);
    expect((await task(creditApplication.taskKey(c.id, 'COMMITTEE'))).status).toBe('DONE');
    await c.handle.terminate('test over');
  });

  it('rejects by majority with the reasons its members gave', async () => {
    const c = await committeeCase();
    const [a, b, d, e] = members;
    await vote(c, a, 'reject', ['研发投入不足']);
    await vote(c, b, 'reject', ['研发投入不足', '无核心知识产权']);
    await vote(c, d, 'approve');
    await vote(c, e, 'reject', ['经营现金流不足']);
    expect(await c.handle.result()).toMatchObject({ end: 'rejected', outcome: 'reject' });
    expect(await approvalDecision(c.id)).toMatchObject({
      outcome: 'REJECT',
      actorId: null,
      level: 'CREDIT_COMMITTEE',
      reasons: ['研发投入不足', '无核心知识产权', '经营现金流不足'],
    });
    expect((await db().application.findUniqueOrThrow({ where: { id: c.id } })).status).toBe(
      'REJECTED',
    );
  });

  it('rejects on a 2–2 tie of its four members, giving the tie as the reason', async () => {
    const c = await committeeCase();
    const [a, b, d, e] = members;
    await vote(c, a, 'approve');
    await vote(c, b, 'reject', ['担保不足']);
    await vote(c, d, 'approve');
    await vote(c, e, 'reject', ['行业风险高']);
    expect(await c.handle.result()).toMatchObject({ end: 'rejected', outcome: 'reject' });
    const decision = await approvalDecision(c.id);
    expect(decision.outcome).toBe('REJECT');
    expect(decision.reasons).toEqual([expect.stringMatching(/tied/)]);
  });

  it('bars the reviewer and the originator from voting, counts one vote a member, and no outsider', async () => {
    const [reviewer, b, d, e] = members;
    const c = await testbed.fileCase({ amountFen: ONE_MILLION, indicators: weakIndicators });
    const { bankId } = await db().application.findUniqueOrThrow({ where: { id: c.id } });
    const originator: Actor = { userId: c.applicant.id, role: 'COMMITTEE_MEMBER' };
    // The originator sits on the committee only while this case's electorate is read.
    await db().user.update({
      where: { id: originator.userId },
      data: { roles: { push: 'COMMITTEE_MEMBER' }, institutionId: bankId },
    });
    try {
      await review(c, { actor: { ...reviewer, role: 'OFFICER' }, proposal: terms(ONE_MILLION) });
    } finally {
      await db().user.update({
        where: { id: originator.userId },
        data: { roles: { set: ['APPLICANT'] }, institutionId: null },
      });
    }

    await expect(vote(c, reviewer, 'approve')).rejects.toMatchObject(refused(RefusalType.fourEyes));
    await expect(vote(c, originator, 'approve')).rejects.toMatchObject(
      refused(RefusalType.fourEyes),
    );
    const outsider: Actor = { userId: randomUUID(), role: 'COMMITTEE_MEMBER' };
    await expect(vote(c, outsider, 'approve')).rejects.toMatchObject(
      refused(RefusalType.authority),
    );
    await vote(c, b, 'approve');
    await expect(vote(c, b, 'reject', ['改变主意'])).rejects.toMatchObject(
      refused(RefusalType.invalidState),
    );
    expect(await db().committeeVote.findMany({ where: { applicationId: c.id } })).toEqual([
      expect.objectContaining({ memberId: b.userId, choice: 'APPROVE' }),
    ]);

    // Three eligible members: once they have voted, the committee has decided.
    await vote(c, d, 'approve');
    expect(await stepOf(c)).toBe('approval');
    await vote(c, e, 'reject', ['行业风险高']);
    await c.untilStep('offer');
    expect((await approvalDecision(c.id)).outcome).toBe('APPROVE');
    await c.handle.terminate('test over');
  });

  it('waits for every eligible member until its due time, then decides with the quorum voted', async () => {
    const c = await committeeCase();
    const [a, b, d] = members;
    await vote(c, a, 'approve');
    await vote(c, b, 'reject', ['估值依据不足']);
    await vote(c, d, 'approve');
    expect(await stepOf(c)).toBe('approval');

    await sleepPast((await task(creditApplication.taskKey(c.id, 'COMMITTEE'))).dueAt);
    await eventually(async () => expect(await stepOf(c)).toBe('offer'));
    expect(await approvalDecision(c.id)).toMatchObject({
      outcome: 'APPROVE',
      level: 'CREDIT_COMMITTEE',
    });
    const [escalated] = await trail(c.id, 'escalated');
    expect(escalated!.data).toMatchObject({
      task: creditApplication.taskKey(c.id, 'COMMITTEE'),
      to: null,
    });
    await c.handle.terminate('test over');
  });

  it('after its due time, a committee short of its quorum decides at the vote that makes it', async () => {
    const c = await committeeCase();
    const [a, b, d] = members;
    await vote(c, a, 'reject', ['研发投入不足']);
    await vote(c, b, 'approve');

    await sleepPast((await task(creditApplication.taskKey(c.id, 'COMMITTEE'))).dueAt);
    await eventually(async () => expect(await trail(c.id, 'escalated')).toHaveLength(1));
    expect(await stepOf(c)).toBe('approval');
    expect(await db().decision.count({ where: { applicationId: c.id, stage: 'APPROVAL' } })).toBe(
      0,
    );

    // The vote is refused while the case is still moving past its due time; then it counts.
    await eventually(() => vote(c, d, 'reject', ['经营现金流不足']));
    expect(await c.handle.result()).toMatchObject({ end: 'rejected', outcome: 'reject' });
    expect((await approvalDecision(c.id)).reasons).toEqual(['研发投入不足', '经营现金流不足']);
  });
});
