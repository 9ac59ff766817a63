// A scorecard version published after release: the same shape as the shipped cards
// (tech-sme.data.ts ...), checked for the mistakes a person editing policy data can make.
// Each definition schema is typed against its card, so the two cannot drift apart. Stored
// versions are parsed with these schemas forever: a change here must still accept them.
import { z } from 'zod';
import { whenWellFormed } from '../well-formed.ts';
import type { HighTechScorecard } from './high-tech.ts';
import type { InnovationScoreCard, PointRange } from './high-tech-score.ts';
import { yuanFigure } from '../money.ts';
import { enterpriseIndicators, headcount } from './indicators.ts';
import {
  innovationIndicatorIds,
  innovationStages,
  type InnovationIndicatorId,
  type InnovationPointsScorecard,
} from './innovation-points.ts';
import { knowledgeValueGrades, type KnowledgeValueScorecard } from './knowledge-value.ts';
import { boundValue, maxPoints, type Ladder, type Points } from './ladder.ts';
import {
  listingFinancials,
  type ListingMetric,
  type ListingReserveScorecard,
} from './listing-reserve.ts';
import { Dec } from './numbers.ts';
import type { Scorecard } from './catalogue.ts';
import type { StartupSmeScorecard } from './startup-sme.ts';
import type { TaxStartupScorecard } from './tax-startup.ts';
import type { TechSmeScorecard } from './tech-sme.ts';

type Identity = 'model' | 'version' | 'effectiveFrom';
type Definition<C extends Scorecard> = Omit<C, Identity>;

/** The points scale of the tech-SME evaluation and of the high-tech innovation score. */
const SCALE = 100;

const decimal = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'expected a decimal number as a string, e.g. "12.5"');
const wholeNumber = z.string().regex(/^(0|[1-9]\d*)$/, 'expected a whole number as a string');
/** 0 to 100, the bound stated in the pattern itself. */
const percent = z
  .string()
  .regex(
    /^(?:100(?:\.0+)?|[1-9]?\d(?:\.\d+)?)$/,
    'expected a percentage from 0 to 100 as a string, e.g. "60"',
  );
const points = z.int().nonnegative();
const pointRange = z.tuple([points, points]).refine(([min, max]) => min <= max, {
  ...whenWellFormed,
  message: 'the minimum must not exceed the maximum',
});
const source = z.string().trim().min(2).max(500);

const span = (p: Points): readonly [number, number] => (typeof p === 'number' ? [p, p] : p);

/**
 * Tiers run from the highest bound down and never score more than the tier above them;
 * what falls under the last tier scores `below`, no more than the last tier.
 */
function ladder<P extends Points>(unit: Ladder['unit'], tierPoints: z.ZodType<P>) {
  const bound = unit === 'count' ? wholeNumber : decimal;
  const tier = z.union([
    z.strictObject({ atLeast: bound, points: tierPoints }),
    z.strictObject({ above: bound, points: tierPoints }),
  ]);
  return z
    .strictObject({
      label: z.string().trim().min(1).max(100),
      unit: z.literal(unit),
      tiers: z.array(tier).min(1),
      below: tierPoints,
    })
    .superRefine((l, ctx) => {
      const scoresMore = (lower: P, upper: P) =>
        span(lower).some((end, i) => end > span(upper)[i]!);
      l.tiers.forEach((t, i) => {
        const above = l.tiers[i - 1];
        if (!above) return;
        if (!new Dec(boundValue(t)).lt(boundValue(above))) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', i],
            message: 'bounds must fall strictly from the first tier to the last',
          });
        }
        if (scoresMore(t.points, above.points)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', i, 'points'],
            message: 'a tier must not score more than the tier above it',
          });
        }
      });
      if (scoresMore(l.below, l.tiers.at(-1)!.points)) {
        ctx.addIssue({
          code: 'custom',
          path: ['below'],
          message: 'must not score more than the last tier',
        });
      }
    }, whenWellFormed);
}

const unique = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .refine((items) => new Set(items.map((i) => JSON.stringify(i))).size === items.length, {
      ...whenWellFormed,
      message: `${what} must not repeat`,
    });

function onScale(ctx: z.RefinementCtx, max: number, passPoints: number) {
  if (max !== SCALE) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `the indicators' maxima add up to ${max}; the scale is ${SCALE} points`,
    });
  }
  if (passPoints > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['passPoints'],
      message: `must not exceed the ${max} points the indicators can give`,
    });
  }
}

const directRoutes = enterpriseIndicators.shape.directRoutes.unwrap().keyof();

