// Each process's lifecycle bound to its table: the writers activities and the API record
// events with. The declarations' statuses are the schema's enums (a test holds them equal).
import { creditApplication } from '../domain/credit/lifecycle.ts';
import { roundLifecycle } from '../domain/equity/lifecycle.ts';
import { warrantLifecycle } from '../domain/equity/warrant-lifecycle.ts';
import { buybackLifecycle, subFundLifecycle } from '../domain/fund/lifecycle.ts';
import { claimLifecycle } from '../domain/guarantee/claim-lifecycle.ts';
import { guaranteeLifecycle } from '../domain/guarantee/lifecycle.ts';
import { loanLifecycle } from '../domain/loan/lifecycle.ts';
import { pledgeLifecycle } from '../domain/pledge/lifecycle.ts';
import { lifecycleWriter } from './lifecycle-writer.ts';

export const recordCreditEvent = lifecycleWriter(creditApplication, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.application.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.application.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id) {
    const { bankId } = await tx.application.findUniqueOrThrow({ where: { id } });
    return { institutionId: bankId, applicationId: id };
  },
});

export const recordLoanEvent = lifecycleWriter(loanLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.loan.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.loan.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id) {
    const loan = await tx.loan.findUniqueOrThrow({ where: { id } });
    return { institutionId: loan.bankId, applicationId: loan.applicationId };
  },
});

export const recordPledgeEvent = lifecycleWriter(pledgeLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.pledge.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.pledge.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id) {
    const { application } = await tx.pledge.findUniqueOrThrow({
      where: { id },
      include: { application: true },
    });
    return { institutionId: application.bankId, applicationId: application.id };
  },
});

/** A guarantee's tasks are the guarantor's: they sit in its inbox, on the guaranteed case. */
export const recordGuaranteeEvent = lifecycleWriter(guaranteeLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.guarantee.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.guarantee.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id) {
    const guarantee = await tx.guarantee.findUniqueOrThrow({ where: { id } });
    return { institutionId: guarantee.guarantorId, applicationId: guarantee.applicationId };
  },
});

/**
 * A claim's tasks go to whoever must act: each payment to the institution that owes it (the
 * qualifier names the paying party), the pool's decision to the pool.
 */
export const recordClaimEvent = lifecycleWriter(claimLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.guaranteeClaim.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.guaranteeClaim.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id, task) {
    const claim = await tx.guaranteeClaim.findUniqueOrThrow({
      where: { id },
      include: { guarantee: true },
    });
    const applicationId = claim.guarantee.applicationId;
    if (task?.kind === 'POOL_DECISION') return { institutionId: claim.poolId, applicationId };
    const payment = await tx.claimPayment.findUniqueOrThrow({
      where: { claimId_payer: { claimId: id, payer: String(task?.qualifier) } },
    });
    return { institutionId: payment.payerId, applicationId };
  },
});

/** A round opens no task: the firm and its investors act on the round itself. */
export const recordRoundEvent = lifecycleWriter(roundLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.equityRound.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.equityRound.findUniqueOrThrow({ where: { id } })).status,
  taskOwner() {
    throw new Error('an equity round has no tasks');
  },
});

/** A sub-fund's tasks are the guidance fund's: it awaits the reports and watches the share. */
export const recordSubFundEvent = lifecycleWriter(subFundLifecycle, {
  moveStatus: async () => true,
  statusOf: async () => 'ACTIVE',
  async taskOwner(tx, id) {
    const { guidanceFundId } = await tx.subFund.findUniqueOrThrow({ where: { id } });
    return { institutionId: guidanceFundId, subFundId: id };
  },
});

/** The fund approves a buy-back; the buyer pays for it. */
export const recordBuybackEvent = lifecycleWriter(buybackLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.buyback.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.buyback.findUniqueOrThrow({ where: { id } })).status,
  async taskOwner(tx, id, task) {
    const buyback = await tx.buyback.findUniqueOrThrow({
      where: { id },
      include: { subFund: true },
    });
    const institutionId =
      task?.kind === 'BUYBACK_PAYMENT' ? buyback.buyerId : buyback.subFund.guidanceFundId;
    return { institutionId, subFundId: buyback.subFundId };
  },
});

export const recordWarrantEvent = lifecycleWriter(warrantLifecycle, {
  async moveStatus(tx, id, from, to) {
    const { count } = await tx.warrant.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  },
  statusOf: async (tx, id) => (await tx.warrant.findUniqueOrThrow({ where: { id } })).status,
  taskOwner() {
    throw new Error('a warrant has no tasks');
  },
});
