// The people's acts on a case, as the workflow accepted them: review, decision, votes,
// requests for information and their answers, withdrawal, and the letters that follow.
// Each act is one transaction: its record, its task closed, its status, its audit event.
import type { ApprovalLevel } from '../domain/authority-matrix.ts';
import type { LetterKind } from '../domain/letters.ts';
import { recordAuditEvent } from '../prisma/audit-trail.ts';
import type { Db, Prisma } from '../prisma/client.ts';
import type { Actor, LoanTermsInput, ReviewInput, VoteInput } from '../workflows/messages.ts';
import { closeTask, openTaskOnce } from './case-tasks.ts';
import { issueDecisionLetter, issueLetter } from './letters.ts';

type Outcome =
  { outcome: 'approve'; terms: LoanTermsInput } | { outcome: 'reject'; reasons: string[] };

export function createDecisionActivities({
  db,
  publicBaseUrl,
}: {
  db: Db;
  publicBaseUrl?: string;
}) {
  const trail = (
    tx: Prisma.TransactionClient,
    applicationId: string,
    action: string,
    dedupeKey: string,
    at: Date,
    data: Prisma.InputJsonObject,
    actor?: Actor,
  ) =>
    recordAuditEvent(tx, {
      entityType: 'Application',
      entityId: applicationId,
      action,
      actorId: actor?.userId,
      actorRole: actor?.role,
      at,
      data,
      dedupeKey,
    });

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
        await closeTask(tx, `${applicationId}:REVIEW`, 'DONE', at, review.actor.userId);
        await trail(
          tx,
          applicationId,
          'reviewed',
          `${applicationId}:reviewed`,
          at,
          {
            recommendation: review.recommendation,
            reasons: review.reasons,
            proposal: review.proposal ? { ...review.proposal } : null,
            policyVersion,
          },
          review.actor,
        );
      });
    },

    /** The approval decision, by an approver at `level` or (no actor) by the credit committee. */
    async recordDecision(input: {
      applicationId: string;
      taskKey: string;
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
        await closeTask(tx, input.taskKey, 'DONE', at, actor?.userId);
        await tx.application.updateMany({
          where: { id: applicationId, status: 'AWAITING_DECISION' },
          data: { status: approved ? 'APPROVED' : 'REJECTED' },
        });
        const data = approved ? { ...decision.terms } : { reasons: decision.reasons };
        await trail(
          tx,
          applicationId,
          approved ? 'approved' : 'rejected',
          `${applicationId}:decided`,
          at,
          {
            ...data,
            level: input.level,
            by: actor ? 'approver' : 'credit committee',
            policyVersion,
          },
          actor,
        );
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
        await trail(
          tx,
          applicationId,
          'vote_cast',
          `${applicationId}:vote:${vote.actor.userId}`,
          at,
          {
            choice: vote.choice,
            reasons: vote.reasons,
          },
          vote.actor,
        );
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
      const { applicationId, round } = input;
      const at = new Date(input.at);
      const key = `${applicationId}:INFORMATION:${round}`;
      const { bankId } = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
      await db.$transaction(async (tx) => {
        await openTaskOnce(tx, {
          key,
          applicationId,
          institutionId: bankId,
          kind: 'INFORMATION',
          detail: { round, questions: input.questions },
          dueAt: new Date(input.dueAt),
          createdAt: at,
        });
        await trail(
          tx,
          applicationId,
          'information_requested',
          `${key}:requested`,
          at,
          {
            round,
            questions: input.questions,
            dueAt: input.dueAt,
          },
          input.actor,
        );
      });
      return issueLetter(
        { db, publicBaseUrl },
        {
          applicationId,
          kind: 'information_request',
          sequence: round,
        },
      );
    },

    async recordInformation(input: {
      applicationId: string;
      round: number;
      answers: string[];
      actor: Actor;
      at: string;
    }) {
      const key = `${input.applicationId}:INFORMATION:${input.round}`;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await closeTask(tx, key, 'DONE', at, input.actor.userId);
        await trail(
          tx,
          input.applicationId,
          'information_provided',
          `${key}:provided`,
          at,
          {
            round: input.round,
            answers: input.answers,
          },
          input.actor,
        );
      });
    },

    /** No answer by the round's deadline: the bank goes on with what it has. */
    async lapseInformation(input: { applicationId: string; round: number; at: string }) {
      const key = `${input.applicationId}:INFORMATION:${input.round}`;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await closeTask(tx, key, 'CANCELLED', at);
        await trail(tx, input.applicationId, 'information_lapsed', `${key}:lapsed`, at, {
          round: input.round,
        });
      });
    },

    async withdraw(input: { applicationId: string; actor: Actor; reason?: string; at: string }) {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { applicationId: input.applicationId, status: 'OPEN' },
          data: { status: 'CANCELLED', completedAt: at },
        });
        await tx.application.update({
          where: { id: input.applicationId },
          data: { status: 'WITHDRAWN' },
        });
        await trail(
          tx,
          input.applicationId,
          'withdrawn',
          `${input.applicationId}:withdrawn`,
          at,
          {
            reason: input.reason ?? null,
          },
          input.actor,
        );
      });
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
