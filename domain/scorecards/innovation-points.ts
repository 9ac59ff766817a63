import { addYears } from './dates.ts';
import type { EnterpriseIndicators } from './indicators.ts';
import type { IndicatorScore, ScorecardBase } from './types.ts';

// The innovation points (企业创新积分制, DOMAIN §1.3): 18 indicators, each scored by where the
// firm stands among the firms of its own stage, weighted per stage.

export const innovationStages = ['start-up', 'growth', 'mature'] as const;
export type InnovationStage = (typeof innovationStages)[number];

/** The scheme's three groups and their indicators, in its order. */
export const innovationGroups = {
  'technology-innovation': [
    'rd-expense',
    'rd-expense-growth',
    'rd-intensity',
    'st-staff-share',
    'invention-applications',
    'pct-applications',
    'tech-contract-turnover',
  ],
  'growth-operations': [
    'high-tech-revenue',
    'revenue',
    'revenue-growth',
    'masters-share',
    'rd-super-deduction',
    'return-on-net-assets',
  ],
  auxiliary: [
    'graduates-hired',
    'innovation-platforms',
    'st-awards',
    'st-projects',
    'equity-financing',
  ],
} as const;
export type InnovationGroup = keyof typeof innovationGroups;
export type InnovationIndicatorId = (typeof innovationGroups)[InnovationGroup][number];

const groupIds = Object.keys(innovationGroups) as InnovationGroup[];
export const innovationIndicatorIds: readonly InnovationIndicatorId[] = groupIds.flatMap(
  (group) => innovationGroups[group],
);

/** A stage holds the firms within all of its limits; null is no limit. */
export interface StageRule {
  readonly stage: InnovationStage;
  /** Years since registration on asOf; the anniversary itself is still within. */
  readonly maxYearsOld: number | null;
  readonly maxRevenueYuan: string | null;
}

export interface InnovationPointsScorecard extends ScorecardBase {
  readonly model: 'innovation-points';
  /** Tried in order: a firm is in the first stage whose limits it meets; the last has none. */
  readonly stages: readonly StageRule[];
  /**
   * Basis points per indicator; each stage's weights sum to 10 000. A basis point of weight is
   * a hundredth of a point, so the weights are also each indicator's maximum in hundredths.
   */
  readonly weights: Readonly<
    Record<InnovationStage, Readonly<Record<InnovationIndicatorId, number>>>
  >;
}

/** A whole number: a plain number while it is safely exact, a bigint beyond (absurd sums). */
export type Whole = number | bigint;

/**
 * An indicator value kept exact as num / den (den > 0, money in fen), with its float `approx`
 * for fast comparisons: ranking 100 000 firms on BigInt would be slow. While num and den are
 * both numbers (`safe`), approx is num / den correctly rounded, and rounding keeps order.
 */
export interface IndicatorValue {
  readonly num: Whole;
  readonly den: Whole;
  readonly approx: number;
  readonly safe: boolean;
}

/** Each stage's values per indicator, ascending; firms without a value are left out. */
export interface InnovationCohorts {
  readonly model: 'innovation-points';
  readonly version: string;
  readonly stages: Readonly<Record<InnovationStage, StageCohort>>;
}

export interface StageCohort {
  /** Firms of the stage, whether or not they report every indicator. */
  readonly firms: number;
  readonly values: Readonly<Record<InnovationIndicatorId, readonly IndicatorValue[]>>;
}

export interface InnovationPointsResult {
  readonly model: 'innovation-points';
  readonly version: string;
  readonly stage: InnovationStage;
  readonly cohortSize: number;
  readonly points: number;
  readonly max: number;
  readonly groups: {
    readonly group: InnovationGroup;
    readonly points: number;
    readonly max: number;
  }[];
  readonly indicators: IndicatorScore[];
}

/** Refuses a card whose stages can leave a firm without one or whose weights are not 100%. */
function assertInnovationPointsCard(card: InnovationPointsScorecard): void {
  const id = `${card.model}@${card.version}`;
  const last = card.stages.at(-1);
  if (!last || last.maxYearsOld !== null || last.maxRevenueYuan !== null) {
    throw new RangeError(`${id}: the last stage must have no limits`);
  }
  for (const stage of innovationStages) {
    const weights = innovationIndicatorIds.map((indicator) => card.weights[stage][indicator]);
    if (!weights.every((w) => Number.isSafeInteger(w) && w >= 0)) {
      throw new RangeError(`${id}: ${stage} weights must be whole basis points`);
    }
    const sum = total(weights);
    if (sum !== 10_000) {
      throw new RangeError(`${id}: ${stage} weights sum to ${sum} basis points, not 10000`);
    }
  }
}

export function stageOf(
  card: InnovationPointsScorecard,
  firm: EnterpriseIndicators,
): InnovationStage {
  const rule = card.stages.find(
    ({ maxYearsOld, maxRevenueYuan }) =>
      (maxYearsOld === null || firm.asOf <= addYears(firm.registeredOn, maxYearsOld)) &&
      (maxRevenueYuan === null || fen(firm.revenue) <= fen(maxRevenueYuan)),
  );
  if (!rule) throw new RangeError(`${card.model}@${card.version}: no stage for the firm`);
  return rule.stage;
}

