// The credit-application workflow on the real time-skipping test server, with its real
// activities writing to a real database.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseQuery, decideUpdate, reviewUpdate } from '../../workflows/messages.ts';
import { startCaseTestbed, type CaseTestbed } from '../support/case-testbed.ts';

let testbed: CaseTestbed;
beforeAll(async () => {
  testbed = await startCaseTestbed();
});
afterAll(() => testbed?.close());

const officer = { userId: randomUUID(), role: 'OFFICER' as const };
const approver = { userId: randomUUID(), role: 'APPROVER' as const };

describe('credit application workflow', () => {
  it('approves: assessment stored, review, decision, letter issued', async () => {
    const { id, handle, untilStep } = await testbed.fileCase();
    await untilStep('review');
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [] }],
    });
    await handle.executeUpdate(decideUpdate, {
      args: [
        {
          actor: approver,
          outcome: 'approve',
          amountFen: 80_000_000,
          annualRate: '0.0385',
          termMonths: 24,
        },
      ],
    });
    expect(await handle.result()).toMatchObject({ step: 'closed', outcome: 'approve' });

    const c = await testbed.database.db.application.findUniqueOrThrow({
      where: { id },
      include: { assessments: true, decisions: true, letters: true, tasks: true },
    });
    expect(c.status).toBe('APPROVED');
    expect(c.assessments.map((a) => [a.model, a.version, a.points])).toEqual([
      ['tech-sme', '2017.1', 100],
    ]);
    expect(c.decisions.find((d) => d.stage === 'APPROVAL')).toMatchObject({
      actorId: approver.userId,
      amountFen: 80_000_000n,
      policyVersion: 'credit-track@2026.1',
    });
    expect(c.tasks.every((t) => t.status === 'DONE')).toBe(true);
    expect(c.letters.map((l) => `${l.kind}:${l.language}`).sort()).toEqual([
      'approval:en',
      'approval:zh',
    ]);
    for (const letter of c.letters) {
      expect(Buffer.from(letter.content).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('rejects with reasons and issues a rejection letter', async () => {
    const { id, handle, untilStep } = await testbed.fileCase();
    await untilStep('review');
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'reject', reasons: ['经营现金流不足'] }],
    });
    await handle.executeUpdate(decideUpdate, {
      args: [{ actor: approver, outcome: 'reject', reasons: ['经营现金流不足以覆盖还款'] }],
    });
    expect(await handle.result()).toMatchObject({ outcome: 'reject' });
    const c = await testbed.database.db.application.findUniqueOrThrow({
      where: { id },
      include: { letters: true },
    });
    expect(c.status).toBe('REJECTED');
    expect(c.letters.map((l) => l.kind)).toEqual(['rejection', 'rejection']);
  });

  it('refuses an approval by the reviewer (four eyes) and changes nothing', async () => {
    const { id, handle, untilStep } = await testbed.fileCase();
    await untilStep('review');
    const both = { userId: randomUUID(), role: 'OFFICER' as const };
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: both, recommendation: 'approve', reasons: [] }],
    });
    const refusal = handle.executeUpdate(decideUpdate, {
      args: [
        {
          actor: { ...both, role: 'APPROVER' },
          outcome: 'approve',
          amountFen: 1,
          annualRate: '0.04',
          termMonths: 12,
        },
      ],
    });
    await expect(refusal).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refusal).rejects.toMatchObject({ cause: { type: 'FourEyesViolation' } });
    expect((await handle.query(caseQuery)).reviewerId).toBe(both.userId);
    const decisions = await testbed.database.db.decision.findMany({ where: { applicationId: id } });
    expect(decisions.map((d) => d.stage)).toEqual(['REVIEW']);
    await handle.terminate('test over');
  });

  it('refuses an amount above the one applied for', async () => {
    const { handle, untilStep } = await testbed.fileCase(50_000_000);
    await untilStep('review');
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: officer, recommendation: 'approve', reasons: [] }],
    });
    await expect(
      handle.executeUpdate(decideUpdate, {
        args: [
          {
            actor: approver,
            outcome: 'approve',
            amountFen: 50_000_001,
            annualRate: '0.04',
            termMonths: 12,
          },
        ],
      }),
    ).rejects.toMatchObject({ cause: { type: 'BusinessRule' } });
    await handle.terminate('test over');
  });
});
