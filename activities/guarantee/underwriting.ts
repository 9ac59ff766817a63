// The guarantee's underwriting, each step one transition of its lifecycle: routed under a
// batch agreement with the bank (见贷即保) when one covers the deal, else to the guarantor's
// own diligence (review, then decision by another person); taken on atomically; put in force
// with the loan contract; lapsed or declined when the deal will not happen.
import { ApplicationFailure } from '@temporalio/activity';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import type {
  GuaranteeDecisionInput,
  GuaranteeReviewInput,
  GuaranteeUnderwritingInput,
} from '../../domain/contracts/guarantee.ts';
import { feeProblems } from '../../domain/guarantee/fees.ts';
import type { GuaranteeTaskKind } from '../../domain/guarantee/lifecycle.ts';
import { whitelistEntry } from '../../prisma/whitelist-store.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordCreditEvent, recordGuaranteeEvent } from '../../prisma/lifecycles.ts';
import { commit, type Commitment } from './commitment.ts';

type Tx = Prisma.TransactionClient;

export interface UnderwritingDeps {
  db: Db;
}

const feeTerms = (fees: { kind: string; rateBp: number }[]) => ({
  guaranteeBp: fees.find((f) => f.kind === 'guarantee')?.rateBp ?? 0,
  reguaranteeBp: fees.find((f) => f.kind === 'reguarantee')?.rateBp ?? 0,
});

