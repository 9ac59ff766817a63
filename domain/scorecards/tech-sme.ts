import type { EnterpriseIndicators } from './indicators.ts';
import {
  bestOf,
  countMeasure,
  lowestScoringBound,
  maxPoints,
  percentMeasure,
  scoreLadder,
  type Ladder,
  type LadderScore,
} from './ladder.ts';
import {
  atLeastCount,
  atLeastPercent,
  atMostCount,
  atMostYuan,
  failedOnly,
  mustBeAbsent,
} from './gates.ts';
import { ratio } from './numbers.ts';
import type { FailedGate, IndicatorScore, ScorecardBase } from './types.ts';

export type DirectRoute = keyof NonNullable<EnterpriseIndicators['directRoutes']>;

/** The tech-SME evaluation (DOMAIN §1.1) as policy data. */
export interface TechSmeScorecard extends ScorecardBase {
  readonly model: 'tech-sme';
  /** Size limits of the basic conditions, inclusive. */
  readonly limits: {
    readonly employees: number;
    readonly revenueYuan: string;
    readonly totalAssetsYuan: string;
  };
  /** S&T staff / employees, in percent. */
  readonly stStaff: Ladder;
  /** R&D input scores the better of the two ratios, in percent. */
  readonly rdInput: { readonly ofSales: Ladder; readonly ofTotalCost: Ladder };
  /** IP tied to the main product scores the better of the two classes, in counts. */
  readonly ip: { readonly classI: Ladder; readonly classII: Ladder };
  readonly passPoints: number;
  /** Any one of these, with the basic conditions met, qualifies without points. */
  readonly directRoutes: readonly DirectRoute[];
}

export interface TechSmeResult {
  readonly model: 'tech-sme';
  readonly version: string;
  readonly eligible: boolean;
  readonly points: number;
  readonly max: number;
  readonly directQualification: boolean;
  readonly indicators: IndicatorScore[];
  readonly failedGates: FailedGate[];
}

export function evaluateTechSme(
  card: TechSmeScorecard,
  input: EnterpriseIndicators,
): TechSmeResult {
  // Residency is not an indicator: only enterprises registered in China reach an assessment.
  const basicGates = failedOnly(
    atMostCount('employees', input.employees, card.limits.employees),
    atMostYuan('revenue', input.revenue, card.limits.revenueYuan),
    atMostYuan('total-assets', input.totalAssets, card.limits.totalAssetsYuan),
    mustBeAbsent('prohibited-products', input.flags.prohibitedProducts),
    mustBeAbsent('major-incident', input.flags.majorIncident),
    mustBeAbsent('abnormal-list', input.flags.abnormalList),
  );

  // A zero denominator (no staff, no sales) scores that measure as 0%.
  const staffShare = ratio(input.stStaff, input.employees);
  const staff = scoreLadder(card.stStaff, percentMeasure(staffShare));
  const rd = bestOf(
    scoreLadder(card.rdInput.ofSales, percentMeasure(ratio(input.rdExpense, input.revenue))),
    scoreLadder(card.rdInput.ofTotalCost, percentMeasure(ratio(input.rdExpense, input.totalCost))),
  );
  const ip = bestOf(
    scoreLadder(card.ip.classI, countMeasure(input.ip.classI)),
    scoreLadder(card.ip.classII, countMeasure(input.ip.classII)),
  );
  const indicators = [
    indicator('st-staff', staff, maxPoints(card.stStaff)),
    indicator('rd-input', rd, maxPoints(card.rdInput.ofSales, card.rdInput.ofTotalCost)),
    indicator('ip', ip, maxPoints(card.ip.classI, card.ip.classII)),
  ];
  const points = indicators.reduce((total, i) => total + i.points, 0);

  const claimed = input.directRoutes;
  const directQualification =
    basicGates.length === 0 && card.directRoutes.some((route) => claimed?.[route] === true);

  const minStaffShare = lowestScoringBound(card.stStaff);
  const scoreGates = failedOnly(
    atLeastCount('points', points, card.passPoints),
    // "Non-zero S&T staff score" is stated as the share needed for the lowest scoring tier.
    staff.points > card.stStaff.below || minStaffShare === undefined
      ? undefined
      : atLeastPercent('st-staff-score', staffShare, minStaffShare),
  );
  const failedGates = directQualification ? basicGates : [...basicGates, ...scoreGates];

  return {
    model: 'tech-sme',
    version: card.version,
    eligible: failedGates.length === 0,
    points,
    max: indicators.reduce((total, i) => total + i.max, 0),
    directQualification,
    indicators,
    failedGates,
  };
}

function indicator(id: string, score: LadderScore, max: number): IndicatorScore {
  return { id, value: score.value, points: score.points, max, rule: score.rule };
}
