// The people's acts on an application, as the workflow accepted them: review, decision,
// votes, requests for information and their answers, withdrawal, and the letters that
// follow. Each act is one transaction: its record, then its lifecycle event (status, tasks,
// audit trail) through the one writer.
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import type { LetterKind } from '../../domain/letter-kinds.ts';
import type { Db } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import type { Actor } from '../../domain/contracts/shared.ts';
import type {
  CreditTaskRef,
  LoanTermsInput,
  ReviewInput,
  VoteInput,
} from '../../domain/contracts/credit.ts';
import { issueDecisionLetter, issueLetter } from '../letters/issue.ts';

type Outcome =
  { outcome: 'approve'; terms: LoanTermsInput } | { outcome: 'reject'; reasons: string[] };

export function createDecisionActivities({
  db,
  publicBaseUrl,
}: {
  db: Db;
  publicBaseUrl?: string;
}) {
  return {
    async recordReview(input: { applicationId: string; review: ReviewInput; at: string }) {
      const { applicationId, review } = input;
      const at = new Date(input.at);
      const policyVersion = await creditTrackVersion(db, applicationId);
      await db.$transaction(async (tx) => {
        await tx.decision.createMany({
          data: [
            {
              applicationId,
              stage: 'REVIEW',
              outcome: review.recommendation === 'approve' ? 'APPROVE' : 'REJECT',
              reasons: review.reasons,
              ...(review.proposal && termsColumns(review.proposal)),
              actorId: review.actor.userId,
              actorRole: review.actor.role,
              policyVersion,
              decidedAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'reviewed',
          at,
          actor: review.actor,
          data: {
            recommendation: review.recommendation,
            reasons: review.reasons,
            proposal: review.proposal ? { ...review.proposal } : null,
            policyVersion,
          },
          close: [{ kind: 'REVIEW', outcome: 'DONE', byId: review.actor.userId }],
        });
      });
    },

    /** The approval decision, by an approver at `level` or (no actor) by the credit committee. */
    async recordDecision(input: {
      applicationId: string;
      task: CreditTaskRef;
      level: ApprovalLevel;
      actor?: Actor;
      decision: Outcome;
      at: string;
    }) {
      const { applicationId, decision, actor } = input;
      const at = new Date(input.at);
      const approved = decision.outcome === 'approve';
      const policyVersion = await creditTrackVersion(db, applicationId);
      await db.$transaction(async (tx) => {
        await tx.decision.createMany({
          data: [
            {
              applicationId,
              stage: 'APPROVAL',
              outcome: approved ? 'APPROVE' : 'REJECT',
              ...(approved ? termsColumns(decision.terms) : { reasons: decision.reasons }),
              actorId: actor?.userId ?? null,
              actorRole: actor?.role ?? 'COMMITTEE_MEMBER',
              level: input.level,
              policyVersion,
              decidedAt: at,
            },
          ],
          skipDuplicates: true,
        });
        const data = approved ? { ...decision.terms } : { reasons: decision.reasons };
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: approved ? 'approved' : 'rejected',
          at,
          actor,
          data: {
            ...data,
            level: input.level,
            by: actor ? 'approver' : 'credit committee',
            policyVersion,
          },
          close: [{ ...input.task, outcome: 'DONE', byId: actor?.userId }],
        });
      });
    },

    async recordVote(input: { applicationId: string; vote: VoteInput; at: string }) {
      const { applicationId, vote } = input;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.committeeVote.createMany({
          data: [
            {
              applicationId,
              memberId: vote.actor.userId,
              choice: vote.choice === 'approve' ? 'APPROVE' : 'REJECT',
              reasons: vote.reasons,
              castAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'vote_cast',
          at,
          actor: vote.actor,
          occurrence: vote.actor.userId,
          data: { choice: vote.choice, reasons: vote.reasons },
        });
      });
    },

    /** Round `round` of questions to the applicant: its task, its trail, and its letter. */
    async requestInformation(input: {
      applicationId: string;
      round: number;
      questions: string[];
      actor: Actor;
      dueAt: string;
      at: string;
    }) {
      const { applicationId, round, questions, dueAt } = input;
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'information_requested',
          at: new Date(input.at),
          actor: input.actor,
          occurrence: round,
          data: { round, questions, dueAt },
          open: [
            {
              kind: 'INFORMATION',
              qualifier: round,
              detail: { round, questions },
              dueAt: new Date(dueAt),
            },
          ],
        }),
      );
      return issueLetter(
        { db, publicBaseUrl },
        { applicationId, kind: 'information_request', sequence: round },
      );
    },

    async recordInformation(input: {
      applicationId: string;
      round: number;
      answers: string[];
      actor: Actor;
      at: string;
    }) {
      const { applicationId, round, answers, actor } = input;
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'information_provided',
          at: new Date(input.at),
          actor,
          occurrence: round,
          data: { round, answers },
          close: [{ kind: 'INFORMATION', qualifier: round, outcome: 'DONE', byId: actor.userId }],
        }),
      );
    },

    /** No answer by the round's deadline: the bank goes on with what it has. */
    async lapseInformation(input: { applicationId: string; round: number; at: string }) {
      const { applicationId, round } = input;
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: applicationId,
          event: 'information_lapsed',
          at: new Date(input.at),
          occurrence: round,
          data: { round },
          close: [{ kind: 'INFORMATION', qualifier: round, outcome: 'CANCELLED' }],
        }),
      );
    },

    async withdraw(input: { applicationId: string; actor: Actor; reason?: string; at: string }) {
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'withdrawn',
          at: new Date(input.at),
          actor: input.actor,
          data: { reason: input.reason ?? null },
          cancelOpenTasks: true,
        }),
      );
    },

    async issueDecisionLetter(input: { applicationId: string }) {
      return issueDecisionLetter({ db, publicBaseUrl }, input.applicationId);
    },

    async issueNotice(input: {
      applicationId: string;
      kind: Extract<LetterKind, 'offer_expiry' | 'file_expiry'>;
    }) {
      return issueLetter({ db, publicBaseUrl }, input);
    },
  };
}

function termsColumns(terms: LoanTermsInput) {
  return {
    amountFen: BigInt(terms.amountFen),
    annualRate: terms.annualRate,
    termMonths: terms.termMonths,
    repaymentMethod: terms.repaymentMethod,
    conditions: terms.conditions,
  };
}

async function creditTrackVersion(db: Db, applicationId: string): Promise<string> {
  const application = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
  return (application.policyVersions as { creditTrack: string }).creditTrack;
}
