// The writes of a buy-back of the guidance fund's stake: the fund's approval asked for, its
// answer (an approval asks the buyer to pay), a deadline passed, and the settlement, which
// records the payment and passes the fund's commitment to the buyer in one transaction.
import type { BuybackDecisionInput, BuybackPaymentInput } from '../../domain/contracts/fund.ts';
import { buybackLifecycle, type BuybackTaskKind } from '../../domain/fund/lifecycle.ts';
import type { Db } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { lockSubFund } from '../../prisma/fund-store.ts';
import { recordBuybackEvent, recordSubFundEvent } from '../../prisma/lifecycles.ts';

export function createBuybackActivities({ db }: { db: Db }) {
  return {
    async askBuybackApproval(input: { buybackId: string; dueAt: string; at: string }) {
      await db.$transaction((tx) =>
        recordBuybackEvent(tx, {
          subjectId: input.buybackId,
          event: 'requested',
          at: new Date(input.at),
          open: [{ kind: 'BUYBACK_APPROVAL', dueAt: new Date(input.dueAt) }],
        }),
      );
    },

    async decideBuyback(input: {
      buybackId: string;
      decision: BuybackDecisionInput;
      paymentDueAt: string;
      at: string;
    }) {
      const { buybackId, decision } = input;
      const approved = decision.outcome === 'approve';
      await db.$transaction(async (tx) => {
        await tx.buyback.update({
          where: { id: buybackId },
          data: {
            decidedById: decision.actor.userId,
            reasons: decision.outcome === 'decline' ? decision.reasons : [],
          },
        });
        await recordBuybackEvent(tx, {
          subjectId: buybackId,
          event: approved ? 'approved' : 'declined',
          at: new Date(input.at),
          actor: decision.actor,
          close: [{ kind: 'BUYBACK_APPROVAL', outcome: 'DONE', byId: decision.actor.userId }],
          open: approved ? [{ kind: 'BUYBACK_PAYMENT', dueAt: new Date(input.paymentDueAt) }] : [],
        });
      });
    },

    async flagBuybackOverdue(input: { buybackId: string; awaiting: BuybackTaskKind; at: string }) {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: {
            key: buybackLifecycle.taskKey(input.buybackId, input.awaiting),
            escalatedAt: null,
          },
          data: { escalatedAt: at },
        });
        await recordBuybackEvent(tx, {
          subjectId: input.buybackId,
          event: 'overdue',
          at,
          occurrence: input.awaiting,
          data: { awaiting: input.awaiting },
        });
      });
    },

    /** The fund's stake as priced passes to the buyer, added to what the buyer already holds. */
    async settleBuyback(input: { buybackId: string; payment: BuybackPaymentInput; at: string }) {
      const { buybackId, payment } = input;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const buyback = await tx.buyback.findUniqueOrThrow({ where: { id: buybackId } });
        if (buyback.status === 'SETTLED') return;
        await lockSubFund(tx, buyback.subFundId);
        // The stake priced when asked passes; commitments do not change while a buy-back is open.
        const { costFen } = buyback.price as { costFen: number };
        const commitments = await tx.subFundCommitment.findMany({
          where: { subFundId: buyback.subFundId },
        });
        const fund = commitments.find((c) => c.isGuidanceFund)!;
        const buyer = commitments.find((c) => c.institutionId === buyback.buyerId)!;
        await tx.subFundCommitment.update({
          where: { id: buyer.id },
          data: { amountFen: { increment: BigInt(costFen) } },
        });
        await tx.subFundCommitment.update({
          where: { id: fund.id },
          data: { amountFen: { decrement: BigInt(costFen) } },
        });
        await tx.buyback.update({
          where: { id: buybackId },
          data: { paidOn: dayOf(payment.paidOn), reference: payment.reference },
        });
        await recordBuybackEvent(tx, {
          subjectId: buybackId,
          event: 'settled',
          at,
          actor: payment.actor,
          data: { reference: payment.reference, paidOn: payment.paidOn },
          close: [{ kind: 'BUYBACK_PAYMENT', outcome: 'DONE', byId: payment.actor.userId }],
        });
        await recordSubFundEvent(tx, {
          subjectId: buyback.subFundId,
          event: 'commitment_changed',
          at,
          actor: payment.actor,
          occurrence: `buyback:${buybackId}`,
          data: {
            buybackId,
            from: fund.holder,
            to: buyer.holder,
            amountFen: costFen,
          },
        });
      });
    },
  };
}
