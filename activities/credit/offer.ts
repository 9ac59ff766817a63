// From approval to a live loan: the offer, the applicant's answer, conditions precedent, the
// contract and the disbursement. Every write is keyed by the application or the loan and every
// status change is conditional, so Temporal may retry any of these at any point.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { shanghaiDate } from '../../domain/calendar.ts';
import type { DayCount, DueDateRule } from '../../domain/loan/repayment-schedule.ts';
import type { Db } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import { loanWorkflowId } from '../../domain/contracts/loan.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import type { CoreBanking } from '../core-banking.ts';
import { disburse } from './disbursement.ts';

export interface OfferActivityDeps {
  db: Db;
  coreBanking: CoreBanking;
}

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: RefusalType.invalidState, message, nonRetryable: true });
}

export function createOfferActivities({ db, coreBanking }: OfferActivityDeps) {
  return {
    /** The approved terms offered to the applicant, with an OFFER task due when they lapse. */
    async openOffer(input: { applicationId: string; validUntil: string }) {
      const { applicationId } = input;
      const decision = await db.decision.findUnique({
        where: { applicationId_stage: { applicationId, stage: 'APPROVAL' } },
      });
      if (decision?.outcome !== 'APPROVE') refuse(`case ${applicationId} was not approved`);
      const { amountFen, annualRate, termMonths, repaymentMethod, conditions } = decision;
      if (amountFen === null || annualRate === null || termMonths === null || !repaymentMethod) {
        refuse(`the approval of case ${applicationId} lacks loan terms`);
      }
      const validUntil = new Date(input.validUntil);
      return db.$transaction(async (tx) => {
        await tx.offer.createMany({
          data: [
            {
              applicationId,
              amountFen,
              annualRate,
              termMonths,
              repaymentMethod,
              conditions,
              issuedAt: new Date(),
              validUntil,
            },
          ],
          skipDuplicates: true,
        });
        const offer = await tx.offer.findUniqueOrThrow({ where: { applicationId } });
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'offer_made',
          at: offer.issuedAt,
          open: [{ kind: 'OFFER', detail: { offerId: offer.id }, dueAt: validUntil }],
          data: {
            offerId: offer.id,
            amountFen: Number(amountFen),
            annualRate: annualRate.toFixed(),
            termMonths,
            repaymentMethod,
            conditions,
            validUntil: input.validUntil,
          },
        });
        return { offerId: offer.id };
      });
    },

    /**
     * The applicant's answer. Only an OPEN offer takes one: a second, different answer (or one
     * after expiry) changes nothing. Accepting an offer with conditions precedent opens the
     * officer's CONDITIONS task, due when the offer lapses.
     */
    async recordOfferResponse(input: {
      applicationId: string;
      response: 'accept' | 'decline';
      actor: Actor;
      at: string;
    }): Promise<void> {
      const { applicationId, actor } = input;
      const at = new Date(input.at);
      const status = input.response === 'accept' ? 'ACCEPTED' : 'DECLINED';
      await db.$transaction(async (tx) => {
        await tx.offer.updateMany({
          where: { applicationId, status: 'OPEN' },
          data: { status, respondedAt: at, respondedById: actor.userId },
        });
        const offer = await tx.offer.findUniqueOrThrow({ where: { applicationId } });
        // A retry finds its own answer recorded; anything else means another outcome won.
        if (offer.status !== status || offer.respondedById !== actor.userId) return;
        const conditional = status === 'ACCEPTED' && offer.conditions.length > 0;
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: status === 'ACCEPTED' ? 'offer_accepted' : 'offer_declined',
          at,
          actor,
          data: { offerId: offer.id, response: input.response },
          close: [{ kind: 'OFFER', outcome: 'DONE', byId: actor.userId }],
          open: conditional
            ? [
                {
                  kind: 'CONDITIONS',
                  detail: { conditions: offer.conditions },
                  dueAt: offer.validUntil,
                },
              ]
            : [],
        });
      });
    },

    /** The offer, or the conditions of an accepted one, not taken up before it lapsed. */
    async expireOffer(input: { applicationId: string; at: string }): Promise<void> {
      const { applicationId } = input;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        // An application already contracted or declined has nothing left to lapse.
        const { count } = await tx.offer.updateMany({
          where: {
            applicationId,
            status: { in: ['OPEN', 'ACCEPTED'] },
            application: { status: 'APPROVED' },
          },
          data: { status: 'EXPIRED' },
        });
        const offer = await tx.offer.findUniqueOrThrow({ where: { applicationId } });
        if (count === 0 && offer.status !== 'EXPIRED') return;
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'offer_expired',
          at,
          data: { offerId: offer.id, validUntil: offer.validUntil.toISOString() },
          close: [
            { kind: 'OFFER', outcome: 'CANCELLED' },
            { kind: 'CONDITIONS', outcome: 'CANCELLED' },
          ],
        });
      });
    },

    /** The officer confirms the conditions precedent of an accepted offer, with the evidence. */
    async recordConditionsMet(input: {
      applicationId: string;
      actor: Actor;
      evidence: string[];
      at: string;
    }): Promise<void> {
      const { applicationId, actor, evidence } = input;
      const at = new Date(input.at);
      const offer = await db.offer.findUniqueOrThrow({ where: { applicationId } });
      if (offer.status !== 'ACCEPTED') refuse(`the offer of case ${applicationId} is not accepted`);
      await db.$transaction(async (tx) => {
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'conditions_met',
          at,
          actor,
          data: { conditions: offer.conditions, evidence },
          close: [{ kind: 'CONDITIONS', outcome: 'DONE', byId: actor.userId }],
        });
      });
    },

    /** The contract on the accepted offer's terms; a retry finds the loan it wrote before. */
    async signContract(input: {
      applicationId: string;
      at: string;
      signedById: string;
      dayCount: DayCount;
      dueDateRule: DueDateRule;
      classificationPolicy: string;
    }) {
      const { applicationId, signedById, dayCount, dueDateRule, classificationPolicy } = input;
      const signedAt = new Date(input.at);
      const offer = await db.offer.findUniqueOrThrow({
        where: { applicationId },
        include: { application: true },
      });
      if (offer.status !== 'ACCEPTED') refuse(`the offer of case ${applicationId} is not accepted`);
      const id = randomUUID();
      return db.$transaction(async (tx) => {
        // A retry's new id loses to the loan already written (one loan per application).
        await tx.loan.createMany({
          data: [
            {
              id,
              contractNumber: `DG-LN-${shanghaiDate(signedAt).replaceAll('-', '')}-${id.slice(0, 8).toUpperCase()}`,
              applicationId,
              bankId: offer.application.bankId,
              amountFen: offer.amountFen,
              annualRate: offer.annualRate,
              termMonths: offer.termMonths,
              repaymentMethod: offer.repaymentMethod,
              dayCount,
              dueDateRule,
              conditions: offer.conditions,
              signedAt,
              signedById,
              classificationPolicy,
              workflowId: loanWorkflowId(id),
            },
          ],
          skipDuplicates: true,
        });
        const loan = await tx.loan.findUniqueOrThrow({ where: { applicationId } });
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'contract_signed',
          actor: { userId: loan.signedById, role: 'APPLICANT' },
          at: loan.signedAt,
          data: {
            loanId: loan.id,
            contractNumber: loan.contractNumber,
            amountFen: Number(loan.amountFen),
            annualRate: loan.annualRate.toFixed(),
            termMonths: loan.termMonths,
            repaymentMethod: loan.repaymentMethod,
            dayCount: loan.dayCount,
            dueDateRule: loan.dueDateRule,
            classificationPolicy: loan.classificationPolicy,
          },
        });
        return { loanId: loan.id, contractNumber: loan.contractNumber };
      });
    },

    /** Pays the loan at most once and fixes its schedule (disbursement.ts). */
    disburse: (input: { loanId: string; tranche: number }) => disburse({ db, coreBanking }, input),
  };
}
