import type { PointRange } from './high-tech-score.ts';
import type { HighTechScorecard } from './high-tech.ts';
import type { Tier } from './ladder.ts';

// Growth scores the same on net assets and on revenue; only the label differs.
const growthTiers: readonly Tier<PointRange>[] = [
  { atLeast: '35', points: [9, 10] },
  { atLeast: '25', points: [7, 8] },
  { atLeast: '15', points: [5, 6] },
  { atLeast: '5', points: [3, 4] },
  { above: '0', points: [1, 2] },
];

/**
 * 高新技术企业认定管理办法, 国科发火〔2016〕32号, applied from 2016-01-01 (its art. 23),
 * with the scoring of the 2016 work guidelines (国科发火〔2016〕195号).
 */
export const highTech2016: HighTechScorecard = {
  model: 'high-tech',
  version: '2016.1',
  effectiveFrom: '2016-01-01',
  source: '国科发火〔2016〕32号',
  minYearsRegistered: 1,
  minStStaffPercent: '10',
  rdIntensity: [
    { revenueUpToYuan: '50000000', minPercent: '5' },
    { revenueUpToYuan: '200000000', minPercent: '4' },
    { revenueUpToYuan: null, minPercent: '3' },
  ],
  minDomesticRdPercent: '60',
  minHighTechRevenuePercent: '60',
  passPoints: 71,
  score: {
    ip: {
      groupMax: 30,
      advancement: [0, 8],
      coreSupport: [0, 8],
      quantity: {
        classI: {
          label: 'Class I IP',
          unit: 'count',
          tiers: [{ atLeast: '1', points: [7, 8] }],
          below: [0, 0],
        },
        classII: {
          label: 'Class II IP',
          unit: 'count',
          tiers: [
            { atLeast: '5', points: [5, 6] },
            { atLeast: '3', points: [3, 4] },
            { atLeast: '1', points: [1, 2] },
          ],
          below: [0, 0],
        },
      },
      acquisition: { 'own-rd': [1, 6], 'acquired-only': [1, 3], none: [0, 0] },
      standardsBonus: [0, 2],
    },
    transfer: {
      label: 'results transferred per year',
      unit: 'number',
      tiers: [
        { atLeast: '5', points: [25, 30] },
        { atLeast: '4', points: [19, 24] },
        { atLeast: '3', points: [13, 18] },
        { atLeast: '2', points: [7, 12] },
        { atLeast: '1', points: [1, 6] },
      ],
      below: [0, 0],
    },
    organisation: [
      [0, 6],
      [0, 6],
      [0, 4],
      [0, 4],
    ],
    growth: {
      netAssets: { label: 'net-asset growth', unit: '%', tiers: growthTiers, below: [0, 0] },
      revenue: { label: 'revenue growth', unit: '%', tiers: growthTiers, below: [0, 0] },
    },
  },
};
