// An approver attaches a warrant to a loan's approval (认股权贷款, DOMAIN.md §4): the bank's
// investment affiliate may subscribe a share of the firm within the policy's bounds. The terms
// are checked before the approval is sent; once approved, the warrant is written with its
// window and its workflow started. A retried request (the same Idempotency-Key) finds the
// warrant written and starts the workflow if Temporal missed it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar.ts';
import { warrantWorkflowId } from '../../domain/contracts/equity.ts';
import { TASK_QUEUE, type Actor } from '../../domain/contracts/shared.ts';
import {
  exerciseWindow,
  warrantPolicyInForce,
  warrantProblems,
  type WarrantPolicy,
  type WarrantTerms,
} from '../../domain/equity/warrant.ts';
import { warrantPolicies } from '../../domain/equity/warrant-policy.data.ts';
import type { Application, Db, Institution } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { recordWarrantEvent } from '../../prisma/lifecycles.ts';
import type { warrantWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { callWorkflow } from '../workflow-errors.ts';

/** The policy in force today, once the terms are shown to keep it; a 422 naming each breach. */
export function checkedWarrant(terms: WarrantTerms, loanFen: number): WarrantPolicy {
  const policy = warrantPolicyInForce(warrantPolicies, shanghaiDate(new Date()));
  const problems = warrantProblems(policy, terms, loanFen);
  if (problems.length > 0) {
    throw new AppError(
      'business_rule',
      problems.join('; '),
      problems.map((message) => ({ field: 'body.warrant', message })),
    );
  }
  return policy;
}

export async function grantWarrant(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  application: Pick<Application, 'id' | 'enterpriseId'>,
  grant: { affiliate: Institution; terms: WarrantTerms; policy: WarrantPolicy; actor: Actor },
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
  try {
    await callWorkflow(temporal, () =>
      temporal.workflow.start<typeof warrantWorkflow>('warrantWorkflow', {
        workflowId: warrant.workflowId,
        taskQueue,
        args: [
          {
            warrantId: warrant.id,
            exercisableFrom: day(warrant.exercisableFrom),
            expiresOn: day(warrant.expiresOn),
          },
        ],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return warrant.id;
}
