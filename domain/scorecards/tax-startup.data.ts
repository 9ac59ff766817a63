import type { TaxStartupScorecard } from './tax-startup.ts';

/**
 * 财税〔2018〕55号 with the limits DOMAIN.md §4 gives (staff ≤ 300, assets and revenue
 * ≤ ¥50m, as widened for 2019 onwards by 财税〔2019〕13号); R&D ≥ 20% of total costs.
 */
export const taxStartup2018: TaxStartupScorecard = {
  model: 'tax-startup',
  version: '2018.1',
  effectiveFrom: '2018-01-01',
  source: '财税〔2018〕55号',
  maxYearsOld: 5,
  maxEmployees: 300,
  maxTotalAssetsYuan: '50000000',
  maxRevenueYuan: '50000000',
  minRdOfCostPercent: '20',
};
