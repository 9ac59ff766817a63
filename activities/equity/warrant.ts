// The writes of a warrant's ending: its exercise issues the affiliate the units that make its
// share of the firm after the issue, on the cap-table ledger under the firm's lock; its expiry
// closes it. Each tells the firm by letter, issued once however often the activity runs.
import type { Actor } from '../../domain/contracts/shared.ts';
import { exerciseUnits } from '../../domain/equity/warrant.ts';
import { totalUnits } from '../../domain/equity/cap-table.ts';
import { dayOf, lockEnterprise } from '../../prisma/enterprise-store.ts';
import { holdingsOf, institutionHolder, unitsByHolder } from '../../prisma/equity-store.ts';
import { recordWarrantEvent } from '../../prisma/lifecycles.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { issueLetter, type LetterDeps } from '../letters/issue.ts';

export function createWarrantActivities(deps: LetterDeps) {
  const { db } = deps;
  return {
    async exerciseWarrant(input: { warrantId: string; actor: Actor; at: string }) {
      const at = new Date(input.at);
      const warrant = await db.$transaction(async (tx) => {
        const w = await tx.warrant.findUniqueOrThrow({ where: { id: input.warrantId } });
        if (w.status === 'EXERCISED') return w;
        await lockEnterprise(tx, w.enterpriseId);
        const before = totalUnits(unitsByHolder(await holdingsOf(tx, w.enterpriseId)));
        const units = exerciseUnits(before, w.equityBp);
        const affiliate = await tx.institution.findUniqueOrThrow({ where: { id: w.affiliateId } });
        await tx.capTableEntry.create({
          data: {
            enterpriseId: w.enterpriseId,
            shareholderId: await institutionHolder(tx, w.enterpriseId, affiliate),
            shareClass: 'ORDINARY',
            unitsDelta: BigInt(units),
            event: 'WARRANT_EXERCISE',
            sourceId: w.id,
            effectiveOn: dayOf(shanghaiDate(at)),
          },
        });
        await tx.warrant.update({
          where: { id: w.id },
          data: { exercisedOn: dayOf(shanghaiDate(at)), unitsIssued: BigInt(units) },
        });
        await recordWarrantEvent(tx, {
          subjectId: w.id,
          event: 'exercised',
          at,
          actor: input.actor,
          data: {
            unitsBefore: before,
            unitsIssued: units,
            subscriptionFen: Number(w.subscriptionFen),
          },
        });
        return w;
      });
      await issueLetter(deps, { applicationId: warrant.applicationId, kind: 'warrant_exercise' });
    },

    async expireWarrant(input: { warrantId: string; at: string }) {
      const warrant = await db.$transaction(async (tx) => {
        await recordWarrantEvent(tx, {
          subjectId: input.warrantId,
          event: 'expired',
          at: new Date(input.at),
        });
        return tx.warrant.findUniqueOrThrow({ where: { id: input.warrantId } });
      });
      await issueLetter(deps, { applicationId: warrant.applicationId, kind: 'warrant_expiry' });
    },
  };
}
