// Disposal of a defaulted pledge loan's collateral (DOMAIN.md §3.6): opened by an officer,
// each right's sale recorded with its proceeds applied interest first, then principal, and
// the residual loss recorded for the risk pool when the disposal closes. The loan row is
// locked for each, so two sales never apply their proceeds against the same balance.
import type { DisposalSaleInput } from '../../domain/contracts/loan.ts';
import type { Actor } from '../../domain/contracts/shared.ts';
import type { RepaymentRow } from '../../domain/loan/repayment-schedule.ts';
import {
  applyProceeds,
  owedAfter,
  type Owed,
  type ProceedsApplied,
} from '../../domain/pledge/disposal.ts';
import type { Db, Disposal, Prisma } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { recordLoanEvent, recordPledgeEvent } from '../../prisma/lifecycles.ts';
import { sum, unpaidInstalments } from '../loan/monitoring.ts';

type Tx = Prisma.TransactionClient;

const appliedOf = (d: Disposal): ProceedsApplied => ({
  toInterestFen: Number(d.toInterestFen),
  toPrincipalFen: Number(d.toPrincipalFen),
  surplusFen: Number(d.surplusFen),
});

/**
 * What the borrower owes on `asOf` before disposal proceeds: the unpaid interest of the
 * instalments due by then, and all unpaid principal (a defaulted loan is due in full).
 */
async function owedBeforeProceeds(tx: Tx, loanId: string, asOf: string): Promise<Owed> {
  await tx.$queryRaw`SELECT "id" FROM "Loan" WHERE "id" = ${loanId}::uuid FOR UPDATE`;
  const loan = await tx.loan.findUniqueOrThrow({
    where: { id: loanId },
    include: { repayments: true },
  });
  const rows = (loan.schedule ?? []) as unknown as RepaymentRow[];
  const unpaid = unpaidInstalments(rows, sum(loan.repayments.map((r) => Number(r.amountFen))));
  return {
    interestFen: sum(unpaid.filter((i) => i.dueDate <= asOf).map((i) => i.interestFen)),
    principalFen: sum(unpaid.map((i) => i.principalFen)),
  };
}

export function createDisposalActivities({ db }: { db: Db }) {
  return {
    async openDisposal(input: { loanId: string; actor: Actor; at: string }) {
      await db.$transaction(async (tx) => {
        const loan = await tx.loan.findUniqueOrThrow({ where: { id: input.loanId } });
        await recordLoanEvent(tx, {
          subjectId: loan.id,
          event: 'disposal_opened',
          at: new Date(input.at),
          actor: input.actor,
          data: { classification: loan.classification, daysPastDue: loan.daysPastDue },
        });
      });
    },

    /** Records a sale once per pledged right; a retry returns the split first recorded. */
    async recordDisposal(input: {
      loanId: string;
      sale: DisposalSaleInput;
      at: string;
    }): Promise<ProceedsApplied & { owedAfter: Owed }> {
      const { loanId, sale } = input;
      return db.$transaction(async (tx) => {
        const before = await owedBeforeProceeds(tx, loanId, sale.disposedOn);
        const earlier = await tx.disposal.findMany({ where: { loanId } });
        const kept = earlier.find((d) => d.pledgeId === sale.pledgeId);
        if (kept) {
          return { ...appliedOf(kept), owedAfter: owedAfter(before, earlier.map(appliedOf)) };
        }
        const owed = owedAfter(before, earlier.map(appliedOf));
        const applied = applyProceeds(owed, sale.proceedsFen);
        const at = new Date(input.at);
        await tx.disposal.create({
          data: {
            loanId,
            pledgeId: sale.pledgeId,
            method: sale.method,
            counterparty: sale.counterparty,
            disposedOn: dayOf(sale.disposedOn),
            proceedsFen: BigInt(sale.proceedsFen),
            toInterestFen: BigInt(applied.toInterestFen),
            toPrincipalFen: BigInt(applied.toPrincipalFen),
            surplusFen: BigInt(applied.surplusFen),
            recordedById: sale.actor.userId,
            recordedAt: at,
          },
        });
        const facts = {
          method: sale.method,
          counterparty: sale.counterparty,
          disposedOn: sale.disposedOn,
          proceedsFen: sale.proceedsFen,
          ...applied,
        };
        await recordPledgeEvent(tx, {
          subjectId: sale.pledgeId,
          event: 'disposed',
          at,
          actor: sale.actor,
          data: { loanId, ...facts },
        });
        const left = owedAfter(owed, [applied]);
        await recordLoanEvent(tx, {
          subjectId: loanId,
          event: 'proceeds_applied',
          at,
          actor: sale.actor,
          occurrence: sale.pledgeId,
          data: { pledgeId: sale.pledgeId, ...facts, owedAfter: { ...left } },
        });
        return { ...applied, owedAfter: left };
      });
    },

    /**
     * Ends the disposal: what proceeds left unpaid on `asOf` is the residual loss, recorded on
     * the loan for the risk pool. Returns the pledges still registered, to be released.
     */
    async closeDisposal(input: {
      loanId: string;
      actor: Actor;
      asOf: string;
      at: string;
    }): Promise<string[]> {
      return db.$transaction(async (tx) => {
        const before = await owedBeforeProceeds(tx, input.loanId, input.asOf);
        const disposals = await tx.disposal.findMany({ where: { loanId: input.loanId } });
        const loss = owedAfter(before, disposals.map(appliedOf));
        const loan = await tx.loan.update({
          where: { id: input.loanId },
          data: {
            lossPrincipalFen: BigInt(loss.principalFen),
            lossInterestFen: BigInt(loss.interestFen),
          },
          include: { application: { include: { pledges: true } } },
        });
        await recordLoanEvent(tx, {
          subjectId: loan.id,
          event: 'disposal_closed',
          at: new Date(input.at),
          actor: input.actor,
          data: {
            asOf: input.asOf,
            recoveredFen: sum(disposals.map((d) => Number(d.proceedsFen - d.surplusFen))),
            lossPrincipalFen: loss.principalFen,
            lossInterestFen: loss.interestFen,
          },
        });
        return loan.application.pledges.filter((p) => p.status === 'REGISTERED').map((p) => p.id);
      });
    },
  };
}
