// Paying out a contracted loan, at most once, and fixing its repayment schedule.
import { ApplicationFailure } from '@temporalio/activity';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  monthsAfter,
  repaymentSchedule,
  type DayCount,
  type DueDateRule,
  type RepaymentMethod,
} from '../../domain/loan/repayment-schedule.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordCreditEvent, recordLoanEvent } from '../../prisma/lifecycles.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import { settlementAccount, type CoreBanking } from '../core-banking.ts';

const disbursementKey = (loanId: string, tranche: number) => `${loanId}:tranche:${tranche}`;

/**
 * Pays a tranche at most once: the PENDING row is written before the bank is called and
 * its key is the transfer's idempotency key, so a retry after a crash anywhere finds the
 * booking again instead of paying twice. The schedule runs from the booking's value date.
 * The credit track pays the whole loan in one tranche.
 */
export async function disburse(
  { db, coreBanking }: { db: Db; coreBanking: CoreBanking },
  input: { loanId: string; tranche: number },
): Promise<{ transferReference: string; disbursedOn: string }> {
  const { loanId, tranche } = input;
  if (tranche !== 1) {
    throw ApplicationFailure.create({
      type: RefusalType.invalidState,
      message: `loan ${loanId} is paid in one tranche, not tranche ${tranche}`,
      nonRetryable: true,
    });
  }
  const loan = await db.loan.findUniqueOrThrow({
    where: { id: loanId },
    include: { application: { include: { enterprise: true, guarantee: true } } },
  });
  // A guaranteed loan pays out only under a guarantee in force (DOMAIN.md §5): the workflow
  // puts it in force first, and this refuses any path that did not.
  const { guarantee } = loan.application;
  if (guarantee && guarantee.status !== 'IN_FORCE') {
    throw ApplicationFailure.create({
      type: RefusalType.invalidState,
      message: `loan ${loanId} is guaranteed, and its guarantee is ${guarantee.status}, not in force`,
      nonRetryable: true,
    });
  }
  const key = disbursementKey(loanId, tranche);
  await db.disbursement.createMany({
    data: [{ loanId, tranche, key, amountFen: loan.amountFen }],
    skipDuplicates: true,
  });
  const disbursement = await db.disbursement.findUniqueOrThrow({ where: { key } });
  const booked =
    disbursement.status === 'PAID'
      ? { reference: disbursement.transferReference!, bookedAt: disbursement.paidAt! }
      : await coreBanking.transfer({
          idempotencyKey: key,
          account: settlementAccount(loan.application.enterprise.uscc),
          amountFen: Number(disbursement.amountFen),
        });

  const disbursedOn = shanghaiDate(booked.bookedAt);
  const schedule = repaymentSchedule({
    method: loan.repaymentMethod as RepaymentMethod,
    principalFen: Number(loan.amountFen),
    annualRate: loan.annualRate.toFixed(),
    termMonths: loan.termMonths,
    firstDueDate: monthsAfter(disbursedOn, 1),
    valueDate: disbursedOn,
    dayCount: loan.dayCount as DayCount,
    dueDateRule: loan.dueDateRule as DueDateRule,
  });
  await db.$transaction(async (tx) => {
    await tx.disbursement.updateMany({
      where: { key, status: 'PENDING' },
      data: { status: 'PAID', transferReference: booked.reference, paidAt: booked.bookedAt },
    });
    await tx.loan.updateMany({
      where: { id: loanId, disbursedOn: null },
      data: {
        disbursedOn: new Date(`${disbursedOn}T00:00:00Z`),
        schedule: schedule.rows as unknown as Prisma.InputJsonValue,
      },
    });
    const paid = {
      loanId,
      tranche,
      amountFen: Number(disbursement.amountFen),
      transferReference: booked.reference,
      disbursedOn,
    };
    await recordLoanEvent(tx, {
      subjectId: loanId,
      event: 'paid_out',
      at: booked.bookedAt,
      occurrence: tranche,
      data: paid,
    });
    await recordCreditEvent(tx, {
      subjectId: loan.applicationId,
      event: 'disbursed',
      at: booked.bookedAt,
      occurrence: tranche,
      data: { ...paid, firstDueDate: schedule.rows[0]!.dueDate, scheduleTotals: schedule.totals },
    });
  });
  return { transferReference: booked.reference, disbursedOn };
}
