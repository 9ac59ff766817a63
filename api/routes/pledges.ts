// The bank's officer and a pledge loan's collateral: the appraisal of each pledged right
// (rule 18), and the answer when the collateral stops the money (a rejected registration, a
// right impaired before disbursement). The workflow's validators have the last word.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { recordAppraisalUpdate, resolveCollateralUpdate } from '../../domain/contracts/pledge.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import { appraisalMethods } from '../../domain/pledge/loan-to-value.ts';
import type { Db } from '../../prisma/client.ts';
import { bankApplication } from '../access.ts';
import { staffApplicationView } from '../application-view.ts';
import { AppError, notFound } from '../errors.ts';
import { plainName, plainText } from '../text.ts';
import { actOnApplication, refusals } from './decisions.ts';
import type { RouteTable } from './define.ts';

const appraisal = z.object({
  appraiser: plainName(2, 200).meta({ example: '湖北众联资产评估有限公司' }),
  appraisedOn: z.iso.date().meta({ description: "The report's date; it counts for 12 months" }),
  value: yuanAmount.meta({ description: 'Appraised value in yuan' }),
  method: z.enum(appraisalMethods),
  documentId: z
    .uuid()
    .meta({ description: 'The report, uploaded as an appraisal-report document' }),
});

const resolution = z.object({
  action: z.enum(['refile', 'recheck', 'cancel']).meta({
    description:
      'refile: file a rejected registration again; recheck: ask the registries again; cancel: end the contract (registered pledges are released)',
  }),
  note: plainText(2, 500).optional(),
});

const officer = (userId: string) => ({ userId, role: 'OFFICER' as const });

export function pledgeRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/pledges/:pledgeId/appraisal',
    tag: 'Pledge loans',
    summary: "Record a pledged right's appraisal report; a newer report replaces the last",
    roles: ['OFFICER'],
    params: z.object({ id: z.uuid(), pledgeId: z.uuid() }),
    body: appraisal,
    responses: {
      200: { description: 'Recorded', schema: staffApplicationView },
      ...refusals,
      422: { description: 'Dated after today or expired, or the report is not on the case' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const pledge = await db.pledge.findUnique({ where: { id: params.pledgeId } });
      if (pledge?.applicationId !== application.id) throw notFound('pledge');
      const report = await db.document.findUnique({ where: { id: body.documentId } });
      if (report?.applicationId !== application.id || report.type !== 'appraisal-report') {
        throw new AppError(
          'business_rule',
          "the report must be one of the case's documents of type appraisal-report",
        );
      }
      const { value, ...rest } = body;
      const input = {
        actor: officer(principal.userId),
        pledgeId: pledge.id,
        appraisal: { ...rest, valueFen: yuanToFen(value) },
      };
      const act = { principal, actId };
      return actOnApplication(db, temporal, act, application, recordAppraisalUpdate, input);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/applications/:id/collateral/resolution',
    tag: 'Pledge loans',
    summary:
      "The officer's answer when the collateral stops the disbursement: file again, check again, or cancel",
    roles: ['OFFICER'],
    params: z.object({ id: z.uuid() }),
    body: resolution,
    responses: { 200: { description: 'Answered', schema: staffApplicationView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const input = { actor: officer(principal.userId), ...body };
      const act = { principal, actId };
      return actOnApplication(db, temporal, act, application, resolveCollateralUpdate, input);
    },
  });
}
