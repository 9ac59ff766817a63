// POST /v1/assessments/preview: every scorecard in force on the firm's asOf, applied to the
// indicators in the body. Nothing is stored; innovation points rank the firm against the
// registered enterprises of its stage.
import { z, ZodError } from 'zod';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { highTechAssessment } from '../../domain/scorecards/high-tech.ts';
import { ExpertPointsError } from '../../domain/scorecards/high-tech-score.ts';
import {
  enterpriseIndicators,
  MissingIndicatorsError,
} from '../../domain/scorecards/indicators.ts';
import {
  buildCohorts,
  innovationGroups,
  innovationStages,
  type InnovationCohorts,
  type InnovationPointsScorecard,
} from '../../domain/scorecards/innovation-points.ts';
import {
  checkKnowledgeValueLoan,
  knowledgeValueGrades,
} from '../../domain/scorecards/knowledge-value.ts';
import { listingFinancials } from '../../domain/scorecards/listing-reserve.ts';
import type { ModelId, Scorecard, ScorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import { startupFacts } from '../../domain/scorecards/startup-sme.ts';
import type { Db } from '../../prisma/client.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

/** Each model's key in the results; the models that need more read it from the same key. */
const resultKey = {
  'tech-sme': 'techSme',
  'high-tech': 'highTech',
  'startup-sme': 'startupSme',
  'tax-startup': 'taxStartup',
  'listing-reserve': 'listingReserve',
  'knowledge-value': 'knowledgeValue',
  'innovation-points': 'innovationPoints',
} as const satisfies Record<ModelId, string>;

const previewBody = enterpriseIndicators.safeExtend({
  highTech: highTechAssessment
    .optional()
    .meta({ description: "The experts' findings and points, for high-tech recognition" }),
  startupSme: startupFacts.optional().meta({ description: 'For the start-up stage test' }),
  taxStartup: startupFacts
    .optional()
    .meta({ description: 'For the tax-qualified start-up test (财税〔2018〕55号)' }),
  listingReserve: listingFinancials
    .optional()
    .meta({ description: 'Three-year financials, for the listing-reserve gates' }),
  knowledgeValue: z
    .object({
      grade: z.enum(knowledgeValueGrades),
      amount: yuanAmount,
      termMonths: z.int().positive(),
    })
    .optional()
    .meta({ description: 'The knowledge-value grade and the loan to check against it' }),
});
type PreviewBody = z.infer<typeof previewBody>;

const failedGate = z.object({
  gate: z.string(),
  value: z.string(),
  required: z.string(),
  gap: z.string().nullable(),
});
const indicatorScore = z.object({
  id: z.string(),
  value: z.string(),
  points: z.number(),
  max: z.number(),
  rule: z.string(),
});
const card = { model: z.string(), version: z.string() };
const evaluated = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ ...card, evaluated: z.literal(true), ...shape });
const withInputs = <S extends z.ZodRawShape>(shape: S) =>
  z
    .union([
      evaluated(shape),
      z.object({
        ...card,
        evaluated: z.literal(false),
        missing: z.array(z.string()).meta({ description: 'Body fields the model needs' }),
      }),
    ])
    .optional();

export const previewResponse = z.object({
  asOf: z.iso.date(),
  results: z
    .object({
      techSme: evaluated({
        eligible: z.boolean(),
        points: z.number(),
        max: z.number(),
        directQualification: z.boolean(),
        indicators: z.array(indicatorScore),
        failedGates: z.array(failedGate),
      }).optional(),
      highTech: withInputs({
        eligible: z.boolean(),
        gatesPassed: z.boolean().meta({ description: 'Every gate but the innovation score met' }),
        points: z.number(),
        max: z.number(),
        indicators: z.array(indicatorScore),
        failedGates: z.array(failedGate),
      }),
      startupSme: withInputs({ eligible: z.boolean(), failedGates: z.array(failedGate) }),
      taxStartup: withInputs({ eligible: z.boolean(), failedGates: z.array(failedGate) }),
      listingReserve: withInputs({
        eligible: z.boolean(),
        boards: z.array(
          z.object({
            board: z.string(),
            eligible: z.boolean(),
            qualifiedBy: z.string().nullable(),
            failedGates: z.array(failedGate),
          }),
        ),
      }),
      knowledgeValue: withInputs({
        eligible: z.boolean(),
        ceiling: yuanAmount,
        failedGates: z.array(failedGate),
      }),
      innovationPoints: evaluated({
        stage: z.enum(innovationStages),
        cohortSize: z.int().meta({ description: 'Registered firms of the same stage' }),
        points: z.number(),
        max: z.number(),
        groups: z.array(
          z.object({
            group: z.enum(Object.keys(innovationGroups) as [keyof typeof innovationGroups]),
            points: z.number(),
            max: z.number(),
          }),
        ),
        indicators: z.array(indicatorScore),
      }).optional(),
    })
    .meta({ description: 'One entry per scorecard model in force on asOf' }),
});

