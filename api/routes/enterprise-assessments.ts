// A firm assessed outside any application: every scorecard in force that its stored indicators, and
// the extra inputs sent, can evaluate. Each assessment keeps its inputs and model version.
// Assessments made for an application belong to that application and are shown with it, not here.
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import { ExpertPointsError } from '../../domain/scorecards/high-tech-score.ts';
import { highTechAssessment } from '../../domain/scorecards/high-tech.ts';
import {
  enterpriseIndicators,
  MissingIndicatorsError,
  type EnterpriseIndicators,
} from '../../domain/scorecards/indicators.ts';
import { listingFinancials } from '../../domain/scorecards/listing-reserve.ts';
import type { ResultOf, Scorecard, ScorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import { startupFacts } from '../../domain/scorecards/startup-sme.ts';
import type { Assessment, Db } from '../../prisma/client.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import { visibleEnterprise } from '../access.ts';
import { AppError } from '../errors.ts';
import { assessmentSummaryView, toAssessmentSummary } from '../enterprise-views.ts';
import { cursorParam, emptyPage } from '../pages.ts';
import type { RouteTable } from './define.ts';

/** What some models need beyond the stored indicators, keyed by model id. */
const extraInputShapes = {
  'high-tech': highTechAssessment.optional(),
  'startup-sme': startupFacts.optional(),
  'tax-startup': startupFacts.optional(),
  'listing-reserve': listingFinancials.optional(),
};
const extraInputs = z
  .strictObject(extraInputShapes)
  .default({})
  .meta({ description: 'Inputs some models need beyond the stored indicators, by model id' });
type ExtraInputs = z.infer<typeof extraInputs>;

/**
 * The models scored here. The knowledge-value card maps a grade to a ceiling, and the
 * innovation points rank a firm among its peers: neither scores one firm's inputs.
 */
type Assessed = 'tech-sme' | keyof ExtraInputs;
const assessed = new Set<string>(['tech-sme', ...Object.keys(extraInputShapes)]);

const assessmentView = assessmentSummaryView.extend({
  result: z.unknown().meta({
    description: 'Points per indicator and failed gates: [{ gate, value, required, gap }]',
  }),
  inputs: z.unknown().meta({ description: '{ indicators, extra }: what was scored' }),
  createdById: z.uuid().nullable(),
});

const skippedView = z.object({ model: z.string(), version: z.string(), reason: z.string() });

const view = (a: Assessment): z.infer<typeof assessmentView> => ({
  ...toAssessmentSummary(a),
  inputs: a.inputs,
  createdById: a.createdById,
});

type Outcome =
  { card: Scorecard; extra: unknown; result: ResultOf<Assessed> } | z.infer<typeof skippedView>;

function assess(
  catalogue: ScorecardCatalogue,
  card: Scorecard,
  indicators: EnterpriseIndicators,
  body: ExtraInputs,
): Outcome {
  const skip = (reason: string) => ({ model: card.model, version: card.version, reason });
  if (!assessed.has(card.model)) return skip("it does not score one firm's inputs");
  const needsExtra = card.model in extraInputShapes;
  const extra = new Map<string, unknown>(Object.entries(body)).get(card.model) ?? null;
  if (needsExtra && extra === null) return skip(`it needs "${card.model}" in the request body`);
  try {
    const extras = needsExtra ? [extra] : [];
    // Only the models in `assessed` get this far.
    const result = catalogue.evaluate(card.model, card.version, indicators, ...extras);
    return { card, extra, result: result as ResultOf<Assessed> };
  } catch (error) {
    if (error instanceof MissingIndicatorsError) {
      return skip(`the firm's indicators lack ${error.fields.join(', ')}`);
    }
    if (error instanceof ExpertPointsError) {
      const field = `body.${card.model}.expertPoints`;
      const details = error.problems.map((message) => ({ field, message }));
      // The ranges are the policy version's, not the schema's: a well-formed request breaking them is a 422.
      throw new AppError('unprocessable', error.message, details);
    }
    throw error;
  }
}

export function enterpriseAssessmentRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/enterprises/:id/assessments',
    tag: 'Enterprises',
    summary: 'Assess a firm on every scorecard in force that its indicators can evaluate',
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    body: extraInputs,
    responses: {
      201: {
        description: 'The assessments stored, and the models in force that could not be scored',
        schema: z.object({ items: z.array(assessmentView), skipped: z.array(skippedView) }),
      },
      404: { description: 'No such firm visible to you' },
      422: { description: 'Nothing could be scored, or expert points outside their ranges' },
    },
    handler: async ({ principal, params, body }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const indicators = enterpriseIndicators.safeParse(enterprise.indicators);
      if (!indicators.success) {
        throw new AppError('business_rule', "the firm's stored indicators are incomplete");
      }
      const catalogue = await loadScorecardCatalogue(db);
      const outcomes = catalogue
        .scorecardsInForce(shanghaiDate(new Date()))
        .map((card) => assess(catalogue, card, indicators.data, body));
      const scored = outcomes.filter((o) => 'result' in o);
      const skipped = outcomes.filter((o) => !('result' in o));
      if (scored.length === 0) {
        throw new AppError('business_rule', 'no scorecard in force can assess this firm', skipped);
      }
      const rows = await db.assessment.createManyAndReturn({
        data: scored.map(({ card, extra, result }) => ({
          enterpriseId: enterprise.id,
          model: card.model,
          version: card.version,
          inputs: JSON.parse(JSON.stringify({ indicators: enterprise.indicators, extra })),
          result: JSON.parse(JSON.stringify(result)),
          points: 'points' in result ? result.points : null,
          eligible: result.eligible,
          createdById: principal.userId,
        })),
      });
      return { status: 201, body: { items: rows.map(view), skipped } };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/assessments',
    tag: 'Enterprises',
    summary: "A firm's own assessments, newest first, a page at a time",
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: cursorParam,
    }),
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(assessmentView), nextCursor: z.uuid().nullable() }),
      },
      404: { description: 'No such firm visible to you' },
    },
    handler: async ({ principal, params, query }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const where = { enterpriseId: enterprise.id, applicationId: null };
      const { limit, cursor } = query;
      if (cursor && (await db.assessment.count({ where: { ...where, id: cursor } })) === 0) {
        return emptyPage;
      }
      const page = await db.assessment.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      });
      const items = page.slice(0, limit);
      const nextCursor = page.length > limit ? items.at(-1)!.id : null;
      return { status: 200, body: { items: items.map(view), nextCursor } };
    },
  });
}
