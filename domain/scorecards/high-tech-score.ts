import { z } from 'zod';
import type { EnterpriseIndicators } from './indicators.ts';
import {
  bestOf,
  countMeasure,
  formatPoints,
  maxPoints,
  numberMeasure,
  percentMeasure,
  scoreLadder,
  type Ladder,
  type LadderScore,
} from './ladder.ts';
import { Dec, ratio } from './numbers.ts';
import type { IndicatorScore } from './types.ts';

// The high-tech innovation score (DOMAIN §1.2). Most items are ranges an expert picks from:
// the objective facts fix the range, the expert's points must fall inside it.

export type PointRange = readonly [min: number, max: number];

export const ipAcquisitionModes = ['own-rd', 'acquired-only', 'none'] as const;
export type IpAcquisition = (typeof ipAcquisitionModes)[number];

export interface InnovationScoreCard {
  readonly ip: {
    /** The IP group never scores more than this, standards bonus included. */
    readonly groupMax: number;
    readonly advancement: PointRange;
    readonly coreSupport: PointRange;
    readonly quantity: {
      readonly classI: Ladder<PointRange>;
      readonly classII: Ladder<PointRange>;
    };
    readonly acquisition: Readonly<Record<IpAcquisition, PointRange>>;
    readonly standardsBonus: PointRange;
  };
  /** Results transferred per year, averaged over 3 years. */
  readonly transfer: Ladder<PointRange>;
  /** The expert-scored sub-items of the R&D organisation. */
  readonly organisation: readonly PointRange[];
  /** On g = ½(y2/y1 + y3/y2) − 1, in percent. */
  readonly growth: {
    readonly netAssets: Ladder<PointRange>;
    readonly revenue: Ladder<PointRange>;
  };
}

const points = z.int().nonnegative();

export const expertPoints = z.object({
  ipAdvancement: points,
  ipCoreSupport: points,
  ipQuantity: points,
  ipAcquisition: points,
  standardsBonus: points,
  resultsTransfer: points,
  rdOrganisation: z.array(points),
  netAssetGrowth: points,
  revenueGrowth: points,
});
export type ExpertPoints = z.infer<typeof expertPoints>;

/** The facts behind the ranges that the platform's indicators do not hold. */
export interface ScoreFacts {
  readonly ipAcquisition: IpAcquisition;
  readonly transfers3y: number;
  readonly netAssets3y: readonly [string, string, string];
  readonly revenue3y: readonly [string, string, string];
  readonly ip: EnterpriseIndicators['ip'];
}

export class ExpertPointsError extends RangeError {
  constructor(readonly problems: readonly string[]) {
    super(`expert points outside their range: ${problems.join('; ')}`);
    this.name = 'ExpertPointsError';
  }
}

export interface InnovationScore {
  /** The sum of the groups, the IP group capped at its maximum. */
  readonly points: number;
  readonly max: number;
  readonly indicators: IndicatorScore[];
}

export function innovationScore(
  card: InnovationScoreCard,
  facts: ScoreFacts,
  given: ExpertPoints,
): InnovationScore {
  const problems: string[] = [];
  const item = (id: string, score: LadderScore<PointRange>, pts: number, max: number) => {
    if (pts < score.points[0] || pts > score.points[1]) {
      problems.push(`${id}: ${pts} outside ${formatPoints(score.points)}`);
    }
    return { id, value: score.value, points: pts, max, rule: score.rule };
  };
  const judged = (id: string, label: string, range: PointRange, pts: number) =>
    item(id, { points: range, value: String(pts), rule: judgement(label, range) }, pts, range[1]);

  const { ip } = card;
  const acquisition = ip.acquisition[facts.ipAcquisition];
  const ipItems = [
    judged('ip-advancement', 'IP advancement', ip.advancement, given.ipAdvancement),
    judged('ip-core-support', 'IP support of main products', ip.coreSupport, given.ipCoreSupport),
    item(
      'ip-quantity',
      bestOf(
        scoreLadder(ip.quantity.classI, countMeasure(facts.ip.classI)),
        scoreLadder(ip.quantity.classII, countMeasure(facts.ip.classII)),
      ),
      given.ipQuantity,
      maxPoints(ip.quantity.classI, ip.quantity.classII),
    ),
    item(
      'ip-acquisition',
      {
        points: acquisition,
        value: String(given.ipAcquisition),
        rule: `IP acquisition ${facts.ipAcquisition} → ${formatPoints(acquisition)}`,
      },
      given.ipAcquisition,
      Math.max(...Object.values(ip.acquisition).map(([, max]) => max)),
    ),
    judged('standards-bonus', 'standards bonus', ip.standardsBonus, given.standardsBonus),
  ];
  const others = [
    item(
      'results-transfer',
      scoreLadder(card.transfer, numberMeasure(ratio(facts.transfers3y, 3))),
      given.resultsTransfer,
      maxPoints(card.transfer),
    ),
    organisation(card.organisation, given.rdOrganisation, problems),
    item(
      'net-asset-growth',
      growth(card.growth.netAssets, facts.netAssets3y),
      given.netAssetGrowth,
      maxPoints(card.growth.netAssets),
    ),
    item(
      'revenue-growth',
      growth(card.growth.revenue, facts.revenue3y),
      given.revenueGrowth,
      maxPoints(card.growth.revenue),
    ),
  ];
  if (problems.length > 0) throw new ExpertPointsError(problems);

  const total = (items: IndicatorScore[], field: 'points' | 'max') =>
    items.reduce((t, i) => t + i[field], 0);
  return {
    points: Math.min(ip.groupMax, total(ipItems, 'points')) + total(others, 'points'),
    max: ip.groupMax + total(others, 'max'),
    indicators: [...ipItems, ...others],
  };
}

function judgement(label: string, range: PointRange): string {
  return `${label}: expert judgement → ${formatPoints(range)}`;
}

function organisation(
  ranges: readonly PointRange[],
  given: readonly number[],
  problems: string[],
): IndicatorScore {
  if (given.length !== ranges.length) {
    problems.push(`rd-organisation: ${given.length} sub-items given, ${ranges.length} expected`);
  }
  ranges.forEach((range, i) => {
    const pts = given[i] ?? 0;
    if (pts < range[0] || pts > range[1]) {
      problems.push(`rd-organisation ${i + 1}: ${pts} outside ${formatPoints(range)}`);
    }
  });
  const sum = given.reduce((t, p) => t + p, 0);
  return {
    id: 'rd-organisation',
    value: String(sum),
    points: sum,
    max: ranges.reduce((t, [, max]) => t + max, 0),
    rule: `R&D organisation: expert judgement → ${ranges.map((r) => formatPoints(r)).join(' + ')}`,
  };
}

/**
 * g = ½(y2/y1 + y3/y2) − 1, compared exactly as (y2² + y1·y3) / (2·y1·y2) against 1 + bound.
 * Without a positive base year the rate does not exist and scores as the bottom of the ladder.
 */
function growth(
  ladder: Ladder<PointRange>,
  [y1, y2, y3]: readonly [string, string, string],
): LadderScore<PointRange> {
  const [a, b, c] = [new Dec(y1), new Dec(y2), new Dec(y3)];
  if (a.lte(0) || b.lte(0)) {
    return {
      points: ladder.below,
      value: 'n/a',
      rule: `${ladder.label} undefined (a base year ≤ 0) → ${formatPoints(ladder.below)}`,
    };
  }
  const growthPlusOne = ratio(b.times(b).plus(a.times(c)), a.times(b).times(2));
  return scoreLadder(ladder, percentMeasure(growthPlusOne, 100));
}
