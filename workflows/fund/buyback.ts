// A buy-back of the guidance fund's stake in a sub-fund (DOMAIN.md §6; rule 26), at the price
// fixed when another holder asked for it: the fund approves or declines within its working
// days, then the buyer pays within its own, and the stake passes to the buyer. A deadline
// passed is flagged for a person and the wait goes on: neither an answer owed nor a payment
// owed lapses by itself.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { addWorkingDays } from '../../domain/calendar.ts';
import {
  decideBuybackUpdate,
  recordBuybackPaymentUpdate,
  type BuybackDecisionInput,
  type BuybackSnapshot,
  type BuybackWorkflowInput,
} from '../../domain/contracts/fund.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import type { BuybackStatus } from '../../domain/fund/lifecycle.ts';
import { accept, refuse, waitEscalating, type Act } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export async function buybackWorkflow(input: BuybackWorkflowInput): Promise<BuybackSnapshot> {
  const { buybackId } = input;
  let status: BuybackStatus = 'REQUESTED';
  let decision: Act<BuybackDecisionInput> | undefined;
  let payment: Promise<void> | undefined;
  /** Fixed with an approval: the buyer's task and the workflow's wait end together. */
  let paymentDue = new Date(0);
  /** The fund's approval task is open: an answer before it would close nothing. */
  let asked = false;
  /** An answer is accepted (it may wait for the task): a second one is refused at once. */
  let deciding = false;
  const at = () => new Date().toISOString();
  const snapshot = (): BuybackSnapshot => ({ status });
  const expectFundManager = (actor: Actor) => {
    if (actor.role !== 'FUND_MANAGER') refuse(RefusalType.authority, 'this needs a fund manager');
  };

  setHandler(
    decideBuybackUpdate,
    async (answer) => {
      deciding = true;
      await condition(() => asked);
      paymentDue = addWorkingDays(new Date(), input.paymentWorkingDays);
      decision = accept(answer, () =>
        activities.decideBuyback({
          buybackId,
          decision: answer,
          paymentDueAt: paymentDue.toISOString(),
          at: at(),
        }),
      );
      await decision.recorded;
      status = answer.outcome === 'approve' ? 'APPROVED' : 'DECLINED';
      return snapshot();
    },
    {
      validator: ({ actor }) => {
        expectFundManager(actor);
        if (deciding) refuse(RefusalType.invalidState, 'the buy-back is decided');
      },
    },
  );
  setHandler(
    recordBuybackPaymentUpdate,
    async (paid) => {
      payment = accept(paid, () =>
        activities.settleBuyback({ buybackId, payment: paid, at: at() }),
      ).recorded;
      await payment;
      status = 'SETTLED';
      return snapshot();
    },
    {
      validator: ({ actor, paidOn }) => {
        expectFundManager(actor);
        if (status !== 'APPROVED' || payment)
          refuse(RefusalType.invalidState, `the buy-back is ${status}, not awaiting payment`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn))
          refuse(RefusalType.businessRule, 'paidOn is an ISO date');
      },
    },
  );
  const approvalDue = addWorkingDays(new Date(), input.approvalWorkingDays);
  await activities.askBuybackApproval({ buybackId, dueAt: approvalDue.toISOString(), at: at() });
  asked = true;
  const decided = await waitEscalating(
    () => (decision && status !== 'REQUESTED' ? decision : undefined),
    approvalDue,
    () => activities.flagBuybackOverdue({ buybackId, awaiting: 'BUYBACK_APPROVAL', at: at() }),
  );
  if (decided.input.outcome === 'approve') {
    await waitEscalating(
      () => payment,
      paymentDue,
      () => activities.flagBuybackOverdue({ buybackId, awaiting: 'BUYBACK_PAYMENT', at: at() }),
    );
  }
  await condition(allHandlersFinished);
  return snapshot();
}
