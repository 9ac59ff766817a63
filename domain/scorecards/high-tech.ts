import { z } from 'zod';
import {
  headcount,
  requireIndicators,
  threeYears,
  type EnterpriseIndicators,
  type WithIndicators,
} from './indicators.ts';
import { signedYuanFigure } from '../money.ts';
import {
  expertPoints,
  innovationScore,
  ipAcquisitionModes,
  type InnovationScoreCard,
} from './high-tech-score.ts';
import {
  atLeastCount,
  atLeastPercent,
  failedOnly,
  minAge,
  mustBeAbsent,
  mustHold,
} from './gates.ts';
import { Dec, ratio, sum } from './numbers.ts';
import type { FailedGate, IndicatorScore, ScorecardBase } from './types.ts';

/** High-tech enterprise recognition (DOMAIN §1.2) as policy data. */
export interface HighTechScorecard extends ScorecardBase {
  readonly model: 'high-tech';
  readonly minYearsRegistered: number;
  readonly minStStaffPercent: string;
  /** 3-year R&D / sales minimum by latest revenue, smallest band first; null = no ceiling. */
  readonly rdIntensity: readonly {
    readonly revenueUpToYuan: string | null;
    readonly minPercent: string;
  }[];
  readonly minDomesticRdPercent: string;
  readonly minHighTechRevenuePercent: string;
  readonly passPoints: number;
  readonly score: InnovationScoreCard;
}

/** What the enterprise indicators do not hold: findings, facts and the experts' points. */
export const highTechAssessment = z.object({
  supportedField: z.boolean(),
  ownsCoreIp: z.boolean(),
  ipAcquisition: z.enum(ipAcquisitionModes),
  /** Results transferred over the last 3 years. */
  transfers3y: headcount,
  netAssets3y: threeYears(signedYuanFigure),
  expertPoints,
});
export type HighTechAssessment = z.infer<typeof highTechAssessment>;

export interface HighTechResult {
  readonly model: 'high-tech';
  readonly version: string;
  readonly eligible: boolean;
  /** The innovation score. */
  readonly points: number;
  readonly max: number;
  readonly indicators: IndicatorScore[];
  readonly failedGates: FailedGate[];
}

export function evaluateHighTech(
  card: HighTechScorecard,
  input: EnterpriseIndicators,
  assessment: HighTechAssessment,
): HighTechResult {
  const firm = requireIndicators(input, 'high-tech', objectiveGateFields);
  const found = highTechAssessment.parse(assessment);
  const score = innovationScore(card.score, { ...found, ...firm }, found.expertPoints);

  const gate = objectiveGates(card, firm);
  const failedGates = failedOnly(
    gate.registered,
    // The experts' finding needs at least one right on record behind it.
    mustHold('core-ip', found.ownsCoreIp && firm.ip.classI + firm.ip.classII > 0),
    mustHold('supported-field', found.supportedField),
    gate.stStaff,
    gate.rdIntensity,
    gate.domesticRd,
    gate.highTechRevenue,
    gate.majorIncident,
    atLeastCount('points', score.points, card.passPoints),
  );

  return {
    model: 'high-tech',
    version: card.version,
    eligible: failedGates.length === 0,
    ...score,
    failedGates,
  };
}

/** What the gates the firm's own figures decide read beyond the basic indicators. */
export const objectiveGateFields = [
  'revenue3y',
  'rdExpense3y',
  'highTechRevenue',
  'domesticRdShare',
] as const;

/**
 * The gates a firm's own figures decide, in the order of the measures; the supported field,
 * the core-IP finding and the innovation score need experts.
 */
export function objectiveGates(
  card: HighTechScorecard,
  firm: WithIndicators<(typeof objectiveGateFields)[number]>,
) {
  return {
    registered: minAge('registered', firm.registeredOn, firm.asOf, card.minYearsRegistered),
    stStaff: atLeastPercent('st-staff', ratio(firm.stStaff, firm.employees), {
      atLeast: card.minStStaffPercent,
    }),
    rdIntensity: rdIntensityGate(card, firm.rdExpense3y, firm.revenue3y),
    domesticRd: atLeastPercent('domestic-rd', ratio(new Dec(firm.domesticRdShare), 1), {
      atLeast: card.minDomesticRdPercent,
    }),
    highTechRevenue: atLeastPercent(
      'high-tech-revenue',
      ratio(firm.highTechRevenue, firm.revenue),
      { atLeast: card.minHighTechRevenuePercent },
    ),
    // Art. 11(8) of the measures: no major safety, quality or environmental incident.
    majorIncident: mustBeAbsent('major-incident', firm.flags.majorIncident),
  };
}

/** The band is picked by the latest year's revenue; the ratio runs over all three years. */
function rdIntensityGate(
  card: HighTechScorecard,
  rdExpense3y: readonly string[],
  revenue3y: readonly [string, string, string],
): FailedGate | undefined {
  const latest = revenue3y[2];
  const band = card.rdIntensity.find(
    (b) => b.revenueUpToYuan === null || new Dec(latest).lte(b.revenueUpToYuan),
  );
  if (!band) throw new RangeError(`${card.model}@${card.version}: no R&D band for ${latest}`);
  return atLeastPercent('rd-intensity-3y', ratio(sum(rdExpense3y), sum(revenue3y)), {
    atLeast: band.minPercent,
  });
}
