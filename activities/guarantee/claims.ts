// A claim on a guarantee, each step one transition of the claim's lifecycle: a payment asked of
// the party that owes it (a task in its inbox, due by the scheme's deadline), a deadline
// passed (escalated), a payment recorded, the pool's claim filed or refused while the pool is
// suspended, the pool's decision, and the settlement with its compensation notice.
import type {
  ClaimPayer,
  ClaimPaymentInput,
  PoolDecisionInput,
} from '../../domain/contracts/claim.ts';
import { claimLifecycle } from '../../domain/guarantee/claim-lifecycle.ts';
import type { Settlement } from '../../domain/guarantee/loss-sharing.ts';
import type { Prisma } from '../../prisma/client.ts';
import { recordClaimEvent } from '../../prisma/lifecycles.ts';
import { issueLetter, type LetterDeps } from '../letters/issue.ts';
import { evaluatePoolStanding, evaluateCompensationBreakers } from './breakers.ts';

type Tx = Prisma.TransactionClient;
/** Who owes a claim's payment: a payer, or the pool (GOVERNMENT) by its decision. */
type Debtor = ClaimPayer | 'GOVERNMENT';

const day = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

export function createClaimActivities(deps: LetterDeps) {
  const { db } = deps;
  return {
    /** Opens the payer's task for its payment, due by `dueAt`. */
    async requestClaimPayment(input: {
      claimId: string;
      payer: ClaimPayer;
      dueAt: string;
      at: string;
    }) {
      await db.$transaction(async (tx) => {
        await tx.claimPayment.update({
          where: { claimId_payer: { claimId: input.claimId, payer: input.payer } },
          data: { dueAt: new Date(input.dueAt) },
        });
        await recordClaimEvent(tx, {
          subjectId: input.claimId,
          event: 'payment_requested',
          at: new Date(input.at),
          occurrence: input.payer,
          data: { payer: input.payer, dueAt: input.dueAt },
          open: [{ kind: 'CLAIM_PAYMENT', qualifier: input.payer, dueAt: new Date(input.dueAt) }],
        });
      });
    },

    /** A deadline passed without the payment: escalated on the task and in the trail. */
    async flagOverduePayment(input: { claimId: string; debtor: Debtor; at: string }) {
      const kind = input.debtor === 'GOVERNMENT' ? 'POOL_DECISION' : 'CLAIM_PAYMENT';
      const qualifier = input.debtor === 'GOVERNMENT' ? undefined : input.debtor;
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { key: claimLifecycle.taskKey(input.claimId, kind, qualifier), escalatedAt: null },
          data: { escalatedAt: new Date(input.at) },
        });
        await recordClaimEvent(tx, {
          subjectId: input.claimId,
          event: 'payment_overdue',
          at: new Date(input.at),
          occurrence: input.debtor,
          data: { debtor: input.debtor },
        });
      });
    },

    /** The payer's payment, recorded once; the guarantor's moves the claim on. */
    async recordClaimPayment(input: { claimId: string; payment: ClaimPaymentInput; at: string }) {
      const { actor, payer, reference, paidOn } = input.payment;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await pay(tx, input.claimId, payer, { reference, paidOn, byId: actor.userId });
        await recordClaimEvent(tx, {
          subjectId: input.claimId,
          event: 'paid',
          at,
          actor,
          occurrence: payer,
          data: { payer, reference, paidOn },
          close: [{ kind: 'CLAIM_PAYMENT', qualifier: payer, outcome: 'DONE', byId: actor.userId }],
        });
        if (payer === 'GUARANTOR') {
          await recordClaimEvent(tx, { subjectId: input.claimId, event: 'guarantor_paid', at });
        }
      });
    },

    /**
     * Files the guarantor's claim on the pool. A pool whose portfolio NPL has reached its
     * suspension level compensates nothing: the award falls back on the guarantor, and the
     * claim says so. Otherwise the pool manager's task opens.
     */
    async filePoolClaim(input: {
      claimId: string;
      dueAt: string;
      at: string;
    }): Promise<{ suspended: boolean }> {
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const claim = await tx.guaranteeClaim.findUniqueOrThrow({
          where: { id: input.claimId },
          include: { guarantee: true },
        });
        const standing = await evaluatePoolStanding(
          tx,
          claim.poolId,
          claim.guarantee.poolPolicy,
          at,
        );
        const settlement = claim.settlement as unknown as Settlement;
        if (standing === 'suspended') {
          const award = settlement.pool.amountFen;
          const borneFen = {
            ...settlement.borneFen,
            GOVERNMENT: 0,
            GUARANTOR: settlement.borneFen.GUARANTOR + award,
          };
          const suspended = { ...settlement, pool: { ...settlement.pool, amountFen: 0 }, borneFen };
          await tx.guaranteeClaim.update({
            where: { id: claim.id },
            data: { settlement: suspended as unknown as Prisma.InputJsonValue },
          });
          await tx.claimPayment.update({
            where: { claimId_payer: { claimId: claim.id, payer: 'GOVERNMENT' } },
            data: { amountFen: 0n },
          });
          await recordClaimEvent(tx, {
            subjectId: claim.id,
            event: 'pool_suspended',
            at,
            data: { refusedFen: award },
          });
          return { suspended: true };
        }
        await tx.claimPayment.update({
          where: { claimId_payer: { claimId: claim.id, payer: 'GOVERNMENT' } },
          data: { dueAt: new Date(input.dueAt) },
        });
        await recordClaimEvent(tx, {
          subjectId: claim.id,
          event: 'pool_claim_filed',
          at,
          data: { awardFen: settlement.pool.amountFen, basis: settlement.pool.basis },
          open: [{ kind: 'POOL_DECISION', dueAt: new Date(input.dueAt) }],
        });
        return { suspended: false };
      });
    },

    /** The pool manager approves the award and records the pool's payment. */
    async decidePoolClaim(input: { claimId: string; decision: PoolDecisionInput; at: string }) {
      const { actor, reference, paidOn } = input.decision;
      await db.$transaction(async (tx) => {
        await pay(tx, input.claimId, 'GOVERNMENT', { reference, paidOn, byId: actor.userId });
        await recordClaimEvent(tx, {
          subjectId: input.claimId,
          event: 'pool_decided',
          at: new Date(input.at),
          actor,
          data: { reference, paidOn },
          close: [{ kind: 'POOL_DECISION', outcome: 'DONE', byId: actor.userId }],
        });
      });
    },

    /** Every payment made: the claim is settled, the breakers look again, the notice goes out. */
    async settleClaim(input: { claimId: string; at: string }) {
      const at = new Date(input.at);
      const claim = await db.$transaction(async (tx) => {
        await tx.guaranteeClaim.updateMany({
          where: { id: input.claimId, settledAt: null },
          data: { settledAt: at },
        });
        await recordClaimEvent(tx, { subjectId: input.claimId, event: 'settled', at });
        const settled = await tx.guaranteeClaim.findUniqueOrThrow({
          where: { id: input.claimId },
          include: { guarantee: true },
        });
        await evaluateCompensationBreakers(tx, settled.guarantee, at);
        return settled;
      });
      await issueLetter(deps, {
        applicationId: claim.guarantee.applicationId,
        kind: 'compensation_notice',
      });
    },
  };
}

/** Marks a payment made, once: a retried activity finds it paid and changes nothing. */
async function pay(
  tx: Tx,
  claimId: string,
  payer: Debtor,
  { reference, paidOn, byId }: { reference: string; paidOn: string; byId: string },
) {
  await tx.claimPayment.updateMany({
    where: { claimId, payer, paidOn: null },
    data: { reference, paidOn: day(paidOn), recordedById: byId },
  });
}
