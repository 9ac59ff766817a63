// The due-diligence dossier (尽职免责): the duties an application must show and the evidence of each,
// with the whole trail, for the bank's staff and its auditors.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { findChecklist } from '../../domain/credit/document-checklist.ts';
import { dutyChecklist, type ApplicationRecords } from '../../domain/credit/duty-checklist.ts';
import type { Db } from '../../prisma/client.ts';
import { bankApplication } from '../access.ts';
import { maskPersonalData } from '../../domain/privacy.ts';
import { withTexts } from '../../prisma/audit-trail.ts';
import { callWorkflow } from '../workflow-errors.ts';
import type { RouteTable } from './define.ts';
import { caseParams } from './decisions.ts';

const actor = z.object({ userId: z.uuid().nullable(), role: z.string() });

const dossier = z.object({
  applicationId: z.uuid(),
  reference: z.string(),
  status: z.string(),
  complete: z.boolean().meta({
    description: 'Every duty the case owes, given where it stands or how it ended, is done',
  }),
  policyVersions: z.unknown(),
  duties: z.array(
    z.object({
      duty: z.string(),
      zh: z.string(),
      en: z.string(),
      applicable: z.boolean(),
      done: z.boolean(),
      by: actor.nullable().meta({ description: 'role SYSTEM for the platform’s own acts' }),
      at: z.iso.datetime().nullable(),
      evidence: z.unknown(),
    }),
  ),
  trail: z.array(
    z.object({
      at: z.iso.datetime(),
      entityType: z.string(),
      entityId: z.uuid(),
      action: z.string(),
      actorId: z.string().nullable(),
      actorRole: z.string().nullable(),
      data: z.unknown(),
    }),
  ),
});

const pinnedPolicies = z
  .object({
    scorecards: z.record(z.string(), z.string()).optional(),
    authority: z.string().optional(),
    documents: z.string().optional(),
  })
  .catch({});

/** The application's rows and trail read in one snapshot, so the duties and the trail agree. */
function readApplication(db: Db, id: string) {
  return db.$transaction(
    async (tx) => {
      const application = await tx.application.findUniqueOrThrow({
        where: { id },
        include: {
          assessments: { orderBy: { model: 'asc' } },
          decisions: { orderBy: { decidedAt: 'asc' } },
          votes: { orderBy: { castAt: 'asc' } },
          documents: {
            select: { type: true, sha256: true, uploadedById: true, uploadedAt: true },
            orderBy: { uploadedAt: 'asc' },
          },
          letters: {
            select: { kind: true, language: true, revision: true, sha256: true, issuedAt: true },
            orderBy: [{ issuedAt: 'asc' }, { language: 'asc' }],
          },
          loan: {
            include: { disbursements: { where: { status: 'PAID' }, orderBy: { tranche: 'asc' } } },
          },
          pledges: { select: { id: true }, orderBy: { ordinal: 'asc' } },
        },
      });
      const trail = await tx.auditEvent.findMany({
        where: {
          OR: [
            { entityType: 'Application', entityId: id },
            ...(application.loan ? [{ entityType: 'Loan', entityId: application.loan.id }] : []),
            ...application.pledges.map((p) => ({ entityType: 'Pledge', entityId: p.id })),
          ],
        },
        orderBy: { id: 'asc' },
      });
      return { application, trail: await withTexts(tx, trail, maskPersonalData) };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}

async function startOf(temporal: Client, workflowId: string): Promise<Date | null> {
  try {
    return (
      await callWorkflow(temporal, () => temporal.workflow.getHandle(workflowId).describe(), {
        gone: 'rethrow',
      })
    ).startTime;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export function dossierRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'get',
    path: '/v1/applications/:id/dossier',
    tag: 'Credit track',
    summary:
      'The due-diligence dossier: every duty the case must show, who did it, when, with which evidence',
    roles: ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'],
    params: caseParams,
    responses: {
      200: { description: 'The dossier', schema: dossier },
      404: { description: 'No such case at your bank' },
    },
    handler: async ({ principal, params }) => {
      const { id, bank } = await bankApplication(db, principal, params.id);
      const { application, trail } = await readApplication(db, id);
      const policy = pinnedPolicies.parse(application.policyVersions);
      const records: ApplicationRecords = {
        status: application.status,
        product: application.product,
        filedById: application.filedById,
        approvalLevel: application.approvalLevel,
        policy,
        checklist:
          policy.documents === undefined
            ? undefined
            : findChecklist(documentChecklists, bank.code, policy.documents),
        trail,
        pledges: application.pledges,
        assessments: application.assessments.map(({ model, version, points, eligible }) => ({
          model,
          version,
          points,
          eligible,
        })),
        decisions: application.decisions.map((d) => ({
          ...d,
          amountFen: d.amountFen === null ? null : Number(d.amountFen),
          annualRate: d.annualRate?.toString() ?? null,
        })),
        votes: application.votes,
        documents: application.documents,
        letters: application.letters,
        loan: application.loan && {
          contractNumber: application.loan.contractNumber,
          workflowId: application.loan.workflowId,
          monitoringStartedAt: await startOf(temporal, application.loan.workflowId),
          disbursements: application.loan.disbursements.map((p) => ({
            tranche: p.tranche,
            amountFen: Number(p.amountFen),
            reference: p.transferReference ?? p.key,
            paidAt: p.paidAt ?? p.requestedAt,
          })),
        },
      };
      const { duties, complete } = dutyChecklist(records);
      return {
        status: 200,
        body: {
          applicationId: application.id,
          reference: application.reference,
          status: application.status,
          complete,
          policyVersions: application.policyVersions,
          duties,
          trail: trail.map((e) => ({
            at: e.at.toISOString(),
            entityType: e.entityType,
            entityId: e.entityId,
            action: e.action,
            actorId: e.actorId,
            actorRole: e.actorRole,
            data: e.data,
          })),
        },
      };
    },
  });
}
