// A claim on a guarantee after the loan defaulted (DOMAIN.md §5): the guarantor pays the bank
// its share within the scheme's working days; then the re-guarantor and the national fund pay
// the guarantor theirs, and the pool decides the guarantor's claim on it, side by side. Each
// payment is a task of the institution that owes it; a deadline passed is escalated and the
// claim keeps waiting, since a debt does not lapse. Settled once every payment is recorded.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { addWorkingDays } from '../../domain/calendar.ts';
import {
  claimQuery,
  decidePoolClaimUpdate,
  recordClaimPaymentUpdate,
  type ClaimPayer,
  type ClaimSnapshot,
  type ClaimWorkflowInput,
} from '../../domain/contracts/claim.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import type { ClaimStatus } from '../../domain/guarantee/claim-lifecycle.ts';
import { accept, refuse, waitFor } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export async function guaranteeClaimWorkflow(input: ClaimWorkflowInput): Promise<ClaimSnapshot> {
  const { claimId, scheme } = input;
  let status: ClaimStatus = 'FILED';
  /** Payers asked to pay, and whether their payment is recorded. */
  const asked = new Map<ClaimPayer, Promise<void> | undefined>();
  let poolAsked = false;
  let poolDecision: Promise<void> | undefined;
  const snapshot = (): ClaimSnapshot => ({
    status,
    owing: [...asked].filter(([, paid]) => !paid).map(([payer]) => payer),
    poolDecided: poolDecision !== undefined,
  });
  const expectRole = (actor: Actor, role: Actor['role']) => {
    if (actor.role !== role) refuse(RefusalType.authority, `this needs the role ${role}`);
  };
  const isoDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

  setHandler(claimQuery, snapshot);
  setHandler(
    recordClaimPaymentUpdate,
    async (payment) => {
      const act = accept(payment, () =>
        activities.recordClaimPayment({ claimId, payment, at: new Date().toISOString() }),
      );
      asked.set(payment.payer, act.recorded);
      await act.recorded;
      return snapshot();
    },
    {
      validator: ({ actor, payer, paidOn }) => {
        expectRole(actor, 'GUARANTOR');
        if (!asked.has(payer))
          refuse(RefusalType.invalidState, `no payment is asked of the ${payer} yet`);
        if (asked.get(payer))
          refuse(RefusalType.invalidState, `the ${payer}'s payment is recorded`);
        if (!isoDay(paidOn)) refuse(RefusalType.businessRule, 'paidOn is an ISO date');
      },
    },
  );
  setHandler(
    decidePoolClaimUpdate,
    async (decision) => {
      poolDecision = accept(decision, () =>
        activities.decidePoolClaim({ claimId, decision, at: new Date().toISOString() }),
      ).recorded;
      await poolDecision;
      return snapshot();
    },
    {
      validator: ({ actor, paidOn }) => {
        expectRole(actor, 'POOL_MANAGER');
        if (!poolAsked || poolDecision)
          refuse(RefusalType.invalidState, 'no pool claim awaits a decision');
        if (!isoDay(paidOn)) refuse(RefusalType.businessRule, 'paidOn is an ISO date');
      },
    },
  );

  /** Asks `payer` for its payment by `workingDays` from now; escalates once past it. */
  async function collect(payer: ClaimPayer, workingDays: number) {
    const dueAt = addWorkingDays(new Date(), workingDays);
    await activities.requestClaimPayment({
      claimId,
      payer,
      dueAt: dueAt.toISOString(),
      at: new Date().toISOString(),
    });
    asked.set(payer, undefined);
    const paid = () => asked.get(payer);
    if ((await waitFor(paid, { until: dueAt })).outcome === 'deadline') {
      await activities.flagOverduePayment({ claimId, debtor: payer, at: new Date().toISOString() });
      await condition(() => paid() !== undefined);
    }
    await paid();
  }

  async function poolClaim() {
    const dueAt = addWorkingDays(new Date(), input.poolDecisionWorkingDays);
    const filed = await activities.filePoolClaim({
      claimId,
      dueAt: dueAt.toISOString(),
      at: new Date().toISOString(),
    });
    if (filed.suspended) return;
    poolAsked = true;
    if ((await waitFor(() => poolDecision, { until: dueAt })).outcome === 'deadline') {
      await activities.flagOverduePayment({
        claimId,
        debtor: 'GOVERNMENT',
        at: new Date().toISOString(),
      });
      await condition(() => poolDecision !== undefined);
    }
    await poolDecision;
  }

  await collect('GUARANTOR', scheme.claims.guarantorPaysWorkingDays);
  status = 'GUARANTOR_PAID';
  const counter = input.payers.filter((p) => p !== 'GUARANTOR');
  await Promise.all([
    ...counter.map((payer) => collect(payer, scheme.claims.counterGuaranteePaysWorkingDays)),
    poolClaim(),
  ]);
  await activities.settleClaim({ claimId, at: new Date().toISOString() });
  status = 'SETTLED';
  await condition(allHandlersFinished);
  return snapshot();
}
