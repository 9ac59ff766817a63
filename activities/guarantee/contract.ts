// The guarantee from contract to its end: in force with the loan contract (the bank pays out
// only then), confirmed to the firm by the guarantor's letter, released when the loan is
// repaid, lapsed when the deal ends before any money moved.
import { shanghaiDate } from '../../domain/calendar.ts';
import type { GuaranteeStatus } from '../../domain/guarantee/lifecycle.ts';
import type { Db } from '../../prisma/client.ts';
import { recordGuaranteeEvent } from '../../prisma/lifecycles.ts';
import { issueLetter, type LetterDeps } from '../letters/issue.ts';

const dayOf = (at: string) => new Date(`${shanghaiDate(new Date(at))}T00:00:00Z`);

/** A guarantee that has not yet covered any money, which a deal ending early lets lapse. */
const notYetDrawn: readonly GuaranteeStatus[] = [
  'REQUESTED',
  'UNDER_REVIEW',
  'APPROVED',
  'IN_FORCE',
];

export function createGuaranteeContractActivities(deps: LetterDeps) {
  const { db } = deps;
  return {
    /** Signs the guarantee contract with the loan's, and issues the confirmation letter. */
    async putGuaranteeInForce(input: { applicationId: string; loanId: string; at: string }) {
      const guarantee = await db.guarantee.findUniqueOrThrow({
        where: { applicationId: input.applicationId },
      });
      await db.$transaction(async (tx) => {
        await tx.guarantee.updateMany({
          where: { id: guarantee.id, loanId: null },
          data: { loanId: input.loanId, inForceOn: dayOf(input.at) },
        });
        await recordGuaranteeEvent(tx, {
          subjectId: guarantee.id,
          event: 'contracted',
          at: new Date(input.at),
          data: { loanId: input.loanId },
        });
      });
      const letter = await issueLetter(deps, {
        applicationId: input.applicationId,
        kind: 'guarantee_confirmation',
      });
      return { letterId: letter.letterId };
    },

    /** The deal ended before the money moved: the guarantee frees the firm's headroom. */
    async lapseGuarantee(input: { applicationId: string; at: string }) {
      await lapse(db, input);
    },

    /** The loan is repaid: the guarantee has nothing left to cover. */
    async releaseGuarantee(input: { loanId: string; at: string }) {
      const guarantee = await db.guarantee.findUnique({ where: { loanId: input.loanId } });
      if (!guarantee) return;
      await db.$transaction(async (tx) => {
        await tx.guarantee.update({
          where: { id: guarantee.id },
          data: { endedOn: dayOf(input.at) },
        });
        await recordGuaranteeEvent(tx, {
          subjectId: guarantee.id,
          event: 'released',
          at: new Date(input.at),
          data: { loanId: input.loanId },
        });
      });
    },
  };
}

async function lapse(db: Db, { applicationId, at }: { applicationId: string; at: string }) {
  const guarantee = await db.guarantee.findUnique({ where: { applicationId } });
  if (!guarantee || !notYetDrawn.includes(guarantee.status)) return;
  await db.$transaction(async (tx) => {
    await tx.guarantee.update({ where: { id: guarantee.id }, data: { endedOn: dayOf(at) } });
    await recordGuaranteeEvent(tx, {
      subjectId: guarantee.id,
      event: 'lapsed',
      at: new Date(at),
      close: [
        { kind: 'GUARANTEE_REVIEW', outcome: 'CANCELLED' },
        { kind: 'GUARANTEE_DECISION', outcome: 'CANCELLED' },
      ],
    });
  });
}