/** Sorts each indicator once per stage, so that scoring a firm is two binary searches each. */
export function buildCohorts(
  card: InnovationPointsScorecard,
  firms: Iterable<EnterpriseIndicators>,
): InnovationCohorts {
  assertInnovationPointsCard(card);
  const empty = () => ({
    firms: 0,
    values: Object.fromEntries(
      innovationIndicatorIds.map((id): [InnovationIndicatorId, IndicatorValue[]] => [id, []]),
    ) as Record<InnovationIndicatorId, IndicatorValue[]>,
  });
  const stages = { 'start-up': empty(), growth: empty(), mature: empty() };
  for (const firm of firms) {
    const cohort = stages[stageOf(card, firm)];
    cohort.firms += 1;
    for (const id of innovationIndicatorIds) {
      const value = measures[id].measure(firm);
      if (value) cohort.values[id].push(value);
    }
  }
  for (const cohort of Object.values(stages)) {
    for (const values of Object.values(cohort.values)) values.sort(compareValues);
  }
  return { model: card.model, version: card.version, stages };
}

/**
 * Each indicator scores weight × percentile, where the percentile of a value v in the n values
 * of the stage cohort is (#below v + ½ #equal to v) / n: the mid-rank, so ties share a score
 * and a firm counted in its own cohort is its own tie. An empty cohort gives the midpoint, ½,
 * as a firm alone in its cohort would get; a firm without a value scores 0. Points are rounded
 * down to hundredths per indicator and summed exactly, so the total never passes 100.
 */
export function evaluateInnovationPoints(
  card: InnovationPointsScorecard,
  input: EnterpriseIndicators,
  cohorts: InnovationCohorts,
): InnovationPointsResult {
  assertInnovationPointsCard(card);
  if (cohorts?.model !== card.model || cohorts.version !== card.version) {
    throw new RangeError(`${card.model}@${card.version} needs cohorts built for that version`);
  }
  const stage = stageOf(card, input);
  const cohort = cohorts.stages[stage];
  const weights = card.weights[stage];

  const scored = new Map(
    innovationIndicatorIds.map((id) => [
      id,
      scoreIndicator(id, weights[id], input, cohort.values[id], stage),
    ]),
  );
  const points = (ids: readonly InnovationIndicatorId[]) =>
    total(ids.map((id) => scored.get(id)!.centi)) / 100;
  const max = (ids: readonly InnovationIndicatorId[]) => total(ids.map((id) => weights[id])) / 100;
  return {
    model: 'innovation-points',
    version: card.version,
    stage,
    cohortSize: cohort.firms,
    points: points(innovationIndicatorIds),
    max: max(innovationIndicatorIds),
    groups: groupIds.map((group) => ({
      group,
      points: points(innovationGroups[group]),
      max: max(innovationGroups[group]),
    })),
    indicators: [...scored.values()].map((s) => s.score),
  };
}

function scoreIndicator(
  id: InnovationIndicatorId,
  weight: number,
  firm: EnterpriseIndicators,
  peers: readonly IndicatorValue[],
  stage: InnovationStage,
): { score: IndicatorScore; centi: number } {
  const max = weight / 100;
  const { unit, measure } = measures[id];
  const value = measure(firm);
  if (!value) {
    return {
      score: { id, value: 'n/a', points: 0, max, rule: `no value → 0.00 of ${centi(weight)}` },
      centi: 0,
    };
  }
  const { below, ties } = rank(peers, value);
  // The percentile as the fraction num / den, kept whole: (2·below + ties) / 2n.
  const [num, den] = peers.length === 0 ? [1, 2] : [2 * below + ties, 2 * peers.length];
  const points = floorDiv(weight * num, den);
  const percentile = centi(floorDiv(10_000 * num, den));
  return {
    score: {
      id,
      value: display(unit, value),
      points: points / 100,
      max,
      rule: `percentile ${percentile} among ${peers.length} ${stage}-stage peers → ${centi(points)} of ${centi(weight)}`,
    },
    centi: points,
  };
}

// Measures: what each indicator reads from the firm, undefined when it has no value.

type Unit = 'yuan' | 'count' | '%';
interface Measure {
  readonly unit: Unit;
  measure(firm: EnterpriseIndicators): IndicatorValue | undefined;
}

/**
 * "-12.5" yuan → -1250 fen, from the digits (the schema has already checked the format). Up to
 * 15 digits a number holds it, and the difference of two, exactly.
 */
function fen(yuan: string): Whole {
  const dot = yuan.indexOf('.');
  const digits = dot < 0 ? `${yuan}00` : yuan.slice(0, dot) + yuan.slice(dot + 1).padEnd(2, '0');
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}

