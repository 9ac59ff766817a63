// The writes of an equity round: commitments and the firm's confirmation as they come, then
// the closing (units issued to each investor on the ledger, the post-money valuation, each
// investment's tax test on the day) or the lapse (commitments released), and 24 months after
// a closing the notice to the qualified investors. Each is one transaction through the
// round's lifecycle, so a retried activity writes nothing twice.
import type {
  CommitInput,
  ConfirmConditionsInput,
  RoundClosed,
} from '../../domain/contracts/equity.ts';
import { closeRound, taxDeduction } from '../../domain/equity/round.ts';
import { basisPointsOf } from '../../domain/allocation.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import type { Db } from '../../prisma/client.ts';
import {
  holdingsOf,
  institutionHolder,
  roundTerms,
  unitsByHolder,
} from '../../prisma/equity-store.ts';
import {
  addEquityFinancing,
  asJson,
  dayOf,
  lockEnterprise,
  startupTestOn,
} from '../../prisma/enterprise-store.ts';
import { recordRoundEvent } from '../../prisma/lifecycles.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import { recordSubFundInvestments } from '../fund/round-investments.ts';

export function createRoundActivities({ db }: { db: Db }) {
  return {
    async recordCommitment(input: { roundId: string; commitment: CommitInput; at: string }) {
      const { roundId, commitment, at } = input;
      await db.$transaction(async (tx) => {
        await tx.roundCommitment.createMany({
          data: {
            roundId,
            investorId: commitment.investorId,
            amountFen: BigInt(commitment.amountFen),
            committedById: commitment.actor.userId,
            committedAt: new Date(at),
          },
          skipDuplicates: true,
        });
        await recordRoundEvent(tx, {
          subjectId: roundId,
          event: 'committed',
          at: new Date(at),
          actor: commitment.actor,
          occurrence: commitment.investorId,
          data: { investorId: commitment.investorId, amountFen: commitment.amountFen },
        });
      });
    },

    async confirmRoundConditions(input: {
      roundId: string;
      confirmation: ConfirmConditionsInput;
      at: string;
    }) {
      const { roundId, confirmation, at } = input;
      await db.$transaction(async (tx) => {
        await tx.equityRound.update({
          where: { id: roundId },
          data: {
            conditionsConfirmedAt: new Date(at),
            conditionsConfirmedById: confirmation.actor.userId,
          },
        });
        await recordRoundEvent(tx, {
          subjectId: roundId,
          event: 'conditions_confirmed',
          at: new Date(at),
          actor: confirmation.actor,
        });
      });
    },

    async closeRound(input: {
      roundId: string;
      closedOn: string;
      at: string;
    }): Promise<RoundClosed> {
      const { roundId, closedOn, at } = input;
      return db.$transaction(async (tx) => {
        const round = await tx.equityRound.findUniqueOrThrow({
          where: { id: roundId },
          include: { enterprise: true, commitments: { include: { investor: true } } },
        });
        if (round.status === 'CLOSED') return closedBefore(round.commitments);
        await lockEnterprise(tx, round.enterpriseId);
        const holdings = unitsByHolder(await holdingsOf(tx, round.enterpriseId));
        const holderOf = new Map<string, string>();
        for (const c of round.commitments) {
          holderOf.set(c.id, await institutionHolder(tx, round.enterpriseId, c.investor));
        }
        // The closing is worked per commitment; each maps to its investor's line on the register.
        const closing = closeRound(
          roundTerms(round),
          { capitalUnit: round.enterprise.capitalUnit!, holdings },
          round.commitments.map((c) => ({ holderId: c.id, amountFen: Number(c.amountFen) })),
        );
        const shareClass = round.instrument === 'PREFERRED' ? 'PREFERRED' : 'ORDINARY';
        await tx.capTableEntry.createMany({
          data: closing.moves.map((move) => ({
            enterpriseId: round.enterpriseId,
            shareholderId: holderOf.get(move.holderId)!,
            shareClass,
            unitsDelta: BigInt(move.unitsDelta),
            event: 'ROUND' as const,
            sourceId: round.id,
            effectiveOn: dayOf(closedOn),
          })),
        });
        const catalogue = await loadScorecardCatalogue(db);
        const test = await startupTestOn(tx, catalogue, {
          enterpriseId: round.enterpriseId,
          model: 'tax-startup',
          on: closedOn,
        });
        const taxTest = asJson(test);
        const deductibleFrom = test.eligible
          ? monthsAfter(closedOn, taxDeduction.afterMonths)
          : undefined;
        for (const issue of closing.issues) {
          await tx.roundCommitment.update({
            where: { id: issue.holderId },
            data: {
              status: 'INVESTED',
              unitsIssued: BigInt(issue.units),
              capitalReserveFen: BigInt(issue.capitalReserveFen),
              taxTest,
              ...(deductibleFrom && {
                deductibleFrom: dayOf(deductibleFrom),
                deductibleFen: BigInt(basisPointsOf(issue.amountFen, taxDeduction.deductibleBp)),
              }),
            },
          });
        }
        await addEquityFinancing(tx, round.enterpriseId, closedOn, closing.raisedFen);
        await recordSubFundInvestments(
          tx,
          round,
          closing.issues,
          { closedOn, at: new Date(at) },
          catalogue,
        );
        await tx.equityRound.update({
          where: { id: roundId },
          data: {
            closedOn: dayOf(closedOn),
            unitsBefore: BigInt(closing.unitsBefore),
            unitsAfter: BigInt(closing.unitsAfter),
            postMoneyFen: BigInt(closing.postMoneyFen),
          },
        });
        await recordRoundEvent(tx, {
          subjectId: roundId,
          event: 'closed',
          at: new Date(at),
          data: {
            raisedFen: closing.raisedFen,
            postMoneyFen: closing.postMoneyFen,
            unitsBefore: closing.unitsBefore,
            unitsAfter: closing.unitsAfter,
            taxTest,
          },
        });
        return { ...(deductibleFrom && { deductibleFrom }) };
      });
    },

    async lapseRound(input: { roundId: string; at: string }) {
      await db.$transaction(async (tx) => {
        await tx.roundCommitment.updateMany({
          where: { roundId: input.roundId, status: 'COMMITTED' },
          data: { status: 'RELEASED' },
        });
        await recordRoundEvent(tx, {
          subjectId: input.roundId,
          event: 'lapsed',
          at: new Date(input.at),
        });
      });
    },

    async announceDeduction(input: { roundId: string; at: string }) {
      await db.$transaction(async (tx) => {
        const due = await tx.roundCommitment.findMany({
          where: { roundId: input.roundId, deductibleFen: { not: null } },
        });
        await tx.roundCommitment.updateMany({
          where: {
            roundId: input.roundId,
            deductibleFen: { not: null },
            deductionNotifiedAt: null,
          },
          data: { deductionNotifiedAt: new Date(input.at) },
        });
        await recordRoundEvent(tx, {
          subjectId: input.roundId,
          event: 'deduction_available',
          at: new Date(input.at),
          data: due.map((c) => ({
            investorId: c.investorId,
            deductibleFen: Number(c.deductibleFen),
          })),
        });
      });
    },
  };
}

/** The closing already written (a retried activity): the date its deductions start. */
function closedBefore(commitments: { deductibleFrom: Date | null }[]): RoundClosed {
  const from = commitments.find((c) => c.deductibleFrom)?.deductibleFrom;
  return from ? { deductibleFrom: from.toISOString().slice(0, 10) } : {};
}
