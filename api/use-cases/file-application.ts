// Filing a credit application: the one way an application starts, whoever files it (the route, the
// benchmark's applicants, the workflow tests). The row, the documents filed with it and the
// trail entry are written together, with the policy versions in force today pinned; then the
// workflow starts (or is found running, for a retried filing with the same id). Once the row
// is written the filing stands, whether or not Temporal answers.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { creditApplicationWorkflowId, type PinnedPolicies } from '../../domain/contracts/credit.ts';
import { TASK_QUEUE } from '../../domain/contracts/shared.ts';
import { matrixInForce } from '../../domain/credit/authority-matrix.ts';
import { authorityMatrices } from '../../domain/credit/authority-matrix.data.ts';
import { checklistInForce } from '../../domain/credit/document-checklist.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { creditTrackPolicyInForce } from '../../domain/credit/track-policy.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import { collateralLabel, type CollateralKind } from '../../domain/pledge/collateral.ts';
import { pledgePolicyInForce } from '../../domain/pledge/pledge-policy.ts';
import { pledgePolicies } from '../../domain/pledge/pledge-policy.data.ts';
import type { Db } from '../../prisma/client.ts';
import {
  recordCreditEvent,
  recordGuaranteeEvent,
  recordPledgeEvent,
} from '../../prisma/lifecycles.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import type { creditApplicationWorkflow } from '../../workflows/index.ts';
import { AppError, notFound } from '../errors.ts';
import { callWorkflow, handedOver } from '../workflow-errors.ts';
import { nameCollateral, type CollateralClaim, type NamedPledge } from './name-collateral.ts';
import {
  requestGuarantee,
  type GuaranteeRequest,
  type RequestedGuarantee,
} from './request-guarantee.ts';
import { findScheme } from '../../domain/guarantee/sharing-scheme.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';

export type Filing = {
  enterpriseId: string;
  bankCode: string;
  amountFen: number;
  termMonths: number;
  purpose: string;
} & (
  | { product: 'credit'; guarantee?: GuaranteeRequest }
  | { product: 'ip-pledge' | 'equity-pledge'; collateral: readonly CollateralClaim[] }
);

/** A document filed with the application, as an upload would store it. */
export interface FiledDocument {
  type: string;
  fileName: string;
  mediaType: string;
  content: Buffer;
  sha256: string;
}

/** What starting a case's workflow needs. */
export interface StartDeps {
  db: Db;
  temporal: Client;
  /** The worker's queue; the platform's by default. */
  taskQueue?: string;
}

export interface FilingDeps extends StartDeps {
  /** Where a pledged right's legal status is checked. */
  registries: Registries;
}

export interface FilingOptions {
  /** The row's id; a retried filing passes the same one (from its Idempotency-Key). */
  id?: string;
  documents?: FiledDocument[];
}

/**
 * Files `filing` for the applicant `filedById`, who must own the firm: the row's id, and whether
 * its workflow started (if Temporal did not answer, the reconciler starts it later).
 */