export function createUnderwritingActivities({ db }: UnderwritingDeps) {
  async function commitmentOf(
    tx: Tx,
    input: GuaranteeUnderwritingInput,
    asOf: string,
  ): Promise<Omit<Commitment, 'fees'>> {
    const guarantee = await tx.guarantee.findUniqueOrThrow({ where: { id: input.guaranteeId } });
    return {
      guaranteeId: guarantee.id,
      enterpriseId: guarantee.enterpriseId,
      guarantorId: guarantee.guarantorId,
      amountFen: input.amountFen,
      termMonths: input.termMonths,
      scheme: input.scheme,
      asOf,
    };
  }

  return {
    /**
     * Takes the deal on under the first batch agreement of the guarantor with the bank that
     * covers it (a whitelisted firm, within quota and per-firm limit, and the deal's own caps);
     * otherwise opens the guarantor's review, saying why the batch route was closed.
     */
    async routeGuarantee(
      input: GuaranteeUnderwritingInput & { asOf: string; at: string; reviewDueAt: string },
    ): Promise<{ route: 'batch' | 'diligence' }> {
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const guarantee = await tx.guarantee.findUniqueOrThrow({
          where: { id: input.guaranteeId },
          include: { application: { include: { enterprise: true } } },
        });
        if (guarantee.status !== 'REQUESTED') {
          return { route: guarantee.route === 'batch' ? 'batch' : 'diligence' };
        }
        const agreements = await tx.frameworkAgreement.findMany({
          where: {
            kind: 'BATCH',
            providerId: guarantee.guarantorId,
            beneficiaryId: guarantee.bankId,
          },
          orderBy: [{ validUntil: 'asc' }, { reference: 'asc' }],
        });
        const listed = await whitelistEntry(tx, guarantee.application.enterprise.uscc);
        const base = await commitmentOf(tx, input, input.asOf);
        const closed: string[] = [];
        if (agreements.length === 0) closed.push('no batch agreement with this bank');
        else if (!listed.entry) closed.push("the firm is not on the science bureau's list");
        else {
          for (const agreement of agreements) {
            const fees = {
              guaranteeBp: agreement.guaranteeFeeBp ?? 0,
              reguaranteeBp: agreement.reguaranteeFeeBp ?? 0,
            };
            // An agreement's fees meet the caps for this deal's size, as a person's would.
            const feeRefusals = feeProblems(input.scheme, input.amountFen, [
              { kind: 'guarantee', rateBp: fees.guaranteeBp },
              { kind: 'reguarantee', rateBp: fees.reguaranteeBp },
            ]);
            if (feeRefusals.length > 0) {
              closed.push(...feeRefusals.map((p) => `${agreement.reference}: ${p.message}`));
              continue;
            }
            const committed = await commit(tx, { ...base, fees, batchAgreementId: agreement.id });
            if (committed.ok) {
              await tx.guarantee.update({ where: { id: guarantee.id }, data: { route: 'batch' } });
              await recordGuaranteeEvent(tx, {
                subjectId: guarantee.id,
                event: 'approved_under_framework',
                at,
                data: {
                  agreement: agreement.reference,
                  whitelistVersion: listed.version!,
                  amountFen: input.amountFen,
                  fees,
                  counterGuarantees: committed.agreements,
                },
              });
              return { route: 'batch' };
            }
            closed.push(committed.problem);
          }
        }
        await tx.guarantee.update({ where: { id: guarantee.id }, data: { route: 'diligence' } });
        await recordGuaranteeEvent(tx, {
          subjectId: guarantee.id,
          event: 'review_task_opened',
          at,
          data: { batchClosed: closed },
          open: [
            {
              kind: 'GUARANTEE_REVIEW',
              dueAt: new Date(input.reviewDueAt),
              detail: { batchClosed: closed },
            },
          ],
        });
        return { route: 'diligence' };
      });
    },

    /** The guarantor officer's report: closes the review and hands the deal to an approver. */
    async recordGuaranteeReview(input: {
      guaranteeId: string;
      review: GuaranteeReviewInput;
      decisionDueAt: string;
      at: string;
    }): Promise<void> {
      const { actor, recommendation, report } = input.review;
      await db.$transaction(async (tx) => {
        await tx.guarantee.update({
          where: { id: input.guaranteeId },
          data: { reviewedById: actor.userId },
        });
        await recordGuaranteeEvent(tx, {
          subjectId: input.guaranteeId,
          event: 'reviewed',
          at: new Date(input.at),
          actor,
          data: { recommendation, report },
          close: [{ kind: 'GUARANTEE_REVIEW', outcome: 'DONE', byId: actor.userId }],
          open: [{ kind: 'GUARANTEE_DECISION', dueAt: new Date(input.decisionDueAt) }],
        });
      });
    },

    /**
     * The approver's decision. An approval takes the deal on atomically and may be refused
     * (the firm's cap, no counter-guarantee with room): the refusal is typed, so the person
     * is told why and the task stays open. A decline ends the guarantee.
     */
    async decideGuarantee(
      input: GuaranteeUnderwritingInput & {
        decision: GuaranteeDecisionInput;
        asOf: string;
        at: string;
      },
    ): Promise<void> {
      const { decision } = input;
      const at = new Date(input.at);
      const close = [
        {
          kind: 'GUARANTEE_DECISION' as GuaranteeTaskKind,
          outcome: 'DONE' as const,
          byId: decision.actor.userId,
        },
      ];
      if (decision.outcome === 'decline') {
        await db.$transaction((tx) =>
          decline(
            tx,
            input.guaranteeId,
            input.applicationId,
            decision.actor,
            decision.reasons,
            at,
            close,
          ),
        );
        return;
      }
      const problems = feeProblems(input.scheme, input.amountFen, decision.fees);
      if (problems.length > 0) refuse(problems.map((p) => p.message).join('; '));
      const fees = feeTerms(decision.fees);
      await db.$transaction(async (tx) => {
        const committed = await commit(tx, {
          ...(await commitmentOf(tx, input, input.asOf)),
          fees,
        });
        if (!committed.ok) refuse(committed.problem);
        await tx.guarantee.update({
          where: { id: input.guaranteeId },
          data: { decidedById: decision.actor.userId },
        });
        await recordGuaranteeEvent(tx, {
          subjectId: input.guaranteeId,
          event: 'approved',
          at,
          actor: decision.actor,
          data: { amountFen: input.amountFen, fees, counterGuarantees: committed.agreements },
          close,
        });
      });
    },

    /** The guarantor turned the deal down after the bank approved it: the case ends there. */
    async declineGuaranteedCase(input: { guaranteeId: string; applicationId: string; at: string }) {
      // The status and its trail entry in one transaction, so no reader sees one without the other.
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'guarantee_declined',
          at: new Date(input.at),
          data: { guaranteeId: input.guaranteeId },
        }),
      );
    },
  };
}

async function decline(
  tx: Tx,
  guaranteeId: string,
  applicationId: string,
  actor: Actor,
  reasons: string[],
  at: Date,
  close: { kind: GuaranteeTaskKind; outcome: 'DONE'; byId: string }[],
) {
  await tx.guarantee.update({ where: { id: guaranteeId }, data: { decidedById: actor.userId } });
  await recordGuaranteeEvent(tx, {
    subjectId: guaranteeId,
    event: 'declined',
    at,
    actor,
    data: { applicationId, reasons },
    close,
  });
}

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: RefusalType.businessRule, message, nonRetryable: true });
}
