// Side effects of the credit-application workflow. Every write is idempotent (unique keys
// per case and step, conditional status changes), so Temporal may retry any of them.
import type { Db } from '../prisma/client.ts';
import type { CreditScorecardModel } from '../domain/credit-track-policy.ts';
import { loadScorecardRegistry } from '../prisma/scorecard-store.ts';
import type { DecisionInput, ReviewInput } from '../workflows/messages.ts';
import { recordAuditEvent } from '../prisma/audit-trail.ts';
import { issueDecisionLetter } from './letters.ts';

export interface CreditActivityDeps {
  db: Db;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
}

type TaskKind = 'REVIEW' | 'DECISION';
const taskRole = { REVIEW: 'OFFICER', DECISION: 'APPROVER' } as const;
const statusWhileOpen = { REVIEW: 'UNDER_REVIEW', DECISION: 'AWAITING_DECISION' } as const;

export function createCreditActivities({ db, publicBaseUrl }: CreditActivityDeps) {
  return {
    /** Scores the firm with exactly the scorecard versions the case pinned. */
    async assessApplication(input: {
      applicationId: string;
      scorecards: Partial<Record<CreditScorecardModel, string>>;
    }) {
      const application = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
        include: { enterprise: true },
      });
      const indicators = application.enterprise.indicators;
      const pinned = Object.entries(input.scorecards) as [CreditScorecardModel, string][];
      const registry = await loadScorecardRegistry(db);
      const results = pinned.map(([model, version]) => ({
        model,
        version,
        result: registry.evaluate(model, version, indicators),
      }));
      await db.$transaction(async (tx) => {
        for (const { model, version, result } of results) {
          await tx.assessment.upsert({
            where: { applicationId_model: { applicationId: application.id, model } },
            create: {
              enterpriseId: application.enterpriseId,
              applicationId: application.id,
              model,
              version,
              inputs: indicators ?? {},
              result: JSON.parse(JSON.stringify(result)),
              points: result.points,
              eligible: result.eligible,
            },
            update: {},
          });
        }
        await tx.application.updateMany({
          where: { id: application.id, status: 'SUBMITTED' },
          data: { status: 'ASSESSING' },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: application.id,
          action: 'assessed',
          data: results.map(({ model, version, result }) => ({
            model,
            version,
            points: result.points,
            eligible: result.eligible,
          })),
          dedupeKey: `${application.id}:assessed`,
        });
      });
      return {
        requestedAmountFen: Number(application.amountFen),
        results: results.map(({ model, version, result }) => ({
          model,
          version,
          points: result.points,
          eligible: result.eligible,
        })),
      };
    },

    async openTask(input: { applicationId: string; kind: TaskKind; dueAt: string }) {
      const application = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
      });
      await db.$transaction(async (tx) => {
        await tx.task.createMany({
          data: [
            {
              applicationId: application.id,
              institutionId: application.bankId,
              kind: input.kind,
              role: taskRole[input.kind],
              dueAt: new Date(input.dueAt),
            },
          ],
          skipDuplicates: true,
        });
        await tx.application.updateMany({
          where: { id: application.id, status: { in: ['ASSESSING', 'UNDER_REVIEW'] } },
          data: { status: statusWhileOpen[input.kind] },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: application.id,
          action: `${input.kind.toLowerCase()}_task_opened`,
          data: { dueAt: input.dueAt, role: taskRole[input.kind] },
          dedupeKey: `${application.id}:${input.kind}:opened`,
        });
      });
    },

    async recordEscalation(input: { applicationId: string; task: TaskKind; dueAt: string }) {
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { applicationId: input.applicationId, kind: input.task, escalatedAt: null },
          data: { escalatedAt: new Date() },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: `${input.task.toLowerCase()}_escalated`,
          data: { dueAt: input.dueAt, reason: 'SLA breached: no action by the due time' },
          dedupeKey: `${input.applicationId}:${input.task}:escalated`,
        });
      });
    },

    async recordReview(input: { applicationId: string; review: ReviewInput; at: string }) {
      const { review } = input;
      await recordStep(db, {
        applicationId: input.applicationId,
        task: 'REVIEW',
        at: new Date(input.at),
        actor: review.actor,
        decision: {
          stage: 'REVIEW',
          outcome: review.recommendation === 'approve' ? 'APPROVE' : 'REJECT',
          reasons: review.reasons,
        },
        action: 'reviewed',
        data: { recommendation: review.recommendation, reasons: review.reasons },
      });
    },

    async recordDecision(input: { applicationId: string; decision: DecisionInput; at: string }) {
      const { decision } = input;
      const approved = decision.outcome === 'approve';
      await recordStep(db, {
        applicationId: input.applicationId,
        task: 'DECISION',
        at: new Date(input.at),
        actor: decision.actor,
        decision: approved
          ? {
              stage: 'APPROVAL',
              outcome: 'APPROVE',
              amountFen: BigInt(decision.amountFen),
              annualRate: decision.annualRate,
              termMonths: decision.termMonths,
              reasons: [],
            }
          : { stage: 'APPROVAL', outcome: 'REJECT', reasons: decision.reasons },
        status: approved ? 'APPROVED' : 'REJECTED',
        action: approved ? 'approved' : 'rejected',
        data: approved
          ? {
              amountFen: decision.amountFen,
              annualRate: decision.annualRate,
              termMonths: decision.termMonths,
            }
          : { reasons: decision.reasons },
      });
    },

    async issueLetter(input: { applicationId: string }) {
      return issueDecisionLetter({ db, publicBaseUrl }, input.applicationId);
    },
  };
}

export type CreditActivities = ReturnType<typeof createCreditActivities>;

interface StepRecord {
  applicationId: string;
  task: TaskKind;
  at: Date;
  actor: ReviewInput['actor'];
  decision: {
    stage: 'REVIEW' | 'APPROVAL';
    outcome: 'APPROVE' | 'REJECT';
    amountFen?: bigint;
    annualRate?: string;
    termMonths?: number;
    reasons: string[];
  };
  status?: 'APPROVED' | 'REJECTED';
  action: string;
  data: Record<string, unknown>;
}

/** A person's act: the decision row, the task closed, the status moved, the trail extended. */
async function recordStep(db: Db, step: StepRecord): Promise<void> {
  const application = await db.application.findUniqueOrThrow({
    where: { id: step.applicationId },
  });
  const policyVersion = (application.policyVersions as { creditTrack: string }).creditTrack;
  await db.$transaction(async (tx) => {
    await tx.decision.createMany({
      data: [
        {
          applicationId: step.applicationId,
          ...step.decision,
          actorId: step.actor.userId,
          actorRole: step.actor.role,
          policyVersion,
          decidedAt: step.at,
        },
      ],
      skipDuplicates: true,
    });
    await tx.task.updateMany({
      where: { applicationId: step.applicationId, kind: step.task, status: 'OPEN' },
      data: { status: 'DONE', completedAt: step.at, completedById: step.actor.userId },
    });
    if (step.status) {
      await tx.application.updateMany({
        where: { id: step.applicationId, status: 'AWAITING_DECISION' },
        data: { status: step.status },
      });
    }
    await recordAuditEvent(tx, {
      entityType: 'Application',
      entityId: step.applicationId,
      action: step.action,
      actorId: step.actor.userId,
      actorRole: step.actor.role,
      at: step.at,
      data: { ...step.data, policyVersion } as never,
      dedupeKey: `${step.applicationId}:${step.decision.stage}:decided`,
    });
  });
}
