// The applicant's part in its own application: withdrawing it before the decision, answering the
// bank's requests for information, and accepting or declining the offer. The workflow's
// validators judge whether the application is at the step the act needs.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { plainText } from '../text.ts';
import type { Db } from '../../prisma/client.ts';
import {
  provideInformationUpdate,
  respondToOfferUpdate,
  withdrawUpdate,
} from '../../domain/contracts/credit.ts';
import type { Principal } from '../auth.ts';
import { visibleApplication } from '../access.ts';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { applicantApplicationView } from '../application-view.ts';
import { AppError, notFound } from '../errors.ts';
import { actOnApplication } from './decisions.ts';
import { bodyBytesForText } from '../body.ts';
import type { RouteTable } from './define.ts';

const MAX_ANSWERS = 20;
const MAX_ANSWER_CHARACTERS = 2000;

const caseParams = z.object({ id: z.uuid() });

const withdrawal = z
  .object({ reason: plainText(2, 500).optional() })
  .default({})
  .meta({ description: 'May be omitted' });

const answers = z.object({
  answers: z.array(plainText(1, MAX_ANSWER_CHARACTERS)).min(1).max(MAX_ANSWERS),
});

const offerResponse = z.object({ response: z.enum(['accept', 'decline']) });

const refusals = {
  404: { description: 'No case of your firms with this id' },
  409: { description: 'The case is not at a step that allows this' },
};

/** An application of the caller's own firms that is still open; bank staff have no say here. */
export async function openOwnApplication(db: Db, principal: Principal, id: string) {
  const application = await visibleApplication(db, principal, id);
  if (application.enterprise.ownerId !== principal.userId) throw notFound('application');
  if (creditApplication.isClosed(application.status)) {
    throw new AppError('invalid_state', `the case is ${application.status.toLowerCase()}`);
  }
  return application;
}

const applicant = (principal: Principal) => ({
  userId: principal.userId,
  role: 'APPLICANT' as const,
});

export function applicantActionRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/withdraw',
    tag: 'Credit track',
    summary: 'Withdraw your application, at any time before the decision',
    roles: ['APPLICANT'],
    params: caseParams,
    body: withdrawal,
    responses: { 200: { description: 'Withdrawn', schema: applicantApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await openOwnApplication(db, principal, params.id);
      const input = { actor: applicant(principal), ...body };
      return actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        withdrawUpdate,
        input,
      );
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/information-requests/:round/response',
    maxBodyBytes: bodyBytesForText(MAX_ANSWERS * MAX_ANSWER_CHARACTERS),
    tag: 'Credit track',
    summary: "Answer the bank's request for information of this round",
    roles: ['APPLICANT'],
    params: caseParams.extend({ round: z.coerce.number().int().min(1).max(1000) }),
    body: answers,
    responses: {
      200: { description: 'Answered; the case goes on', schema: applicantApplicationView },
      ...refusals,
    },
    handler: async ({ principal, params, body, actId }) => {
      const application = await openOwnApplication(db, principal, params.id);
      const input = { actor: applicant(principal), round: params.round, answers: body.answers };
      return actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        provideInformationUpdate,
        input,
      );
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/offer/response',
    tag: 'Credit track',
    summary: "Accept or decline the bank's offer before it expires",
    roles: ['APPLICANT'],
    params: caseParams,
    body: offerResponse,
    responses: { 200: { description: 'Answered', schema: applicantApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await openOwnApplication(db, principal, params.id);
      const input = { actor: applicant(principal), response: body.response };
      return actOnApplication(
        db,
        temporal,
        { principal, actId },
        application,
        respondToOfferUpdate,
        input,
      );
    },
  });
}