const techSmeDefinition: z.ZodType<Definition<TechSmeScorecard>> = z
  .strictObject({
    source,
    limits: z.strictObject({
      employees: headcount,
      revenueYuan: yuanFigure,
      totalAssetsYuan: yuanFigure,
    }),
    stStaff: ladder('%', points),
    rdInput: z.strictObject({ ofSales: ladder('%', points), ofTotalCost: ladder('%', points) }),
    ip: z.strictObject({ classI: ladder('count', points), classII: ladder('count', points) }),
    passPoints: points.min(1),
    directRoutes: unique(directRoutes, 'direct routes'),
  })
  .superRefine((card, ctx) => {
    const max =
      maxPoints(card.stStaff) +
      maxPoints(card.rdInput.ofSales, card.rdInput.ofTotalCost) +
      maxPoints(card.ip.classI, card.ip.classII);
    onScale(ctx, max, card.passPoints);
  }, whenWellFormed);

const innovationScoreCard: z.ZodType<InnovationScoreCard> = z
  .strictObject({
    ip: z.strictObject({
      groupMax: points,
      advancement: pointRange,
      coreSupport: pointRange,
      quantity: z.strictObject({
        classI: ladder('count', pointRange),
        classII: ladder('count', pointRange),
      }),
      acquisition: z.strictObject({
        'own-rd': pointRange,
        'acquired-only': pointRange,
        none: pointRange,
      }),
      standardsBonus: pointRange,
    }),
    transfer: ladder('number', pointRange),
    organisation: z.array(pointRange).min(1),
    growth: z.strictObject({
      netAssets: ladder('%', pointRange),
      revenue: ladder('%', pointRange),
    }),
  })
  .superRefine(({ ip }, ctx) => {
    const top = (r: PointRange) => r[1];
    const reachable =
      top(ip.advancement) +
      top(ip.coreSupport) +
      maxPoints(ip.quantity.classI, ip.quantity.classII) +
      Math.max(...Object.values(ip.acquisition).map(top)) +
      top(ip.standardsBonus);
    if (reachable < ip.groupMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['ip', 'groupMax'],
        message: `the IP items give at most ${reachable} points, short of the group maximum`,
      });
    }
  }, whenWellFormed);

/** Bands by latest revenue, smallest first; the last has no ceiling, so every firm has one. */
const rdIntensity = z
  .array(z.strictObject({ revenueUpToYuan: yuanFigure.nullable(), minPercent: percent }))
  .min(1)
  .superRefine((bands, ctx) => {
    bands.forEach((band, i) => {
      const last = i === bands.length - 1;
      const previous = bands[i - 1]?.revenueUpToYuan;
      if (last !== (band.revenueUpToYuan === null)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'revenueUpToYuan'],
          message: last ? 'the last band has no ceiling (null)' : 'only the last band may be open',
        });
      } else if (
        band.revenueUpToYuan !== null &&
        previous &&
        !new Dec(previous).lt(band.revenueUpToYuan)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'revenueUpToYuan'],
          message: 'ceilings must rise from band to band',
        });
      }
    });
  }, whenWellFormed);

const highTechDefinition: z.ZodType<Definition<HighTechScorecard>> = z
  .strictObject({
    source,
    minYearsRegistered: headcount,
    minStStaffPercent: percent,
    rdIntensity,
    minDomesticRdPercent: percent,
    minHighTechRevenuePercent: percent,
    passPoints: points.min(1),
    score: innovationScoreCard,
  })
  .superRefine((card, ctx) => {
    const { score } = card;
    const max =
      score.ip.groupMax +
      maxPoints(score.transfer) +
      score.organisation.reduce((total, [, top]) => total + top, 0) +
      maxPoints(score.growth.netAssets) +
      maxPoints(score.growth.revenue);
    onScale(ctx, max, card.passPoints);
  }, whenWellFormed);

const startupSmeDefinition: z.ZodType<Definition<StartupSmeScorecard>> = z.strictObject({
  source,
  maxYearsOld: headcount.min(1),
  maxEmployees: headcount.min(1),
  minStStaffPercent: percent,
  minRdStaffPercent: percent,
  maxSalesYuan: yuanFigure,
  maxNetAssetsYuan: yuanFigure,
  minRdOfSalesPercent: percent,
});

const taxStartupDefinition: z.ZodType<Definition<TaxStartupScorecard>> = z.strictObject({
  source,
  maxYearsOld: headcount.min(1),
  maxEmployees: headcount.min(1),
  maxTotalAssetsYuan: yuanFigure,
  maxRevenueYuan: yuanFigure,
  minRdOfCostPercent: percent,
});

const fen = z.int().positive();
const knowledgeValueDefinition: z.ZodType<Definition<KnowledgeValueScorecard>> = z
  .strictObject({
    source,
    ceilingFen: z.strictObject({ A: fen, B: fen, C: fen, D: fen, E: fen }),
    maxLoanFen: fen,
    maxTermMonths: headcount.min(1),
  })
  .superRefine(({ ceilingFen }, ctx) => {
    knowledgeValueGrades.forEach((grade, i) => {
      const better = knowledgeValueGrades[i - 1];
      if (better && ceilingFen[grade] > ceilingFen[better]) {
        ctx.addIssue({
          code: 'custom',
          path: ['ceilingFen', grade],
          message: `must not exceed the ceiling of grade ${better}`,
        });
      }
    });
  }, whenWellFormed);

