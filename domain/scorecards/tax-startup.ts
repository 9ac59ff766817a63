import type { EnterpriseIndicators } from './indicators.ts';
import {
  atLeastPercent,
  atMostCount,
  atMostYuan,
  failedOnly,
  maxAge,
  mustBeAbsent,
} from './gates.ts';
import { ratio } from './numbers.ts';
import { startupFacts, type StartupFacts } from './startup-sme.ts';
import type { FailedGate, ScorecardBase } from './types.ts';

/**
 * The tax-qualified start-up tech firm (初创科技型企业, 财税〔2018〕55号, DOMAIN §4): an
 * investor in one may deduct 70% of the investment after 24 months.
 */
export interface TaxStartupScorecard extends ScorecardBase {
  readonly model: 'tax-startup';
  readonly maxYearsOld: number;
  readonly maxEmployees: number;
  readonly maxTotalAssetsYuan: string;
  readonly maxRevenueYuan: string;
  readonly minRdOfCostPercent: string;
}

export interface TaxStartupResult {
  readonly model: 'tax-startup';
  readonly version: string;
  readonly eligible: boolean;
  readonly failedGates: FailedGate[];
}

export function evaluateTaxStartup(
  card: TaxStartupScorecard,
  firm: EnterpriseIndicators,
  facts: StartupFacts,
): TaxStartupResult {
  const { listed } = startupFacts.parse(facts);
  const failedGates = failedOnly(
    maxAge('registered', firm.registeredOn, firm.asOf, card.maxYearsOld),
    mustBeAbsent('listed', listed),
    atMostCount('employees', firm.employees, card.maxEmployees),
    atMostYuan('total-assets', firm.totalAssets, card.maxTotalAssetsYuan),
    atMostYuan('revenue', firm.revenue, card.maxRevenueYuan),
    atLeastPercent('rd-of-cost', ratio(firm.rdExpense, firm.totalCost), {
      atLeast: card.minRdOfCostPercent,
    }),
  );
  return {
    model: 'tax-startup',
    version: card.version,
    eligible: failedGates.length === 0,
    failedGates,
  };
}
