// The bank's people acting on an application. The workflow's validators have the last word (four
// eyes, state, authority); the update id is the Idempotency-Key, so a retried call acts
// only once.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { whenWellFormed } from '../../domain/well-formed.ts';
import { identifier, plainText } from '../text.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import { repaymentMethods } from '../../domain/loan/repayment-schedule.ts';
import type { Db } from '../../prisma/client.ts';
import {
  decideUpdate,
  reviewUpdate,
  type ApplicationSnapshot,
  type DecisionInput,
} from '../../domain/contracts/credit.ts';
import { type Actor } from '../../domain/contracts/shared.ts';
import type { Principal } from '../auth.ts';
import { bankApplication } from '../access.ts';
import { audienceOf, loadApplicationView, staffApplicationView } from '../application-view.ts';
import { AppError } from '../errors.ts';
import { runUpdate } from '../workflow-errors.ts';
import { bodyBytesForText } from '../body.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import { grantWarrant, warrantToGrant } from '../use-cases/grant-warrant.ts';
import type { RouteTable } from './define.ts';

const MAX_REASONS = 20;
const MAX_CONDITIONS = 10;
const MAX_NOTE_CHARACTERS = 500;
/** Reasons and conditions together: the most text a review or a decision carries. */
const maxTextBytes = bodyBytesForText((MAX_REASONS + MAX_CONDITIONS) * MAX_NOTE_CHARACTERS);

export const reasons = z.array(plainText(2, MAX_NOTE_CHARACTERS)).max(MAX_REASONS);

/** A fraction above zero and below one, to at most 6 places: one alternative per leading zeros. */
const annualRate = z
  .string()
  .regex(
    /^0\.(?:[1-9]\d{0,5}|0[1-9]\d{0,4}|00[1-9]\d{0,3}|000[1-9]\d{0,2}|0000[1-9]\d?|00000[1-9])$/,
    'a decimal fraction above zero with up to 6 places, e.g. "0.0435" for 4.35%',
  );

const loanTerms = z.object({
  amount: yuanAmount,
  annualRate,
  termMonths: z.int().min(1).max(60),
  repaymentMethod: z.enum(repaymentMethods),
  conditions: z.array(plainText(2, MAX_NOTE_CHARACTERS)).max(MAX_CONDITIONS).default([]).meta({
    description: 'Conditions precedent to the contract; any makes the approval conditional',
  }),
});

const review = z
  .object({
    recommendation: z.enum(['approve', 'reject']),
    reasons,
    proposal: loanTerms.optional().meta({
      description:
        'The credit plan proposed (required to recommend approval): approvers may lower it, the committee votes on it',
    }),
  })
  .refine((r) => r.recommendation === 'approve' || r.reasons.length > 0, {
    ...whenWellFormed,
    message: 'a recommendation to reject needs at least one reason',
    path: ['reasons'],
  })
  .refine((r) => r.recommendation === 'reject' || r.proposal !== undefined, {
    ...whenWellFormed,
    message: 'a recommendation to approve proposes its terms',
    path: ['proposal'],
  });

const warrantBody = z
  .object({
    affiliate: identifier(64).meta({
      description: "The bank's investment affiliate that holds the warrant",
      example: 'demo-bank-ventures',
    }),
    lifeYears: z.int().min(1).max(10),
    subscription: yuanAmount.meta({ description: 'What the affiliate pays on exercise' }),
    equityBp: z
      .int()
      .min(1)
      .max(9_999)
      .meta({ description: 'The share of the firm it subscribes' }),
  })
  .meta({
    description: 'A warrant attached to the approval (认股权贷款), within the warrant policy',
  });

const decision = z.discriminatedUnion('outcome', [
  loanTerms.extend({ outcome: z.literal('approve'), warrant: warrantBody.optional() }),
  z.object({ outcome: z.literal('reject'), reasons: reasons.min(1) }),
]);

const termsInFen = ({ amount, ...terms }: z.infer<typeof loanTerms>) => ({
  amountFen: yuanToFen(amount),
  ...terms,
});

export const caseParams = z.object({ id: z.uuid() });
export const refusals = {
  403: { description: 'Role not allowed, or the case needs more authority than you hold' },
  404: { description: 'No such case at your bank' },
  409: { description: 'The case is not at this step, or four eyes forbid you to act' },
  422: { description: 'A business rule refuses the act' },
};

/** An approver acts with the authority the bank's records give them, never the token's word. */
export async function approverActor(db: Db, principal: Principal): Promise<Actor> {
  const user = await db.user.findUnique({ where: { id: principal.userId } });
  if (!user?.approvalLevel) {
    throw new AppError('insufficient_authority', 'you hold no delegated approval authority');
  }
  return { userId: principal.userId, role: 'APPROVER', level: user.approvalLevel };
}

/** Runs one update of the application's workflow; answers with the case as the caller sees it. */
export async function actOnApplication<I>(
  db: Db,
  temporal: Client,
  { principal, actId }: { principal: Principal; actId?: string },
  application: { id: string; workflowId: string; bankId: string; enterprise: { ownerId: string } },
  update: UpdateDefinition<ApplicationSnapshot, [I]>,
  input: I,
) {
  await runUpdate(temporal, application.workflowId, update, input, actId);
  const audience = audienceOf(principal, application);
  return { status: 200, body: await loadApplicationView(db, application.id, audience) };
}

export function decisionRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/review',
    maxBodyBytes: maxTextBytes,
    tag: 'Credit track',
    summary: "A credit officer's review and recommendation, with the terms proposed",
    roles: ['OFFICER'],
    params: caseParams,
    body: review,
    responses: { 200: { description: 'Reviewed', schema: staffApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const { proposal, ...recommendation } = body;
      const input = {
        actor: { userId: principal.userId, role: 'OFFICER' as const },
        ...recommendation,
        ...(proposal && { proposal: termsInFen(proposal) }),
      };
      return actOnApplication(db, temporal, { principal, actId }, application, reviewUpdate, input);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/decision',
    maxBodyBytes: maxTextBytes,
    tag: 'Credit track',
    summary:
      "An approver's decision at the level the case was routed to; never by whoever originated or reviewed the case",
    roles: ['APPROVER'],
    params: caseParams,
    body: decision,
    responses: { 200: { description: 'Decided', schema: staffApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const actor = await approverActor(db, principal);
      const { warrant, ...decision } =
        body.outcome === 'approve' ? body : { ...body, warrant: undefined };
      const input: DecisionInput =
        decision.outcome === 'approve'
          ? { actor, ...termsInFen(decision), outcome: decision.outcome }
          : { actor, outcome: decision.outcome, reasons: decision.reasons };
      // A warrant's terms are checked before the approval is sent, and granted once it stands.
      const grant =
        warrant &&
        input.outcome === 'approve' &&
        (await warrantToGrant(
          db,
          {
            affiliate: warrant.affiliate,
            terms: {
              lifeYears: warrant.lifeYears,
              subscriptionFen: yuanToFen(warrant.subscription),
              equityBp: warrant.equityBp,
            },
          },
          { enterpriseId: application.enterpriseId, amountFen: input.amountFen },
          actor,
        ));
      const reply = await actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        decideUpdate,
        input,
      );
      if (grant) {
        await grantWarrant({ db, temporal }, application, grant, {
          id: actId ? stableUuid(`warrant:${actId}`) : randomUUID(),
        });
      }
      return reply;
    },
  });
}
