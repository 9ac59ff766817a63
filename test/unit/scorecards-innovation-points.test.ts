import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../domain/money.ts';
import {
  enterpriseIndicators,
  type EnterpriseIndicators,
} from '../../domain/scorecards/indicators.ts';
import {
  buildCohorts,
  evaluateInnovationPoints,
  innovationGroups,
  innovationIndicatorIds,
  innovationStages,
  stageOf,
  type InnovationIndicatorId,
  type InnovationPointsResult,
} from '../../domain/scorecards/innovation-points.ts';
import { innovationPoints2024 as card } from '../../domain/scorecards/innovation-points.data.ts';
import { evaluate, scorecardsInForce } from '../../domain/scorecards/catalogue.ts';

// A growth-stage firm (9 years old, revenue ¥50m) reporting every innovation indicator.
const firm: EnterpriseIndicators = {
  registeredOn: '2015-03-01',
  asOf: '2024-06-30',
  employees: 100,
  stStaff: 30,
  revenue: '50000000',
  totalAssets: '80000000',
  netAssets: '40000000',
  totalCost: '40000000',
  rdExpense: '3000000',
  highTechRevenue: '30000000',
  ip: { classI: 1, classII: 2 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
  rdExpensePriorYear: '2500000',
  revenuePriorYear: '40000000',
  patentApplicationsMain: 2,
  pctApplications: 0,
  techContractTurnover: '1000000',
  mastersStaff: 10,
  rdSuperDeduction: '3000000',
  netProfit: '4000000',
  graduatesHired: 5,
  innovationPlatforms: 1,
  stAwards: 0,
  stProjects: 2,
  equityFinancing: '0',
};

const score = (f: EnterpriseIndicators, cohort: readonly EnterpriseIndicators[]) =>
  evaluateInnovationPoints(card, f, buildCohorts(card, cohort));
const indicator = (result: InnovationPointsResult, id: InnovationIndicatorId) =>
  result.indicators.find((i) => i.id === id)!;
const withApplications = (n: number | undefined) => ({ ...firm, patentApplicationsMain: n });
const inventionWeight = card.weights.growth['invention-applications'];
/** Points for a percentile given as a fraction, rounded down to hundredths as the card does. */
const pointsAt = (weight: number, percentile: number) => Math.floor(weight * percentile) / 100;

describe('innovation-points 2024 data', () => {
  it('has the 18 indicators of the scheme in groups of 7, 6 and 5', () => {
    expect(Object.values(innovationGroups).map((ids) => ids.length)).toEqual([7, 6, 5]);
    expect(new Set(innovationIndicatorIds).size).toBe(18);
  });

  it.each(innovationStages)('weights the %s stage in whole basis points summing to 10 000', (s) => {
    const weights = innovationIndicatorIds.map((id) => card.weights[s][id]);
    expect(weights.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('scores out of 100 with group maxima that add up', () => {
    const result = score(firm, []);
    expect(result.max).toBe(100);
    expect(result.groups.reduce((t, g) => t + g.max * 100, 0)).toBe(10_000);
  });

  it('refuses weights off 100% and a last stage with limits', () => {
    const heavier = {
      ...card,
      weights: { ...card.weights, growth: { ...card.weights.growth, revenue: 501 } },
    };
    expect(() => buildCohorts(heavier, [])).toThrow(/growth weights sum to 10001/);
    const capped = { ...card, stages: card.stages.slice(0, 2) };
    expect(() => buildCohorts(capped, [])).toThrow(/last stage must have no limits/);
  });
});

describe('stage rule', () => {
  it.each([
    ['2019-06-30', '30000000', 'start-up'],
    ['2019-06-29', '30000000', 'growth'],
    ['2019-06-30', '30000000.01', 'growth'],
    ['2000-01-01', '200000000', 'growth'],
    ['2000-01-01', '200000000.01', 'mature'],
    ['2024-01-01', '200000000.01', 'mature'],
  ])('registered %s with revenue %s → %s (asOf 2024-06-30)', (registeredOn, revenue, stage) => {
    expect(stageOf(card, { ...firm, registeredOn, revenue, highTechRevenue: '0' })).toBe(stage);
  });

  it('ranks a firm only among the firms of its own stage', () => {
    const mature = { ...firm, revenue: '300000000', patentApplicationsMain: 50 };
    const result = score(firm, [mature, mature]);
    expect(result).toMatchObject({ stage: 'growth', cohortSize: 0 });
  });
});

describe('percentile: share of the cohort below plus half of the ties', () => {
  // Cohort values 1, 2, 2, 3.
  const cohort = [1, 2, 2, 3].map(withApplications);

  it.each([
    [0, 0, '0.00'],
    [1, 1 / 8, '12.50'],
    [2, 4 / 8, '50.00'],
    [3, 7 / 8, '87.50'],
    [4, 1, '100.00'],
  ])('%i invention applications → percentile %d', (value, percentile, shown) => {
    const scored = indicator(score(withApplications(value), cohort), 'invention-applications');
    expect(scored).toEqual({
      id: 'invention-applications',
      value: String(value),
      points: pointsAt(inventionWeight, percentile),
      max: inventionWeight / 100,
      rule: expect.stringMatching(new RegExp(`^percentile ${shown} among 4 growth-stage peers`)),
    });
  });

  it('gives the midpoint in an empty cohort, as to a firm alone in its own', () => {
    const alone = indicator(score(firm, []), 'invention-applications');
    const self = indicator(score(firm, [firm]), 'invention-applications');
    expect(alone.points).toBe(pointsAt(inventionWeight, 1 / 2));
    expect(self.points).toBe(alone.points);
    expect(alone.rule).toMatch(/^percentile 50\.00 among 0 /);
  });

  it('scores a missing value 0 and leaves firms without one out of the cohort', () => {
    const missing = indicator(score(withApplications(undefined), cohort), 'invention-applications');
    expect(missing).toMatchObject({ value: 'n/a', points: 0 });
    const sparse = [withApplications(1), withApplications(undefined)];
    expect(indicator(score(withApplications(2), sparse), 'invention-applications').rule).toMatch(
      /^percentile 100\.00 among 1 /,
    );
  });

  it('has no growth without a positive prior year', () => {
    const flat = { ...firm, rdExpensePriorYear: '0' };
    expect(indicator(score(flat, [firm]), 'rd-expense-growth')).toMatchObject({
      value: 'n/a',
      points: 0,
    });
    expect(indicator(score(firm, []), 'rd-expense-growth').value).toBe('20.00');
  });

  it('compares ratios exactly where floats cannot tell them apart', () => {
    // R&D / revenue: exactly 1/3, and 1/3 − 1/(3·10¹⁷), which is the same double.
    const third = { ...firm, revenue: '300000000', totalCost: '300000000', rdExpense: '100000000' };
    const justBelow = {
      ...third,
      revenue: '1000000000000000.00',
      totalCost: '1000000000000000.00',
      rdExpense: '333333333333333.33',
    };
    expect(Number(33333333333333333n) / 1e17).toBe(1 / 3);
    const weight = card.weights.mature['rd-intensity'];
    expect(indicator(score(third, [justBelow]), 'rd-intensity').points).toBe(weight / 100);
    expect(indicator(score(justBelow, [third]), 'rd-intensity').points).toBe(0);
  });
});

describe('registry', () => {
  it('is in force from 2024 and evaluates against cohorts of its own version only', () => {
    expect(scorecardsInForce('2024-01-01').map((c) => c.model)).toContain('innovation-points');
    const cohorts = buildCohorts(card, [firm]);
    expect(evaluate('innovation-points', card.version, firm, cohorts)).toMatchObject({
      model: 'innovation-points',
      version: '2024.1',
      stage: 'growth',
      cohortSize: 1,
    });
    const other = buildCohorts({ ...card, version: '2030.1' }, [firm]);
    expect(() => evaluate('innovation-points', card.version, firm, other)).toThrow(
      /cohorts built for that version/,
    );
  });
});

// Random valid firms, mostly in the growth stage so that cohorts are shared.
const fen = (max: number) => fc.integer({ min: 0, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const yuanOf = (arb: fc.Arbitrary<number>) => arb.map(fenToYuan);
const firmArb: fc.Arbitrary<EnterpriseIndicators> = fc
  .record({
    registeredYear: fc.integer({ min: 2005, max: 2024 }),
    employees: fc.integer({ min: 0, max: 500 }),
    stStaff: fc.nat(500),
    mastersStaff: maybe(fc.nat(500)),
    revenue: fen(25_000_000_000),
    rdExpense: fen(2_000_000_000),
    rdExpensePriorYear: maybe(yuanOf(fen(2_000_000_000))),
    revenuePriorYear: maybe(yuanOf(fen(25_000_000_000))),
    netAssets: maybe(yuanOf(fen(5_000_000_000))),
    netProfit: maybe(yuanOf(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }))),
    counts: fc.tuple(...Array.from({ length: 6 }, () => maybe(fc.nat(10)))),
    amounts: fc.tuple(...Array.from({ length: 3 }, () => maybe(yuanOf(fen(1_000_000_000))))),
  })
  .map((r) => {
    const [patentApplicationsMain, pctApplications, graduatesHired, innovationPlatforms] = r.counts;
    const [stAwards, stProjects] = r.counts.slice(4);
    const [techContractTurnover, rdSuperDeduction, equityFinancing] = r.amounts;
    return enterpriseIndicators.parse({
      registeredOn: `${r.registeredYear}-06-30`,
      asOf: '2024-06-30',
      employees: r.employees,
      stStaff: Math.min(r.stStaff, r.employees),
      mastersStaff:
        r.mastersStaff === undefined ? undefined : Math.min(r.mastersStaff, r.employees),
      revenue: fenToYuan(r.revenue),
      totalAssets: fenToYuan(r.revenue),
      netAssets: r.netAssets,
      totalCost: fenToYuan(r.rdExpense + r.revenue),
      rdExpense: fenToYuan(r.rdExpense),
      ip: { classI: 0, classII: 0 },
      flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
      rdExpensePriorYear: r.rdExpensePriorYear,
      revenuePriorYear: r.revenuePriorYear,
      netProfit: r.netProfit,
      patentApplicationsMain,
      pctApplications,
      graduatesHired,
      innovationPlatforms,
      stAwards,
      stProjects,
      techContractTurnover,
      rdSuperDeduction,
      equityFinancing,
    });
  });
const cohortArb = fc.array(firmArb, { maxLength: 40 });

describe('properties', () => {
  it('an indicator score never falls as its value rises', () => {
    fc.assert(
      fc.property(cohortArb, firmArb, fc.nat(12), fc.nat(12), (cohort, f, a, b) => {
        const cohorts = buildCohorts(card, cohort);
        const points = (n: number) =>
          indicator(
            evaluateInnovationPoints(card, { ...f, patentApplicationsMain: n }, cohorts),
            'invention-applications',
          ).points;
        expect(points(Math.min(a, b))).toBeLessThanOrEqual(points(Math.max(a, b)));
      }),
    );
  });

  it('the total is the sum of its parts and never exceeds the maximum', () => {
    fc.assert(
      fc.property(cohortArb, firmArb, (cohort, f) => {
        const result = score(f, cohort);
        const cents = (values: number[]) => values.reduce((t, v) => t + Math.round(v * 100), 0);
        expect(result.points).toBeGreaterThanOrEqual(0);
        expect(result.points).toBeLessThanOrEqual(result.max);
        for (const i of result.indicators) expect(i.points).toBeLessThanOrEqual(i.max);
        expect(cents(result.indicators.map((i) => i.points))).toBe(Math.round(result.points * 100));
        expect(cents(result.groups.map((g) => g.points))).toBe(Math.round(result.points * 100));
      }),
    );
  });

  it('more R&D never lowers the score', () => {
    fc.assert(
      fc.property(cohortArb, firmArb, fen(1_000_000_000), (cohort, f, extraFen) => {
        const cohorts = buildCohorts(card, cohort);
        const more = {
          ...f,
          rdExpense: fenToYuan(yuanToFen(f.rdExpense) + extraFen),
          totalCost: fenToYuan(yuanToFen(f.totalCost) + extraFen),
        };
        expect(evaluateInnovationPoints(card, more, cohorts).points).toBeGreaterThanOrEqual(
          evaluateInnovationPoints(card, f, cohorts).points,
        );
      }),
    );
  });
});
