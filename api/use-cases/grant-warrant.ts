// An approver attaches a warrant to a loan's approval (认股权贷款, DOMAIN.md §4): the bank's
// investment affiliate may subscribe a share of the firm within the policy's bounds. The terms
// and the firm's cap table are checked before the approval is sent; once approved, the
// warrant is written with its window and its workflow started. A retried request (the same
// Idempotency-Key) finds the warrant written and starts the workflow if Temporal missed it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar.ts';
import { warrantWorkflowId } from '../../domain/contracts/equity.ts';
import { TASK_QUEUE, type Actor } from '../../domain/contracts/shared.ts';
import { totalUnits } from '../../domain/equity/cap-table.ts';
import {
  exerciseUnits,
  exerciseWindow,
  warrantPolicyInForce,
  warrantProblems,
  type WarrantPolicy,
  type WarrantTerms,
} from '../../domain/equity/warrant.ts';
import { warrantPolicies } from '../../domain/equity/warrant-policy.data.ts';
import type { Application, Db, Institution } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { holdingsOf, unitsByHolder } from '../../prisma/equity-store.ts';
import { recordWarrantEvent } from '../../prisma/lifecycles.ts';
import type { warrantWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { startOnce } from '../workflow-errors.ts';

export interface WarrantGrant {
  affiliate: Institution;
  terms: WarrantTerms;
  policy: WarrantPolicy;
  actor: Actor;
}

/**
 * The warrant an approval asks for, checked before the approval is sent: its affiliate an
 * investor on the platform, the firm's cap table on record (a warrant subscribes a share of
 * it, at least one unit), its terms within the policy in force today. A 422 names each breach.
 */
export async function warrantToGrant(
  db: Db,
  request: { affiliate: string; terms: WarrantTerms },
  loan: { enterpriseId: string; amountFen: number },
  actor: Actor,
): Promise<WarrantGrant> {
  const affiliate = await db.institution.findUnique({ where: { code: request.affiliate } });
  if (affiliate?.kind !== 'INVESTOR') {
    throw new AppError(
      'business_rule',
      `${request.affiliate} is no investment affiliate on the platform`,
    );
  }
  const units = totalUnits(unitsByHolder(await holdingsOf(db, loan.enterpriseId)));
  if (units === 0 || exerciseUnits(units, request.terms.equityBp) === 0) {
    throw new AppError('business_rule', 'a warrant needs the firm’s cap table on record');
  }
  const policy = warrantPolicyInForce(warrantPolicies, shanghaiDate(new Date()));
  const problems = warrantProblems(policy, request.terms, loan.amountFen);
  if (problems.length > 0) {
    throw new AppError(
      'business_rule',
      problems.join('; '),
      problems.map((message) => ({ field: 'body.warrant', message })),
    );
  }
  return { affiliate, terms: request.terms, policy, actor };
}

export async function grantWarrant(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  application: Pick<Application, 'id' | 'enterpriseId'>,
  grant: WarrantGrant,
  { id = randomUUID() }: { id?: string } = {},
): Promise<string> {
  let warrant = await db.warrant.findUnique({ where: { applicationId: application.id } });
  if (!warrant) {
    const grantedOn = shanghaiDate(new Date());
    const window = exerciseWindow(grant.policy, grantedOn, grant.terms.lifeYears);
    warrant = await db.$transaction(async (tx) => {
      const row = await tx.warrant.create({
        data: {
          id,
          applicationId: application.id,
          enterpriseId: application.enterpriseId,
          affiliateId: grant.affiliate.id,
          policyVersion: grant.policy.version,
          subscriptionFen: BigInt(grant.terms.subscriptionFen),
          equityBp: grant.terms.equityBp,
          grantedOn: dayOf(grantedOn),
          exercisableFrom: dayOf(window.exercisableFrom),
          expiresOn: dayOf(window.expiresOn),
          grantedById: grant.actor.userId,
          workflowId: warrantWorkflowId(id),
        },
      });
      await recordWarrantEvent(tx, {
        subjectId: row.id,
        event: 'granted',
        at: new Date(),
        actor: grant.actor,
        data: { ...grant.terms, ...window, policy: grant.policy.version },
      });
      return row;
    });
  }
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await startOnce<typeof warrantWorkflow>(temporal, 'warrantWorkflow', {
    workflowId: warrant.workflowId,
    taskQueue,
    args: [
      {
        warrantId: warrant.id,
        exercisableFrom: day(warrant.exercisableFrom),
        expiresOn: day(warrant.expiresOn),
      },
    ],
  });
  return warrant.id;
}
