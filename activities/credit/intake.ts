// Side effects of a credit application's intake: the document checklist, the complete (or
// expired) file, the assessment on the pinned scorecards, and the routing. Every write goes
// through the lifecycle writer, keyed by the application and the event, so Temporal may
// retry any of them.
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import { findChecklist, missingDocuments } from '../../domain/credit/document-checklist.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { loanProducts, type LoanProduct } from '../../domain/credit/products.ts';
import type { CreditScorecardModel } from '../../domain/credit/track-policy.ts';
import type { Db } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';

export interface MissingDocument {
  id: string;
  zh: string;
  en: string;
}

export function createIntakeActivities({ db }: { db: Db }) {
  return {
    /** The checklist items the application's product needs that no supplied document meets. */
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
        await tx.application.updateMany({
          where: { id: input.applicationId, fileCompletedAt: null },
          data: { fileCompletedAt: at },
        });
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'file_completed',
          at,
          close: [{ kind: 'DOCUMENTS', outcome: 'DONE' }],
        });
      });
    },

    /** Documents still missing at the deadline: the application closes. */
    async expireFile(input: { applicationId: string; missing: MissingDocument[]; at: string }) {
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'file_expired',
          at: new Date(input.at),
          data: { missing: input.missing.map((d) => d.id) },
          close: [{ kind: 'DOCUMENTS', outcome: 'CANCELLED' }],
        }),
      );
    },

    /** Scores the firm with exactly the scorecard versions the application pinned. */
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
      const catalogue = await loadScorecardCatalogue(db);
      const results = pinned.map(([model, version]) => ({
        model,
        version,
        result: catalogue.evaluate(model, version, indicators),
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
        await recordCreditEvent(tx, {
          subjectId: application.id,
          event: 'assessed',
          at: new Date(),
          data: summary,
        });
      });
      return {
        requestedAmountFen: Number(application.amountFen),
        product: loanProduct(application.product),
        results: summary,
      };
    },

    /** The grade and level the pinned matrix gives the application, and its decision due time. */
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
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'routed',
          at: new Date(),
          data: { grade: input.grade, level: input.level, matrix: input.matrixVersion },
        });
      });
    },
  };
}

function loanProduct(product: string): LoanProduct {
  const known = loanProducts.find((p) => p === product);
  if (!known) throw new TypeError(`unknown loan product ${product}`);
  return known;
}
