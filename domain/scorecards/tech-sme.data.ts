import type { TechSmeScorecard } from './tech-sme.ts';

/** 科技型中小企业评价办法, 国科发政〔2017〕115号, issued and applied from 2017-05-03. */
export const techSme2017: TechSmeScorecard = {
  model: 'tech-sme',
  version: '2017.1',
  effectiveFrom: '2017-05-03',
  source: '国科发政〔2017〕115号',
  limits: { employees: 500, revenueYuan: '200000000', totalAssetsYuan: '200000000' },
  stStaff: {
    label: 'S&T staff',
    unit: '%',
    tiers: [
      { atLeast: '30', points: 20 },
      { atLeast: '25', points: 16 },
      { atLeast: '20', points: 12 },
      { atLeast: '15', points: 8 },
      { atLeast: '10', points: 4 },
    ],
    below: 0,
  },
  rdInput: {
    ofSales: {
      label: 'R&D / sales',
      unit: '%',
      tiers: [
        { atLeast: '6', points: 50 },
        { atLeast: '5', points: 40 },
        { atLeast: '4', points: 30 },
        { atLeast: '3', points: 20 },
        { atLeast: '2', points: 10 },
      ],
      below: 0,
    },
    ofTotalCost: {
      label: 'R&D / total cost',
      unit: '%',
      tiers: [
        { atLeast: '30', points: 50 },
        { atLeast: '25', points: 40 },
        { atLeast: '20', points: 30 },
        { atLeast: '15', points: 20 },
        { atLeast: '10', points: 10 },
      ],
      below: 0,
    },
  },
  ip: {
    classI: {
      label: 'Class I IP',
      unit: 'count',
      tiers: [{ atLeast: '1', points: 30 }],
      below: 0,
    },
    classII: {
      label: 'Class II IP',
      unit: 'count',
      tiers: [
        { atLeast: '4', points: 24 },
        { atLeast: '3', points: 18 },
        { atLeast: '2', points: 12 },
        { atLeast: '1', points: 6 },
      ],
      below: 0,
    },
  },
  passPoints: 60,
  directRoutes: ['highTechCertValid', 'nationalAward', 'provincialRdInstitution', 'ledStandard'],
};
