// The high-tech gates a firm's own figures decide (DOMAIN §1.2), checked against the card in
// force so a firm sees its gaps before experts score it. The supported field, the core-IP
// finding and the innovation score need experts: they stay pending here.
import { atLeastPercent, failedOnly, minAge, mustBeAbsent } from '../scorecards/gates.ts';
import type { HighTechScorecard } from '../scorecards/high-tech.ts';
import type { EnterpriseIndicators } from '../scorecards/indicators.ts';
import { Dec, ratio, sum } from '../scorecards/numbers.ts';
import type { FailedGate } from '../scorecards/types.ts';

export const HIGH_TECH_GATES_MODEL = 'high-tech-gates';

export interface HighTechGatesResult {
  readonly model: typeof HIGH_TECH_GATES_MODEL;
  /** The version of the high-tech card whose thresholds were applied. */
  readonly version: string;
  /** Every objective gate met; recognition still needs the pending findings. */
  readonly eligible: boolean;
  readonly failedGates: FailedGate[];
  readonly pending: readonly string[];
}

const pendingFindings = ['supported-field', 'core-ip', 'points'] as const;

/** Undefined when the figures the gates read are not all declared (three years included). */
export function highTechGates(
  card: HighTechScorecard,
  firm: EnterpriseIndicators,
): HighTechGatesResult | undefined {
  const { revenue3y, rdExpense3y, highTechRevenue, domesticRdShare } = firm;
  if (
    !revenue3y ||
    !rdExpense3y ||
    highTechRevenue === undefined ||
    domesticRdShare === undefined
  ) {
    return undefined;
  }
  // The R&D band is picked by the latest year's revenue; the ratio runs over all three years.
  const latestRevenue = revenue3y[2];
  const band = card.rdIntensity.find(
    (b) => b.revenueUpToYuan === null || new Dec(latestRevenue).lte(b.revenueUpToYuan),
  );
  if (!band)
    throw new RangeError(`${card.model}@${card.version}: no R&D band for ${latestRevenue}`);

  const failedGates = failedOnly(
    minAge('registered', firm.registeredOn, firm.asOf, card.minYearsRegistered),
    atLeastPercent('st-staff', ratio(firm.stStaff, firm.employees), {
      atLeast: card.minStStaffPercent,
    }),
    atLeastPercent('rd-intensity-3y', ratio(sum(rdExpense3y), sum(revenue3y)), {
      atLeast: band.minPercent,
    }),
    atLeastPercent('domestic-rd', ratio(new Dec(domesticRdShare), 1), {
      atLeast: card.minDomesticRdPercent,
    }),
    atLeastPercent('high-tech-revenue', ratio(highTechRevenue, firm.revenue), {
      atLeast: card.minHighTechRevenuePercent,
    }),
    mustBeAbsent('major-incident', firm.flags.majorIncident),
  );
  return {
    model: HIGH_TECH_GATES_MODEL,
    version: card.version,
    eligible: failedGates.length === 0,
    failedGates,
    pending: pendingFindings,
  };
}
