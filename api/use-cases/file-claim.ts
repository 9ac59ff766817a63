// The bank files a claim on a guarantee once its loan is far enough past due (the scheme's
// days, 90 by default). The loss is the principal the loan's own workflow says is
// outstanding; the settlement (each party's share, the claims between them, the pool's award)
// is fixed now from the scheme and pool rules the deal pinned, and the claim's workflow starts.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  claimPayers,
  claimWorkflowId,
  type ClaimPayer,
  type ClaimWorkflowInput,
} from '../../domain/contracts/claim.ts';
import { loanQuery, loanWorkflowId } from '../../domain/contracts/loan.ts';
import { TASK_QUEUE, type Actor } from '../../domain/contracts/shared.ts';
import { settleLoss } from '../../domain/guarantee/loss-sharing.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { findPoolPolicy } from '../../domain/guarantee/pool-policy.ts';
import { findScheme } from '../../domain/guarantee/sharing-scheme.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordClaimEvent, recordGuaranteeEvent } from '../../prisma/lifecycles.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';
import type { guaranteeClaimWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { callWorkflow, startOnce } from '../workflow-errors.ts';

type Guarantee = Prisma.GuaranteeGetPayload<{ include: { application: true } }>;

export async function fileClaim(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  guarantee: Guarantee,
  actor: Actor,
  { id = randomUUID() }: { id?: string } = {},
): Promise<string> {
  const filed = await db.guaranteeClaim.findUnique({ where: { guaranteeId: guarantee.id } });
  if (filed && filed.id !== id)
    throw new AppError('conflict', 'a claim on this guarantee is filed');
  // A retried filing (same Idempotency-Key) finds its claim written and starts its workflow.
  if (filed)
    return startClaim(temporal, taskQueue, filed.workflowId, await claimInput(db, filed.id));
  if (guarantee.status !== 'IN_FORCE' || !guarantee.loanId) {
    throw new AppError('invalid_state', `the guarantee is ${guarantee.status}, not in force`);
  }
  const scheme = findScheme(await allSchemes(db), guarantee.schemeVersion);
  const pool = findPoolPolicy(poolPolicies, guarantee.poolPolicy);
  const tooEarly = (daysPastDue: number) =>
    new AppError(
      'business_rule',
      `the loan is ${daysPastDue} days past due; a claim on the guarantee needs ${scheme.claims.daysPastDue}`,
    );
  // The read model answers the common refusal without asking a loan just being opened.
  const row = await db.loan.findUniqueOrThrow({ where: { id: guarantee.loanId } });
  if (row.daysPastDue < scheme.claims.daysPastDue) throw tooEarly(row.daysPastDue);
  const loan = await callWorkflow(temporal, () =>
    temporal.workflow.getHandle(loanWorkflowId(guarantee.loanId!)).query(loanQuery),
  );
  if (loan.daysPastDue < scheme.claims.daysPastDue) throw tooEarly(loan.daysPastDue);
  const poolInstitution = await db.institution.findFirst({
    where: { kind: 'RISK_POOL' },
    orderBy: { code: 'asc' },
  });
  if (!poolInstitution)
    throw new AppError('business_rule', 'no risk-compensation pool is registered');
  // The platform's guaranteed loans are credit loans, which the pool's rules reward (rule 19).
  const settlement = settleLoss(scheme, pool, loan.outstandingPrincipalFen, true);
  const agreements = await db.frameworkAgreement.findMany({
    where: {
      id: {
        in: [guarantee.reguaranteeAgreementId, guarantee.fundAgreementId].filter((a) => a !== null),
      },
    },
  });
  const providerOf = (kind: string) => agreements.find((a) => a.kind === kind)?.providerId;
  const payerIds: Record<ClaimPayer | 'GOVERNMENT', string | undefined> = {
    GUARANTOR: guarantee.guarantorId,
    REGUARANTOR: providerOf('REGUARANTEE'),
    NATIONAL_FUND: providerOf('NATIONAL_FUND'),
    GOVERNMENT: poolInstitution.id,
  };
  const payments = settlement.payments.map((p) => ({
    payer: p.from,
    payee: p.to,
    payerId: payerIds[p.from as ClaimPayer | 'GOVERNMENT']!,
    payeeId: p.to === 'BANK' ? guarantee.bankId : guarantee.guarantorId,
    amountFen: BigInt(p.amountFen),
  }));
  if (!payments.some((p) => p.payer === 'GOVERNMENT')) {
    payments.push({
      payer: 'GOVERNMENT',
      payee: 'GUARANTOR',
      payerId: poolInstitution.id,
      payeeId: guarantee.guarantorId,
      amountFen: 0n,
    });
  }
  const workflowId = claimWorkflowId(guarantee.id);
  const at = new Date();
  await db.$transaction(async (tx) => {
    await tx.guaranteeClaim.create({
      data: {
        id,
        guaranteeId: guarantee.id,
        loanId: guarantee.loanId!,
        poolId: poolInstitution.id,
        daysPastDue: loan.daysPastDue,
        lossFen: BigInt(settlement.lossFen),
        settlement: settlement as unknown as Prisma.InputJsonValue,
        filedById: actor.userId,
        filedAt: at,
        workflowId,
        payments: { create: payments },
      },
    });
    await recordGuaranteeEvent(tx, {
      subjectId: guarantee.id,
      event: 'claimed',
      at,
      actor,
      data: { claimId: id },
    });
    await recordClaimEvent(tx, {
      subjectId: id,
      event: 'filed',
      at,
      actor,
      data: {
        lossFen: settlement.lossFen,
        daysPastDue: loan.daysPastDue,
        scheme: scheme.version,
        pool: pool.version,
      },
    });
  });
  return startClaim(temporal, taskQueue, workflowId, await claimInput(db, id));
}

/** What the claim's workflow starts with, read back from its rows. */
async function claimInput(db: Db, claimId: string): Promise<ClaimWorkflowInput> {
  const claim = await db.guaranteeClaim.findUniqueOrThrow({
    where: { id: claimId },
    include: { guarantee: true, payments: true },
  });
  const owed = (payer: ClaimPayer) =>
    claim.payments.some((p) => p.payer === payer && p.amountFen > 0n);
  return {
    claimId,
    scheme: findScheme(await allSchemes(db), claim.guarantee.schemeVersion),
    poolDecisionWorkingDays: findPoolPolicy(poolPolicies, claim.guarantee.poolPolicy)
      .decisionWorkingDays,
    payers: claimPayers.filter(owed),
  };
}

async function startClaim(
  temporal: Client,
  taskQueue: string,
  workflowId: string,
  input: ClaimWorkflowInput,
) {
  await startOnce<typeof guaranteeClaimWorkflow>(temporal, 'guaranteeClaimWorkflow', {
    workflowId,
    taskQueue,
    args: [input],
  });
  return input.claimId;
}