const listingMetrics = {
  'net-profit-min-3y': true,
  'net-profit-sum-3y': true,
  'net-profit-latest': true,
  'net-profit-min-2y': true,
  'net-profit-sum-2y': true,
  'operating-cash-flow-sum-3y': true,
  'revenue-sum-3y': true,
  'revenue-latest': true,
  'market-value': true,
  'rd-sum-3y': true,
  'rd-of-revenue-3y': true,
  'rd-staff-share': true,
  'revenue-cagr-3y': true,
  'invention-patents': true,
} satisfies Record<ListingMetric, true>;
const metric = z.enum(Object.keys(listingMetrics) as ListingMetric[]);
const metricGate = z.union([
  z.strictObject({ metric, atLeast: decimal }),
  z.strictObject({ metric, above: decimal }),
]);
const listingRoute = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  allOf: z.array(z.array(metricGate).min(1)).min(1),
});
const listingBoard = z.strictObject({
  board: z.enum(['main', 'chinext', 'star']),
  routes: z.array(listingRoute).min(1),
  exceptions: unique(listingFinancials.shape.exceptions.keyof(), 'exceptions'),
});
const listingReserveDefinition: z.ZodType<Definition<ListingReserveScorecard>> = z.strictObject({
  source,
  boards: z
    .array(listingBoard)
    .min(1)
    .refine((boards) => new Set(boards.map((b) => b.board)).size === boards.length, {
      ...whenWellFormed,
      message: 'each board appears once',
    }),
});

/** Basis points per indicator, summing to 100% in each stage. */
const stageWeights = z
  .strictObject(
    Object.fromEntries(innovationIndicatorIds.map((id) => [id, points])) as Record<
      InnovationIndicatorId,
      typeof points
    >,
  )
  .refine((weights) => Object.values(weights).reduce((t, w) => t + w, 0) === 10_000, {
    ...whenWellFormed,
    message: 'the weights of a stage must sum to 10000 basis points (100%)',
  });
const innovationPointsDefinition: z.ZodType<Definition<InnovationPointsScorecard>> = z.strictObject(
  {
    source,
    stages: z
      .array(
        z.strictObject({
          stage: z.enum(innovationStages),
          maxYearsOld: headcount.nullable(),
          maxRevenueYuan: yuanFigure.nullable(),
        }),
      )
      .min(1)
      .superRefine((stages, ctx) => {
        if (new Set(stages.map((s) => s.stage)).size !== stages.length) {
          ctx.addIssue({ code: 'custom', path: [], message: 'each stage appears once' });
        }
        const last = stages.at(-1)!;
        if (last.maxYearsOld !== null || last.maxRevenueYuan !== null) {
          ctx.addIssue({
            code: 'custom',
            path: [stages.length - 1],
            message: 'the last stage has no limits (null), so every firm has a stage',
          });
        }
      }, whenWellFormed),
    weights: z.strictObject({
      'start-up': stageWeights,
      growth: stageWeights,
      mature: stageWeights,
    }),
  },
);

const identity = {
  version: z.string().regex(/^\d{4}\.[1-9]\d*$/, 'expected <year>.<revision>, e.g. "2026.1"'),
  effectiveFrom: z.iso.date(),
};
const publication = <M extends Scorecard['model'], D extends z.ZodType>(model: M, definition: D) =>
  z.strictObject({ model: z.literal(model), ...identity, definition });

/** A version as it is published: model, version, effective date and the card's definition. */
export const scorecardPublication = z.discriminatedUnion('model', [
  publication('tech-sme', techSmeDefinition),
  publication('high-tech', highTechDefinition),
  publication('startup-sme', startupSmeDefinition),
  publication('tax-startup', taxStartupDefinition),
  publication('listing-reserve', listingReserveDefinition),
  publication('knowledge-value', knowledgeValueDefinition),
  publication('innovation-points', innovationPointsDefinition),
]);
export type ScorecardPublication = z.infer<typeof scorecardPublication>;

/** The card a publication describes. */
export function scorecardOf({ definition, ...id }: ScorecardPublication): Scorecard {
  // Each definition schema is typed as its card without the identity, so this is that card.
  return { ...definition, ...id } as Scorecard;
}

/** The other way round, e.g. to show a shipped card in the shape a new version is published. */
export function publicationOf(card: Scorecard): {
  model: Scorecard['model'];
  version: string;
  effectiveFrom: string;
  definition: Record<string, unknown>;
} {
  const { model, version, effectiveFrom, ...definition } = card;
  return { model, version, effectiveFrom, definition };
}
