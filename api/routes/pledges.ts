// The bank's officer and a pledge loan's collateral: the appraisal of each pledged right
// (rule 18), and the answer when the collateral stops the money (a rejected registration,
// filed again or its right replaced; a right impaired before disbursement). The workflow's
// validators have the last word.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import {
  recordAppraisalUpdate,
  resolveCollateralUpdate,
  type CollateralResolutionInput,
  type ReplacementPledge,
} from '../../domain/contracts/pledge.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  collateralLabel,
  isPledgeProduct,
  type CollateralKind,
} from '../../domain/pledge/collateral.ts';
import { whenWellFormed } from '../../domain/well-formed.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import { claimOf, equityHolding, ipRight } from '../collateral-body.ts';
import { nameCollateral } from '../use-cases/name-collateral.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import { appraisalMethods } from '../../domain/pledge/loan-to-value.ts';
import type { Db, Enterprise } from '../../prisma/client.ts';
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

const resolution = z
  .object({
    action: z.enum(['refile', 'replace', 'recheck', 'cancel']).meta({
      description:
        'refile: file a rejected registration again; replace: pledge another right instead of the rejected one (replaces, right, appraisal); recheck: ask the registries again; cancel: end the contract (registered pledges are released)',
    }),
    note: plainText(2, 500).optional(),
    replaces: z.uuid().optional().meta({ description: 'replace: the rejected pledge' }),
    right: z
      .union([ipRight, equityHolding])
      .optional()
      .meta({ description: 'replace: the right pledged instead, checked at its registry' }),
    appraisal: appraisal.optional().meta({ description: "replace: the new right's appraisal" }),
  })
  .superRefine((body, ctx) => {
    const named = [body.replaces, body.right, body.appraisal].filter((f) => f !== undefined);
    const replacing = body.action === 'replace';
    if (named.length !== (replacing ? 3 : 0)) {
      const message = replacing
        ? 'a replacement names the rejected pledge, the new right and its appraisal'
        : 'only a replacement names a right';
      ctx.addIssue({ code: 'custom', message, path: ['action'] });
    }
  }, whenWellFormed);

/** The appraisal report must be one of the case's documents, of its type. */
async function checkReport(db: Db, applicationId: string, documentId: string) {
  const report = await db.document.findUnique({ where: { id: documentId } });
  if (report?.applicationId !== applicationId || report.type !== 'appraisal-report') {
    throw new AppError(
      'business_rule',
      "the report must be one of the case's documents of type appraisal-report",
    );
  }
}

/** The pledge that replaces a rejected one: checked at its registry like a filed right. */
async function replacementOf(
  deps: { db: Db; registries: Registries },
  application: { id: string; product: string; enterprise: Enterprise },
  body: Required<Pick<z.infer<typeof resolution>, 'replaces' | 'right'>>,
  pledgeId: string,
): Promise<ReplacementPledge> {
  const refused = await deps.db.pledge.findUnique({ where: { id: body.replaces } });
  if (refused?.applicationId !== application.id) throw notFound('pledge');
  if (refused.status !== 'REJECTED') {
    throw new AppError('invalid_state', 'only a pledge its registry rejected is replaced');
  }
  if (!isPledgeProduct(application.product)) throw new AppError('invalid_state', 'no collateral');
  const [row] = await nameCollateral(
    deps,
    application.enterprise,
    application.product,
    [claimOf(body.right)],
    shanghaiDate(new Date()),
  );
  return {
    pledgeId,
    kind: row!.kind as CollateralKind,
    label: collateralLabel(row!),
    registry: row!.registry,
    number: row!.number,
    title: row!.title,
    ...(row!.shareholder && {
      shareholder: row!.shareholder,
      subscribedFen: Number(row!.subscribedFen),
      shareBp: row!.shareBp!,
    }),
  };
}

const officer = (userId: string) => ({ userId, role: 'OFFICER' as const });

export function pledgeRoutes(routes: RouteTable, db: Db, temporal: Client, registries: Registries) {
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
      await checkReport(db, application.id, body.documentId);
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
      "The officer's answer when the collateral stops the disbursement: file again, replace the right, check again, or cancel",
    roles: ['OFFICER'],
    params: z.object({ id: z.uuid() }),
    body: resolution,
    responses: {
      200: { description: 'Answered', schema: staffApplicationView },
      ...refusals,
      422: {
        description:
          'Not an answer this problem takes, a replacement right unfit to pledge (collateral_ineligible), or one that would not secure the approved amount',
      },
    },
    handler: async ({ principal, params, body, actId }) => {
      const application = await bankApplication(db, principal, params.id);
      const { replaces, right, appraisal: report, ...answer } = body;
      const actor = officer(principal.userId);
      let input: CollateralResolutionInput;
      if (answer.action === 'replace' && replaces && right && report) {
        await checkReport(db, application.id, report.documentId);
        // A retried call names the same pledge, so the workflow takes it once.
        const pledgeId = actId ? stableUuid(`pledge:${actId}`) : randomUUID();
        const { value, ...reportFacts } = report;
        input = {
          actor,
          ...answer,
          action: 'replace',
          replaces,
          replacement: await replacementOf(
            { db, registries },
            application,
            { replaces, right },
            pledgeId,
          ),
          appraisal: { ...reportFacts, valueFen: yuanToFen(value) },
        };
      } else {
        input = { actor, ...answer, action: answer.action as 'refile' | 'recheck' | 'cancel' };
      }
      const act = { principal, actId };
      return actOnApplication(db, temporal, act, application, resolveCollateralUpdate, input);
    },
  });
}
