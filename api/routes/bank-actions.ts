// The rest of the bank's part in an application: committee votes, requests for information, and the
// officer's confirmation that the conditions precedent are met.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { whenWellFormed } from '../../domain/well-formed.ts';
import { plainText } from '../text.ts';
import type { Db } from '../../prisma/client.ts';
import {
  confirmConditionsUpdate,
  requestInformationUpdate,
  voteUpdate,
} from '../../domain/contracts/credit.ts';
import { type Actor } from '../../domain/contracts/shared.ts';
import type { Principal } from '../auth.ts';
import { bankApplication } from '../access.ts';
import { staffApplicationView } from '../application-view.ts';
import { bodyBytesForText } from '../body.ts';
import type { RouteTable } from './define.ts';
import { actOnApplication, approverActor, caseParams, reasons, refusals } from './decisions.ts';

const MAX_QUESTIONS = 20;
const MAX_QUESTION_CHARACTERS = 1000;

const vote = z
  .object({ choice: z.enum(['approve', 'reject']), reasons })
  .refine((v) => v.choice === 'approve' || v.reasons.length > 0, {
    ...whenWellFormed,
    message: 'a vote to reject needs at least one reason',
    path: ['reasons'],
  });

const informationRequest = z.object({
  questions: z.array(plainText(2, MAX_QUESTION_CHARACTERS)).min(1).max(MAX_QUESTIONS),
  dueWorkingDays: z
    .int()
    .min(1)
    .max(20)
    .optional()
    .meta({ description: "Working days to answer; the credit-track policy's default if absent" }),
});

const conditionsMet = z.object({
  evidence: z
    .array(plainText(2, 500))
    .min(1)
    .max(20)
    .meta({ description: 'What shows each condition met: document ids, registry numbers, notes' }),
});

/**
 * Who asks for information: the approver while the application awaits its decision, the officer
 * before. A person holding both roles asks in the role the application's step calls for, so the
 * workflow judges the request against the right step; holding only the other role, they ask
 * in that one and the workflow refuses it if the step does not allow it.
 */
async function informationActor(db: Db, principal: Principal, status: string): Promise<Actor> {
  const atApproval = status === 'AWAITING_DECISION';
  const holds = (role: 'OFFICER' | 'APPROVER') => principal.roles.includes(role);
  const asApprover = holds('APPROVER') && (atApproval || !holds('OFFICER'));
  return asApprover ? approverActor(db, principal) : { userId: principal.userId, role: 'OFFICER' };
}

export function bankActionRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/votes',
    tag: 'Credit track',
    summary: "A credit committee member's vote; never by whoever originated or reviewed the case",
    roles: ['COMMITTEE_MEMBER'],
    params: caseParams,
    body: vote,
    responses: { 200: { description: 'Vote recorded', schema: staffApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const input = {
        actor: { userId: principal.userId, role: 'COMMITTEE_MEMBER' as const },
        ...body,
      };
      return actOnApplication(db, temporal, { principal, actId }, application, voteUpdate, input);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/information-requests',
    maxBodyBytes: bodyBytesForText(MAX_QUESTIONS * MAX_QUESTION_CHARACTERS),
    tag: 'Credit track',
    summary:
      'Ask the applicant for information; the decision clock pauses until it answers (officer at review, approver at approval)',
    roles: ['OFFICER', 'APPROVER'],
    params: caseParams,
    body: informationRequest,
    responses: { 200: { description: 'Requested', schema: staffApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const actor = await informationActor(db, principal, application.status);
      const input = { actor, ...body };
      return actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        requestInformationUpdate,
        input,
      );
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/conditions',
    tag: 'Credit track',
    summary: "The officer's confirmation that the conditions precedent are met, with the evidence",
    roles: ['OFFICER'],
    params: caseParams,
    body: conditionsMet,
    responses: {
      200: { description: 'Conditions met', schema: staffApplicationView },
      ...refusals,
    },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const input = { actor: { userId: principal.userId, role: 'OFFICER' as const }, ...body };
      return actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        confirmConditionsUpdate,
        input,
      );
    },
  });
}
