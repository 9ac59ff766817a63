// A holder of a sub-fund asks to buy the guidance fund's stake back (rule 26). The price is
// fixed on the day asked (at cost within the at-cost window, then cost plus interest at the
// one-year LPR in force when the fund committed), one buy-back at a time per sub-fund, and the
// buy-back's workflow started. A retried request (the same Idempotency-Key) finds its row and
// starts the workflow if Temporal missed it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar.ts';
import { buybackWorkflowId } from '../../domain/contracts/fund.ts';
import { TASK_QUEUE } from '../../domain/contracts/shared.ts';
import { buybackDeadlines, buybackPrice } from '../../domain/fund/buyback.ts';
import { oneYearRates } from '../../domain/fund/lpr.data.ts';
import type { Db, SubFund } from '../../prisma/client.ts';
import { asJson, dayOf } from '../../prisma/enterprise-store.ts';
import { fundTermsOf, lockSubFund, openBuyback } from '../../prisma/fund-store.ts';
import type { buybackWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { startOnce } from '../workflow-errors.ts';

export async function requestBuyback(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  subFund: SubFund,
  buyer: { institutionId: string; userId: string },
  { id = randomUUID() }: { id?: string } = {},
): Promise<string> {
  await db.$transaction(async (tx) => {
    // One request at a time per sub-fund, priced on the commitments as they stand under the lock.
    await lockSubFund(tx, subFund.id);
    if (await tx.buyback.findUnique({ where: { id } })) return;
    if (await openBuyback(tx, subFund.id)) {
      throw new AppError('conflict', 'a buy-back of the fund’s stake is under way');
    }
    const fund = await tx.subFundCommitment.findFirst({
      where: { subFundId: subFund.id, isGuidanceFund: true },
    });
    if (!fund || fund.amountFen === 0n) {
      throw new AppError('invalid_state', 'the guidance fund holds no stake in this sub-fund');
    }
    const requestedOn = shanghaiDate(new Date());
    const price = buybackPrice(
      {
        costFen: Number(fund.amountFen),
        investedOn: fund.committedOn.toISOString().slice(0, 10),
        buybackOn: requestedOn,
      },
      fundTermsOf(subFund),
      oneYearRates,
    );
    await tx.buyback.create({
      data: {
        id,
        subFundId: subFund.id,
        buyerId: buyer.institutionId,
        requestedById: buyer.userId,
        requestedOn: dayOf(requestedOn),
        price: asJson(price),
        priceFen: BigInt(price.priceFen),
        workflowId: buybackWorkflowId(id),
      },
    });
  });
  await startOnce<typeof buybackWorkflow>(temporal, 'buybackWorkflow', {
    workflowId: buybackWorkflowId(id),
    taskQueue,
    args: [{ buybackId: id, ...buybackDeadlines }],
  });
  return id;
}