function minus(a: Whole, b: Whole): Whole {
  return typeof a === 'number' && typeof b === 'number' ? a - b : BigInt(a) - BigInt(b);
}

const whole = (n: Whole): IndicatorValue => quotient(n, 1)!;

/** Without a positive denominator the quotient does not exist. */
function quotient(num: Whole, den: Whole): IndicatorValue | undefined {
  if (den <= 0) return undefined;
  const safe = typeof num === 'number' && typeof den === 'number';
  return { num, den, approx: Number(num) / Number(den), safe };
}

const money = (yuan: string | undefined) => (yuan === undefined ? undefined : whole(fen(yuan)));
const count = (n: number | undefined) => (n === undefined ? undefined : whole(n));
const share = (part: number | undefined, of: number) =>
  part === undefined ? undefined : quotient(part, of);
/** Year-on-year growth; a prior year of 0 has none. */
const growth = (current: string, prior: string | undefined) =>
  prior === undefined ? undefined : quotient(minus(fen(current), fen(prior)), fen(prior));

const measures: Record<InnovationIndicatorId, Measure> = {
  'rd-expense': { unit: 'yuan', measure: (f) => money(f.rdExpense) },
  'rd-expense-growth': {
    unit: '%',
    measure: (f) => growth(f.rdExpense, f.rdExpensePriorYear ?? f.rdExpense3y?.[1]),
  },
  'rd-intensity': { unit: '%', measure: (f) => quotient(fen(f.rdExpense), fen(f.revenue)) },
  'st-staff-share': { unit: '%', measure: (f) => share(f.stStaff, f.employees) },
  'invention-applications': { unit: 'count', measure: (f) => count(f.patentApplicationsMain) },
  'pct-applications': { unit: 'count', measure: (f) => count(f.pctApplications) },
  'tech-contract-turnover': { unit: 'yuan', measure: (f) => money(f.techContractTurnover) },
  'high-tech-revenue': { unit: 'yuan', measure: (f) => money(f.highTechRevenue) },
  revenue: { unit: 'yuan', measure: (f) => money(f.revenue) },
  'revenue-growth': {
    unit: '%',
    measure: (f) => growth(f.revenue, f.revenuePriorYear ?? f.revenue3y?.[1]),
  },
  'masters-share': { unit: '%', measure: (f) => share(f.mastersStaff, f.employees) },
  'rd-super-deduction': { unit: 'yuan', measure: (f) => money(f.rdSuperDeduction) },
  // Year-end net assets: the indicators hold no opening balance to average with.
  'return-on-net-assets': {
    unit: '%',
    measure: (f) =>
      f.netProfit === undefined || f.netAssets === undefined
        ? undefined
        : quotient(fen(f.netProfit), fen(f.netAssets)),
  },
  'graduates-hired': { unit: 'count', measure: (f) => count(f.graduatesHired) },
  'innovation-platforms': { unit: 'count', measure: (f) => count(f.innovationPlatforms) },
  'st-awards': { unit: 'count', measure: (f) => count(f.stAwards) },
  'st-projects': { unit: 'count', measure: (f) => count(f.stProjects) },
  'equity-financing': { unit: 'yuan', measure: (f) => money(f.equityFinancing) },
};

/** As the other scorecards show values: counts, yuan to the fen, percent rounded down. */
function display(unit: Unit, value: IndicatorValue): string {
  const [num, den] = [BigInt(value.num), BigInt(value.den)];
  if (unit === 'count') return num.toString();
  if (unit === 'yuan') return hundredths(num);
  const scaled = num * 10_000n;
  return hundredths(scaled / den - (scaled % den < 0n ? 1n : 0n));
}

/** 537n → "5.37", -5n → "-0.05". */
function hundredths(value: bigint): string {
  const digits = (value < 0n ? -value : value).toString().padStart(3, '0');
  return `${value < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// Ranking.

/** Exact order: by approx where it tells, otherwise by cross-multiplying. */
function compareValues(a: IndicatorValue, b: IndicatorValue): number {
  if (a.approx !== b.approx && a.safe && b.safe) return a.approx < b.approx ? -1 : 1;
  if (a.den === b.den) return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  const left = BigInt(a.num) * BigInt(b.den);
  const right = BigInt(b.num) * BigInt(a.den);
  return left < right ? -1 : left > right ? 1 : 0;
}

function rank(sorted: readonly IndicatorValue[], value: IndicatorValue) {
  const below = firstIndex(sorted, value, 0);
  return { below, ties: firstIndex(sorted, value, 1) - below };
}

/** The first index whose value compares to `value` above `than` (0: not below, 1: above). */
function firstIndex(sorted: readonly IndicatorValue[], value: IndicatorValue, than: 0 | 1) {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareValues(sorted[mid]!, value) >= than) high = mid;
    else low = mid + 1;
  }
  return low;
}

// Whole hundredths of a point, so sums stay exact.

function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

function total(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0);
}

/** Whole hundredths of a point or of a percent, 537 → "5.37". */
function centi(value: number): string {
  return hundredths(BigInt(value));
}