export async function fileApplication(
  { db, temporal, registries, taskQueue = TASK_QUEUE }: FilingDeps,
  filedById: string,
  filing: Filing,
  { id = randomUUID(), documents = [] }: FilingOptions = {},
): Promise<{ id: string; started: boolean }> {
  const enterprise = await db.enterprise.findUnique({ where: { id: filing.enterpriseId } });
  if (!enterprise || enterprise.ownerId !== filedById) throw notFound('enterprise');
  const bank = await db.institution.findUnique({ where: { code: filing.bankCode } });
  if (!bank || bank.kind !== 'BANK') {
    throw new AppError('business_rule', `no bank with code ${filing.bankCode}`);
  }
  const today = shanghaiDate(new Date());
  const policy = creditTrackPolicyInForce(today);
  let pledges: NamedPledge[] = [];
  let pledgePolicy: string | undefined;
  let guarantee: RequestedGuarantee | undefined;
  if (filing.product === 'credit') {
    checkCreditLimits(policy, filing);
    if (filing.guarantee) {
      guarantee = await requestGuarantee(db, enterprise, filing.amountFen, filing.guarantee);
    }
  } else {
    const inForce = pledgePolicyInForce(pledgePolicies, bank.code, today);
    const maxTerm = inForce.maxTermMonths[filing.product];
    if (filing.termMonths > maxTerm) {
      throw new AppError(
        'business_rule',
        `a ${filing.product} loan runs at most ${maxTerm} months`,
      );
    }
    pledges = await nameCollateral(
      { db, registries },
      enterprise,
      filing.product,
      filing.collateral,
      today,
    );
    pledgePolicy = inForce.version;
  }
  const pinned: PinnedPolicies = {
    creditTrack: policy.version,
    authority: matrixInForce(authorityMatrices, bank.code, today).version,
    documents: checklistInForce(documentChecklists, bank.code, today).version,
    scorecards: Object.fromEntries(
      (await loadScorecardCatalogue(db))
        .scorecardsInForce(today)
        .filter((c) => policy.scorecardModels.some((m) => m === c.model))
        .map((c) => [c.model, c.version]),
    ),
    ...(pledgePolicy && { pledge: pledgePolicy }),
    ...(guarantee && {
      guarantee: { scheme: guarantee.schemeVersion, pool: guarantee.poolPolicy },
    }),
  };
  const workflowId = creditApplicationWorkflowId(id);
  await db.$transaction(async (tx) => {
    const { count } = await tx.application.createMany({
      data: [
        {
          id,
          reference: `DG-${today.replaceAll('-', '')}-${id.slice(0, 8).toUpperCase()}`,
          enterpriseId: enterprise.id,
          bankId: bank.id,
          product: filing.product,
          amountFen: BigInt(filing.amountFen),
          termMonths: filing.termMonths,
          purpose: filing.purpose,
          status: creditApplication.initial,
          workflowId,
          policyVersions: { ...pinned },
          filedById,
        },
      ],
      skipDuplicates: true,
    });
    // A retried filing finds its row, documents and trail entry already written.
    if (count === 0) return;
    await tx.document.createMany({
      data: documents.map((d) => ({
        applicationId: id,
        type: d.type,
        fileName: d.fileName,
        mediaType: d.mediaType,
        sizeBytes: d.content.length,
        sha256: d.sha256,
        content: new Uint8Array(d.content),
        uploadedById: filedById,
      })),
    });
    await tx.pledge.createMany({ data: pledges.map((p) => ({ ...p, applicationId: id })) });
    for (const pledge of await tx.pledge.findMany({ where: { applicationId: id } })) {
      await recordPledgeEvent(tx, {
        subjectId: pledge.id,
        event: 'named',
        at: new Date(),
        actor: { userId: filedById, role: 'APPLICANT' },
        data: {
          applicationId: id,
          kind: pledge.kind,
          registry: pledge.registry,
          number: pledge.number,
        },
      });
    }
    if (guarantee) {
      const row = await tx.guarantee.create({
        data: {
          applicationId: id,
          enterpriseId: enterprise.id,
          bankId: bank.id,
          guarantorId: guarantee.guarantorId,
          schemeVersion: guarantee.schemeVersion,
          poolPolicy: guarantee.poolPolicy,
          whitelistVersion: guarantee.whitelistVersion ?? null,
        },
      });
      await recordGuaranteeEvent(tx, {
        subjectId: row.id,
        event: 'requested',
        at: new Date(),
        actor: { userId: filedById, role: 'APPLICANT' },
        data: { applicationId: id, scheme: guarantee.schemeVersion, pool: guarantee.poolPolicy },
      });
    }
    await recordCreditEvent(tx, {
      subjectId: id,
      event: 'filed',
      actor: { userId: filedById, role: 'APPLICANT' },
      at: new Date(),
      data: {
        amount: fenToYuan(filing.amountFen),
        termMonths: filing.termMonths,
        policy: { ...pinned },
      },
    });
  });
  const started = await handedOver(() => startCreditWorkflow({ db, temporal, taskQueue }, id));
  return { id, started };
}

/** A credit loan's own limits: ¥10m and 36 months on the track's policy. */
function checkCreditLimits(
  policy: ReturnType<typeof creditTrackPolicyInForce>,
  filing: { amountFen: number; termMonths: number },
) {
  if (filing.amountFen > policy.maxCreditAmountFen) {
    throw new AppError(
      'business_rule',
      `a credit loan on this track is at most ¥${fenToYuan(policy.maxCreditAmountFen)}`,
    );
  }
  if (filing.termMonths > policy.maxCreditTermMonths) {
    throw new AppError(
      'business_rule',
      `a credit loan on this track runs at most ${policy.maxCreditTermMonths} months`,
    );
  }
}

/**
 * Starts the workflow of a filed row (or finds it running) and records that it did. Filing
 * calls it at once; the reconciler calls it again for a row an outage left without one.
 */
export async function startCreditWorkflow(
  { db, temporal, taskQueue = TASK_QUEUE }: StartDeps,
  applicationId: string,
): Promise<void> {
  const row = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { bank: true, pledges: { orderBy: { ordinal: 'asc' } }, guarantee: true },
  });
  const guarantee = row.guarantee && {
    guaranteeId: row.guarantee.id,
    scheme: findScheme(await allSchemes(db), row.guarantee.schemeVersion),
  };
  const collateral = row.pledges.map((p) => ({
    pledgeId: p.id,
    kind: p.kind as CollateralKind,
    label: collateralLabel(p),
  }));
  try {
    await callWorkflow(temporal, () =>
      temporal.workflow.start<typeof creditApplicationWorkflow>('creditApplicationWorkflow', {
        workflowId: row.workflowId,
        taskQueue,
        args: [
          {
            applicationId,
            filedById: row.filedById,
            bankCode: row.bank.code,
            policy: row.policyVersions as unknown as PinnedPolicies,
            ...(collateral.length > 0 && { collateral }),
            ...(guarantee && { guarantee }),
          },
        ],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await db.application.updateMany({
    where: { id: applicationId, workflowStartedAt: null },
    data: { workflowStartedAt: new Date() },
  });
}
