// Side effects of the credit-application workflow up to the people's steps: intake,
// assessment, routing, tasks and their SLA clocks. Every write is idempotent (keys made by
// the workflow, conditional status changes), so Temporal may retry any of them.
import type { ApprovalLevel } from '../domain/authority-matrix.ts';
import type { CreditScorecardModel } from '../domain/credit-track-policy.ts';
import { findChecklist, missingDocuments } from '../domain/document-checklist.ts';
import { documentChecklists } from '../domain/document-checklist.data.ts';
import { loanProducts, type LoanProduct } from '../domain/products.ts';
import { recordAuditEvent } from '../prisma/audit-trail.ts';
import type { Db, Prisma, TaskKind } from '../prisma/client.ts';
import { loadScorecardRegistry } from '../prisma/scorecard-store.ts';
import { closeTask, openTaskOnce, taskRole } from './case-tasks.ts';
import { createDecisionActivities } from './credit-decisions.ts';

export interface CreditActivityDeps {
  db: Db;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
}

type CaseTaskKind = Exclude<TaskKind, 'EARLY_WARNING'>;

/** The status a case shows while a task of this kind is open, where the kind sets one. */
const statusWhileOpen: Partial<
  Record<CaseTaskKind, 'AWAITING_DOCUMENTS' | 'UNDER_REVIEW' | 'AWAITING_DECISION'>
> = {
  DOCUMENTS: 'AWAITING_DOCUMENTS',
  REVIEW: 'UNDER_REVIEW',
  DECISION: 'AWAITING_DECISION',
  COMMITTEE: 'AWAITING_DECISION',
};

export interface MissingDocument {
  id: string;
  zh: string;
  en: string;
}

