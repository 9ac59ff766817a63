import type { InnovationPointsScorecard } from './innovation-points.ts';

/**
 * 企业创新积分制 (Torch Center, national trial version 2024). The 18 indicators are the
 * scheme's; its stage weights sit in an annex not reproduced here, so the weights and the
 * stage limits below are the platform's default (DOMAIN §1.3, configurable):
 * - stages: start-up = at most 5 years old with revenue ≤ ¥30m (the start-up test of
 *   财企〔2007〕128号); growth = revenue ≤ ¥200m (the tech-SME size limit); mature = the rest;
 * - weights by group: start-up firms are judged mostly on technology input and early
 *   financing (technology 50%, growth and operations 25%, auxiliary 25%), growth firms on
 *   input and growth (45 / 35 / 20), mature firms on scale and returns (40 / 45 / 15).
 * The day the trial version applies from is not reproduced either: 1 January 2024 stands in.
 */
export const innovationPoints2024: InnovationPointsScorecard = {
  model: 'innovation-points',
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  source: '企业创新积分制（全国试行版, 科技部火炬中心, 2024）; stage weights: platform default',
  stages: [
    { stage: 'start-up', maxYearsOld: 5, maxRevenueYuan: '30000000' },
    { stage: 'growth', maxYearsOld: null, maxRevenueYuan: '200000000' },
    { stage: 'mature', maxYearsOld: null, maxRevenueYuan: null },
  ],
  weights: {
    'start-up': {
      'rd-expense': 800,
      'rd-expense-growth': 700,
      'rd-intensity': 900,
      'st-staff-share': 700,
      'invention-applications': 800,
      'pct-applications': 400,
      'tech-contract-turnover': 700,
      'high-tech-revenue': 400,
      revenue: 300,
      'revenue-growth': 700,
      'masters-share': 500,
      'rd-super-deduction': 300,
      'return-on-net-assets': 300,
      'graduates-hired': 400,
      'innovation-platforms': 400,
      'st-awards': 400,
      'st-projects': 500,
      'equity-financing': 800,
    },
    growth: {
      'rd-expense': 800,
      'rd-expense-growth': 600,
      'rd-intensity': 800,
      'st-staff-share': 500,
      'invention-applications': 700,
      'pct-applications': 400,
      'tech-contract-turnover': 700,
      'high-tech-revenue': 700,
      revenue: 500,
      'revenue-growth': 800,
      'masters-share': 400,
      'rd-super-deduction': 600,
      'return-on-net-assets': 500,
      'graduates-hired': 400,
      'innovation-platforms': 400,
      'st-awards': 400,
      'st-projects': 400,
      'equity-financing': 400,
    },
    mature: {
      'rd-expense': 800,
      'rd-expense-growth': 400,
      'rd-intensity': 700,
      'st-staff-share': 400,
      'invention-applications': 700,
      'pct-applications': 500,
      'tech-contract-turnover': 500,
      'high-tech-revenue': 900,
      revenue: 800,
      'revenue-growth': 700,
      'masters-share': 400,
      'rd-super-deduction': 800,
      'return-on-net-assets': 900,
      'graduates-hired': 300,
      'innovation-platforms': 400,
      'st-awards': 300,
      'st-projects': 300,
      'equity-financing': 200,
    },
  },
};
