import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MissingIndicatorsError,
  type EnterpriseIndicators,
} from '../../domain/scorecards/indicators.ts';
import { evaluateHighTech, type HighTechAssessment } from '../../domain/scorecards/high-tech.ts';
import { ExpertPointsError, type ExpertPoints } from '../../domain/scorecards/high-tech-score.ts';
import { highTech2016 } from '../../domain/scorecards/high-tech.data.ts';

// Every gate met exactly at its bound: 10% S&T staff, 3-year R&D 5% of sales (latest revenue
// ¥40m), 60% domestic R&D, 60% high-tech revenue.
const firm: EnterpriseIndicators = {
  registeredOn: '2019-04-01',
  asOf: '2024-06-30',
  employees: 100,
  stStaff: 10,
  revenue: '40000000',
  totalAssets: '50000000',
  totalCost: '30000000',
  rdExpense: '2000000',
  revenue3y: ['20000000', '30000000', '40000000'],
  rdExpense3y: ['1000000', '1500000', '2000000'],
  highTechRevenue: '24000000',
  domesticRdShare: 0.6,
  ip: { classI: 1, classII: 0 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

// IP 6+6+7+5+0 = 24, transfer 25, organisation 14, growth 5 + 9 = 14: 77 points.
const expertPoints: ExpertPoints = {
  ipAdvancement: 6,
  ipCoreSupport: 6,
  ipQuantity: 7,
  ipAcquisition: 5,
  standardsBonus: 0,
  resultsTransfer: 25,
  rdOrganisation: [4, 4, 3, 3],
  netAssetGrowth: 5,
  revenueGrowth: 9,
};
const assessment: HighTechAssessment = {
  supportedField: true,
  ownsCoreIp: true,
  ipAcquisition: 'own-rd',
  transfers3y: 15,
  netAssets3y: ['10000000', '12000000', '15000000'],
  expertPoints,
};

const evaluate = (
  changes: Partial<EnterpriseIndicators> = {},
  found: Partial<HighTechAssessment> = {},
  experts: Partial<ExpertPoints> = {},
) =>
  evaluateHighTech(
    highTech2016,
    { ...firm, ...changes },
    { ...assessment, ...found, expertPoints: { ...expertPoints, ...experts } },
  );
const gate = (result: ReturnType<typeof evaluate>, id: string) =>
  result.failedGates.find((g) => g.gate === id);
const indicator = (result: ReturnType<typeof evaluate>, id: string) =>
  result.indicators.find((i) => i.id === id);

describe('high-tech recognition', () => {
  it('passes a firm that meets every gate at its bound', () => {
    const result = evaluate();
    expect(result).toMatchObject({
      model: 'high-tech',
      version: '2016.1',
      eligible: true,
      points: 77,
      max: 100,
      failedGates: [],
    });
    expect(result.indicators.map((i) => [i.id, i.value, i.points, i.max, i.rule])).toEqual([
      ['ip-advancement', '6', 6, 8, 'IP advancement: expert judgement → 0–8'],
      ['ip-core-support', '6', 6, 8, 'IP support of main products: expert judgement → 0–8'],
      ['ip-quantity', '1', 7, 8, 'Class I IP ≥ 1 → 7–8'],
      ['ip-acquisition', '5', 5, 6, 'IP acquisition own-rd → 1–6'],
      ['standards-bonus', '0', 0, 2, 'standards bonus: expert judgement → 0–2'],
      ['results-transfer', '5.00', 25, 30, 'results transferred per year ≥ 5 → 25–30'],
      [
        'rd-organisation',
        '14',
        14,
        20,
        'R&D organisation: expert judgement → 0–6 + 0–6 + 0–4 + 0–4',
      ],
      ['net-asset-growth', '22.50', 5, 10, 'net-asset growth ≥ 15% and < 25% → 5–6'],
      ['revenue-growth', '41.66', 9, 10, 'revenue growth ≥ 35% → 9–10'],
    ]);
  });

  it('needs 71 points: 71 passes, 70 fails', () => {
    expect(evaluate({}, {}, { ipAdvancement: 0 })).toMatchObject({ points: 71, eligible: true });
    const result = evaluate({}, {}, { ipAdvancement: 0, ipCoreSupport: 5 });
    expect(result).toMatchObject({ points: 70, eligible: false });
    expect(result.failedGates).toEqual([
      { gate: 'points', value: '70', required: '≥ 71', gap: '1' },
    ]);
  });

  it('caps the IP group at 30, standards bonus included', () => {
    const ipMax = { ipAdvancement: 8, ipCoreSupport: 8, ipQuantity: 8, ipAcquisition: 6 };
    expect(evaluate({}, {}, { ...ipMax, standardsBonus: 2 }).points).toBe(30 + 25 + 14 + 14);
    expect(evaluate({}, {}, { ...ipMax, standardsBonus: 0 }).points).toBe(30 + 25 + 14 + 14);
  });

  // The R&D floor follows the latest year's revenue; the ratio runs over the three years.
  it.each([
    ['50000000', '2500000', undefined],
    ['50000000', '2499999.99', { value: '4.99%', required: '≥ 5%', gap: '0.01%' }],
    ['50000000.01', '2000000.01', undefined],
    ['50000000.01', '2000000', { value: '3.99%', required: '≥ 4%', gap: '0.01%' }],
    ['200000000', '8000000', undefined],
    ['200000000', '7999999.99', { value: '3.99%', required: '≥ 4%', gap: '0.01%' }],
    ['200000000.01', '6000000.01', undefined],
    ['200000000.01', '6000000', { value: '2.99%', required: '≥ 3%', gap: '0.01%' }],
  ])('latest revenue %s with 3-year R&D %s', (latest, rd, failure) => {
    const changes = { revenue3y: ['0', '0', latest], rdExpense3y: ['0', '0', rd] } as const;
    // Without earlier revenue growth is undefined and scores 0.
    const result = evaluate(changes, {}, { revenueGrowth: 0 });
    expect(gate(result, 'rd-intensity-3y')).toEqual(
      failure && { gate: 'rd-intensity-3y', ...failure },
    );
  });

  it.each([
    ['S&T staff 10%', { employees: 1000, stStaff: 100 }, 'st-staff', undefined],
    [
      'S&T staff 9.9%',
      { employees: 1000, stStaff: 99 },
      'st-staff',
      { value: '9.9%', required: '≥ 10%', gap: '0.1%' },
    ],
    ['domestic R&D 60%', { domesticRdShare: 0.6 }, 'domestic-rd', undefined],
    [
      'domestic R&D 59.99%',
      { domesticRdShare: 0.5999 },
      'domestic-rd',
      { value: '59.99%', required: '≥ 60%', gap: '0.01%' },
    ],
    ['high-tech revenue 60%', { highTechRevenue: '24000000' }, 'high-tech-revenue', undefined],
    [
      'high-tech revenue 59.99%',
      { highTechRevenue: '23996000' },
      'high-tech-revenue',
      { value: '59.99%', required: '≥ 60%', gap: '0.01%' },
    ],
    ['registered exactly 1 year', { registeredOn: '2023-06-30' }, 'registered', undefined],
    [
      'registered 1 year less a day',
      { registeredOn: '2023-07-01' },
      'registered',
      { value: 'registered 2023-07-01', required: '≥ 1 year old on 2024-06-30', gap: '1 day' },
    ],
    [
      'registered on a leap day, a year later is 1 March',
      { registeredOn: '2020-02-29', asOf: '2021-02-28' },
      'registered',
      { value: 'registered 2020-02-29', required: '≥ 1 year old on 2021-02-28', gap: '1 day' },
    ],
    [
      'leap day registration on 1 March',
      { registeredOn: '2020-02-29', asOf: '2021-03-01' },
      'registered',
      undefined,
    ],
    [
      'major incident',
      { flags: { ...firm.flags, majorIncident: true } },
      'major-incident',
      { value: 'yes', required: 'no', gap: null },
    ],
  ])('gate: %s', (_name, changes, id, failure) => {
    expect(gate(evaluate(changes), id)).toEqual(failure && { gate: id, ...failure });
  });

  it('needs core IP on record and a supported field', () => {
    const noRights = evaluate({ ip: { classI: 0, classII: 0 } }, {}, { ipQuantity: 0 });
    expect(gate(noRights, 'core-ip')).toEqual({
      gate: 'core-ip',
      value: 'no',
      required: 'yes',
      gap: null,
    });
    expect(gate(evaluate({}, { ownsCoreIp: false }), 'core-ip')).toBeDefined();
    expect(gate(evaluate({}, { supportedField: false }), 'supported-field')).toBeDefined();
  });

  it('names every missing indicator', () => {
    const basic = { ...firm, revenue3y: undefined, domesticRdShare: undefined };
    const missing = () => evaluateHighTech(highTech2016, basic, assessment);
    expect(missing).toThrow(MissingIndicatorsError);
    expect(missing).toThrow('high-tech needs revenue3y, domesticRdShare');
  });
});

describe('high-tech innovation score ranges', () => {
  it.each([
    [1, 0, 'Class I IP ≥ 1 → 7–8', 7, 8],
    [0, 5, 'Class II IP ≥ 5 → 5–6', 5, 6],
    [0, 4, 'Class II IP ≥ 3 and < 5 → 3–4', 3, 4],
    [0, 3, 'Class II IP ≥ 3 and < 5 → 3–4', 3, 4],
    [0, 2, 'Class II IP ≥ 1 and < 3 → 1–2', 1, 2],
    [0, 1, 'Class II IP ≥ 1 and < 3 → 1–2', 1, 2],
    [0, 0, 'no Class I IP → 0', 0, 0],
  ])('IP quantity: Class I %i, Class II %i', (classI, classII, rule, min, max) => {
    const ip = { classI, classII };
    expect(indicator(evaluate({ ip }, {}, { ipQuantity: min }), 'ip-quantity')?.rule).toBe(rule);
    expect(() => evaluate({ ip }, {}, { ipQuantity: max })).not.toThrow();
    expect(() => evaluate({ ip }, {}, { ipQuantity: max + 1 })).toThrow(ExpertPointsError);
    if (min > 0) {
      expect(() => evaluate({ ip }, {}, { ipQuantity: min - 1 })).toThrow(ExpertPointsError);
    }
  });

  it.each([
    [15, '5.00', 'results transferred per year ≥ 5 → 25–30', 25],
    [14, '4.66', 'results transferred per year ≥ 4 and < 5 → 19–24', 19],
    [12, '4.00', 'results transferred per year ≥ 4 and < 5 → 19–24', 19],
    [9, '3.00', 'results transferred per year ≥ 3 and < 4 → 13–18', 13],
    [6, '2.00', 'results transferred per year ≥ 2 and < 3 → 7–12', 7],
    [3, '1.00', 'results transferred per year ≥ 1 and < 2 → 1–6', 1],
    [2, '0.66', 'results transferred per year < 1 → 0', 0],
  ])('%i transfers in 3 years', (transfers3y, value, rule, min) => {
    const result = evaluate({}, { transfers3y }, { resultsTransfer: min });
    expect(indicator(result, 'results-transfer')).toMatchObject({ value, rule, points: min });
  });

  // With y1 = y2 = 100, g = (y3 − 100) / 200.
  it.each([
    ['170', '35.00', 'revenue growth ≥ 35% → 9–10', 9],
    ['169.99', '34.99', 'revenue growth ≥ 25% and < 35% → 7–8', 7],
    ['150', '25.00', 'revenue growth ≥ 25% and < 35% → 7–8', 7],
    ['130', '15.00', 'revenue growth ≥ 15% and < 25% → 5–6', 5],
    ['110', '5.00', 'revenue growth ≥ 5% and < 15% → 3–4', 3],
    ['109.99', '4.99', 'revenue growth > 0% and < 5% → 1–2', 1],
    ['100.01', '0.00', 'revenue growth > 0% and < 5% → 1–2', 1],
    ['100', '0.00', 'revenue growth ≤ 0% → 0', 0],
    ['50', '-25.00', 'revenue growth ≤ 0% → 0', 0],
  ])('revenue y3 = %s on 100, 100', (y3, value, rule, min) => {
    const result = evaluate({ revenue3y: ['100', '100', y3] }, {}, { revenueGrowth: min });
    expect(indicator(result, 'revenue-growth')).toMatchObject({ value, rule, points: min });
  });

  it('scores growth without a positive base year as 0', () => {
    const result = evaluate(
      {},
      { netAssets3y: ['-500000', '1000000', '2000000'] },
      {
        netAssetGrowth: 0,
      },
    );
    expect(indicator(result, 'net-asset-growth')).toMatchObject({
      value: 'n/a',
      points: 0,
      rule: 'net-asset growth undefined (a base year ≤ 0) → 0',
    });
  });

  it('refuses expert points outside their range, naming each', () => {
    const wrong = { ipAdvancement: 9, rdOrganisation: [7, 4, 3, 3], revenueGrowth: 8 };
    expect(() => evaluate({}, {}, wrong)).toThrow(
      expect.objectContaining({
        problems: [
          'ip-advancement: 9 outside 0–8',
          'rd-organisation 1: 7 outside 0–6',
          'revenue-growth: 8 outside 9–10',
        ],
      }) as ExpertPointsError,
    );
    expect(() => evaluate({}, {}, { rdOrganisation: [4, 4, 3] })).toThrow(ExpertPointsError);
  });

  it('keeps the score within 0..max for any points the ranges allow', () => {
    fc.assert(
      fc.property(
        fc.record({
          ipAdvancement: fc.integer({ min: 0, max: 8 }),
          ipCoreSupport: fc.integer({ min: 0, max: 8 }),
          ipQuantity: fc.integer({ min: 7, max: 8 }),
          ipAcquisition: fc.integer({ min: 1, max: 6 }),
          standardsBonus: fc.integer({ min: 0, max: 2 }),
          resultsTransfer: fc.integer({ min: 25, max: 30 }),
          rdOrganisation: fc.tuple(
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 0, max: 4 }),
            fc.integer({ min: 0, max: 4 }),
          ),
          netAssetGrowth: fc.integer({ min: 5, max: 6 }),
          revenueGrowth: fc.integer({ min: 9, max: 10 }),
        }),
        (experts) => {
          const result = evaluate({}, {}, experts);
          expect(result.points).toBeGreaterThanOrEqual(0);
          expect(result.points).toBeLessThanOrEqual(result.max);
        },
      ),
    );
  });
});