export function createCreditActivities({ db, publicBaseUrl }: CreditActivityDeps) {
  return {
    /** The checklist items the case's product needs that no supplied document meets. */
    async checkDocuments(input: {
      applicationId: string;
      checklist: string;
    }): Promise<{ missing: MissingDocument[] }> {
      const application = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
        include: { bank: true, documents: { select: { type: true } } },
      });
      const checklist = findChecklist(documentChecklists, application.bank.code, input.checklist);
      const missing = missingDocuments(
        checklist,
        loanProduct(application.product),
        application.documents.map((d) => d.type),
      );
      return { missing: missing.map(({ id, zh, en }) => ({ id, zh, en })) };
    },

    /** The file is complete: the SLA clock starts now. */
    async completeFile(input: { applicationId: string; at: string }) {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await closeTask(tx, `${input.applicationId}:DOCUMENTS`, 'DONE', at);
        await tx.application.updateMany({
          where: { id: input.applicationId, fileCompletedAt: null },
          data: { fileCompletedAt: at, status: 'ASSESSING' },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: 'file_completed',
          at,
          data: {},
          dedupeKey: `${input.applicationId}:file_completed`,
        });
      });
    },

    /** Documents still missing at the deadline: the case closes. */
    async expireFile(input: { applicationId: string; missing: MissingDocument[]; at: string }) {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await closeTask(tx, `${input.applicationId}:DOCUMENTS`, 'CANCELLED', at);
        await tx.application.updateMany({
          where: { id: input.applicationId, status: 'AWAITING_DOCUMENTS' },
          data: { status: 'EXPIRED' },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: 'file_expired',
          at,
          data: { missing: input.missing.map((d) => d.id) },
          dedupeKey: `${input.applicationId}:file_expired`,
        });
      });
    },

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
      const summary = results.map(({ model, version, result }) => ({
        model,
        version,
        points: result.points,
        eligible: result.eligible,
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
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: application.id,
          action: 'assessed',
          data: summary,
          dedupeKey: `${application.id}:assessed`,
        });
      });
      return {
        requestedAmountFen: Number(application.amountFen),
        product: loanProduct(application.product),
        results: summary,
      };
    },

    /** The grade and authority level the pinned matrix gives the case, and its decision due time. */
    async recordRouting(input: {
      applicationId: string;
      grade: string;
      level: ApprovalLevel;
      matrixVersion: string;
      decisionDueAt: string;
    }) {
      await db.$transaction(async (tx) => {
        await tx.application.update({
          where: { id: input.applicationId },
          data: {
            grade: input.grade,
            approvalLevel: input.level,
            decisionDueAt: new Date(input.decisionDueAt),
          },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: 'routed',
          data: { grade: input.grade, level: input.level, matrix: input.matrixVersion },
          dedupeKey: `${input.applicationId}:routed`,
        });
      });
    },

    async openTask(input: {
      applicationId: string;
      key: string;
      kind: CaseTaskKind;
      dueAt: string;
      level?: ApprovalLevel;
      detail?: Prisma.InputJsonValue;
    }) {
      const application = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
      });
      const role = taskRole[input.kind];
      const status = statusWhileOpen[input.kind];
      await db.$transaction(async (tx) => {
        await openTaskOnce(tx, {
          key: input.key,
          applicationId: application.id,
          institutionId: application.bankId,
          kind: input.kind,
          level: input.level,
          detail: input.detail,
          dueAt: new Date(input.dueAt),
        });
        if (status) {
          await tx.application.updateMany({
            where: { id: application.id, status: { in: [...openStatuses] } },
            data: { status, ...(input.level && { approvalLevel: input.level }) },
          });
        }
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: application.id,
          action: `${input.kind.toLowerCase()}_task_opened`,
          data: { key: input.key, dueAt: input.dueAt, role, level: input.level ?? null },
          dedupeKey: `${input.key}:opened`,
        });
      });
    },

    /** The bank's committee members when the committee task opens: the case's electorate. */
    async committeeMembers(input: { applicationId: string }): Promise<string[]> {
      const { bankId } = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
      });
      const members = await db.user.findMany({
        where: { institutionId: bankId, roles: { has: 'COMMITTEE_MEMBER' } },
        orderBy: { id: 'asc' },
      });
      return members.map((m) => m.id);
    },

    async remind(input: { applicationId: string; taskKey: string; dueAt: string }) {
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { key: input.taskKey, remindedAt: null },
          data: { remindedAt: new Date() },
        });
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: 'reminder_sent',
          data: { task: input.taskKey, dueAt: input.dueAt },
          dedupeKey: `${input.taskKey}:reminded:${input.dueAt}`,
        });
      });
    },

    /**
     * A due time passed with no action. The task is flagged; when the case moves to a higher
     * authority (`to`), the task is cancelled, since the level above takes the case over.
     */
    async escalate(input: {
      applicationId: string;
      taskKey: string;
      dueAt: string;
      to?: ApprovalLevel;
    }) {
      const at = new Date();
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { key: input.taskKey, escalatedAt: null },
          data: { escalatedAt: at },
        });
        if (input.to) await closeTask(tx, input.taskKey, 'CANCELLED', at);
        await recordAuditEvent(tx, {
          entityType: 'Application',
          entityId: input.applicationId,
          action: 'escalated',
          data: {
            task: input.taskKey,
            dueAt: input.dueAt,
            to: input.to ?? null,
            reason: 'SLA breached: no action by the due time',
          },
          dedupeKey: `${input.taskKey}:escalated`,
        });
      });
    },

    /** After a pause, the case's decision due time and its open tasks' due times move on. */
    async moveDueTimes(input: {
      applicationId: string;
      decisionDueAt?: string;
      tasks: { key: string; dueAt: string }[];
    }) {
      await db.$transaction(async (tx) => {
        if (input.decisionDueAt) {
          await tx.application.update({
            where: { id: input.applicationId },
            data: { decisionDueAt: new Date(input.decisionDueAt) },
          });
        }
        for (const task of input.tasks) {
          await tx.task.updateMany({
            where: { key: task.key, status: 'OPEN' },
            data: { dueAt: new Date(task.dueAt) },
          });
        }
      });
    },

    ...createDecisionActivities({ db, publicBaseUrl }),
  };
}

export type CreditActivities = ReturnType<typeof createCreditActivities>;

/** Statuses of a case still in the bank's hands, before any decision. */
const openStatuses = [
  'SUBMITTED',
  'AWAITING_DOCUMENTS',
  'ASSESSING',
  'UNDER_REVIEW',
  'AWAITING_DECISION',
] as const;

function loanProduct(product: string): LoanProduct {
  const known = loanProducts.find((p) => p === product);
  if (!known) throw new TypeError(`unknown loan product ${product}`);
  return known;
}