export function assessmentPreviewRoutes(routes: RouteTable, db: Db) {
  const cohorts = registeredCohorts(db);
  routes.add({
    method: 'post',
    path: '/v1/assessments/preview',
    tag: 'Assessments',
    summary: 'Score indicators on every scorecard in force on asOf, storing nothing',
    roles: 'any',
    body: previewBody,
    responses: { 200: { description: 'One result per model', schema: previewResponse } },
    readOnly: true,
    handler: async ({ body }) => {
      const catalogue = await loadScorecardCatalogue(db);
      const results: Record<string, unknown> = {};
      for (const scorecard of catalogue.scorecardsInForce(body.asOf)) {
        results[resultKey[scorecard.model]] = await assess(catalogue, cohorts, scorecard, body);
      }
      return { status: 200, body: { asOf: body.asOf, results } };
    },
  });
}

async function assess(
  catalogue: ScorecardCatalogue,
  cohorts: Cohorts,
  scorecard: Scorecard,
  body: PreviewBody,
) {
  const { model, version } = scorecard;
  switch (model) {
    case 'tech-sme':
      return { ...catalogue.evaluate(model, version, body), evaluated: true };
    case 'high-tech': {
      const result = withBlock(catalogue, scorecard, body);
      // The innovation score is the experts' part; the other gates are the firm's figures.
      return result.evaluated && 'failedGates' in result
        ? { ...result, gatesPassed: result.failedGates.every((g) => g.gate === 'points') }
        : result;
    }
    case 'startup-sme':
    case 'tax-startup':
    case 'listing-reserve':
      return withBlock(catalogue, scorecard, body);
    case 'knowledge-value': {
      const loan = body.knowledgeValue;
      if (!loan) return notEvaluated(scorecard, ['knowledgeValue']);
      const { ceilingFen, ...result } = checkKnowledgeValueLoan(scorecard, {
        grade: loan.grade,
        amountFen: yuanToFen(loan.amount),
        termMonths: loan.termMonths,
      });
      return { ...result, ceiling: fenToYuan(ceilingFen), evaluated: true };
    }
    case 'innovation-points': {
      return {
        ...catalogue.evaluate(model, version, body, await cohorts(scorecard)),
        evaluated: true,
      };
    }
  }
}

/** A model whose extra input is the body block under its key; what it lacks is `missing`. */
function withBlock(catalogue: ScorecardCatalogue, scorecard: Scorecard, body: PreviewBody) {
  const block = resultKey[scorecard.model] as
    'highTech' | 'startupSme' | 'taxStartup' | 'listingReserve';
  const extra = body[block];
  try {
    return {
      ...catalogue.evaluate(scorecard.model, scorecard.version, body, extra),
      evaluated: true,
    };
  } catch (error) {
    const absent = extra === undefined ? [block] : [];
    if (error instanceof MissingIndicatorsError) {
      return notEvaluated(scorecard, [...absent, ...error.fields]);
    }
    // Evaluators check the indicators before their own input, and the body schema has
    // checked every block given: a ZodError here can only be the absent block.
    if (absent.length > 0 && error instanceof ZodError) return notEvaluated(scorecard, absent);
    if (error instanceof ExpertPointsError) {
      // The ranges are the policy version's, not the schema's.
      throw new AppError(
        'unprocessable',
        'expert points outside their ranges',
        error.problems.map((message) => ({ field: `body.${block}.expertPoints`, message })),
      );
    }
    throw error;
  }
}

function notEvaluated({ model, version }: Scorecard, missing: string[]) {
  return { model, version, evaluated: false as const, missing };
}

type Cohorts = (scorecard: InnovationPointsScorecard) => Promise<InnovationCohorts>;

/**
 * The registered enterprises as the cohort, rebuilt only when their stored indicators change:
 * a digest of the JSON costs the database a fraction of reading and sorting 100 000 firms.
 * Stored JSON that no longer parses is left out.
 */
function registeredCohorts(db: Db): Cohorts {
  let cached: { key: string; cohorts: Promise<InnovationCohorts> } | undefined;
  const build = async (scorecard: InnovationPointsScorecard) => {
    const rows = await db.enterprise.findMany({ select: { indicators: true } });
    const firms = rows.flatMap((row) => {
      const parsed = enterpriseIndicators.safeParse(row.indicators);
      return parsed.success ? [parsed.data] : [];
    });
    return buildCohorts(scorecard, firms);
  };
  return async (scorecard) => {
    const [state] = await db.$queryRaw<{ firms: number; digest: string }[]>`
      SELECT count(*)::int AS firms,
             coalesce(sum(hashtextextended(indicators::text, 0)), 0)::text AS digest
      FROM "Enterprise"`;
    const key = `${scorecard.model}@${scorecard.version} ${state?.firms} ${state?.digest}`;
    if (cached?.key !== key) {
      const cohorts = build(scorecard);
      cached = { key, cohorts };
      // A failed build must not stay cached.
      cohorts.catch(() => {
        if (cached?.cohorts === cohorts) cached = undefined;
      });
    }
    return cached.cohorts;
  };
}
