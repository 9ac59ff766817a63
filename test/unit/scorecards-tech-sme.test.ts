import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { evaluateTechSme } from '../../domain/scorecards/tech-sme.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import { boundValue, type Ladder } from '../../domain/scorecards/ladder.ts';

// 30% S&T staff, R&D 6% of sales, one Class I right: full marks.
const base: EnterpriseIndicators = {
  registeredOn: '2019-04-01',
  asOf: '2024-06-30',
  employees: 100,
  stStaff: 30,
  revenue: '10000000',
  totalAssets: '20000000',
  totalCost: '8000000',
  rdExpense: '600000',
  ip: { classI: 1, classII: 0 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

const evaluate = (changes: Partial<EnterpriseIndicators>) =>
  evaluateTechSme(techSme2017, { ...base, ...changes });
const indicator = (changes: Partial<EnterpriseIndicators>, id: string) =>
  evaluate(changes).indicators.find((i) => i.id === id);

describe('tech-SME 2017 data', () => {
  const ladders: Ladder[] = [
    techSme2017.stStaff,
    techSme2017.rdInput.ofSales,
    techSme2017.rdInput.ofTotalCost,
    techSme2017.ip.classI,
    techSme2017.ip.classII,
  ];
  it.each(ladders.map((l) => [l.label, l] as const))(
    '%s: bounds fall strictly and points never rise',
    (_label, ladder) => {
      const bounds = ladder.tiers.map((t) => Number(boundValue(t)));
      const points = [...ladder.tiers.map((t) => t.points), ladder.below];
      expect(bounds).toEqual([...bounds].sort((a, b) => b - a));
      expect(new Set(bounds).size).toBe(bounds.length);
      expect(points).toEqual([...points].sort((a, b) => b - a));
    },
  );
});

describe('tech-SME evaluation', () => {
  it('reports every indicator with the tier that applied', () => {
    expect(evaluate({})).toEqual({
      model: 'tech-sme',
      version: '2017.1',
      eligible: true,
      points: 100,
      max: 100,
      directQualification: false,
      indicators: [
        { id: 'st-staff', value: '30.00', points: 20, max: 20, rule: 'S&T staff ≥ 30% → 20' },
        { id: 'rd-input', value: '6.00', points: 50, max: 50, rule: 'R&D / sales ≥ 6% → 50' },
        { id: 'ip', value: '1', points: 30, max: 30, rule: 'Class I IP ≥ 1 → 30' },
      ],
      failedGates: [],
    });
  });

  // 10 000 staff makes hundredths of a percent expressible; size limits do not affect points.
  it.each([
    [3000, 20, '30.00', 'S&T staff ≥ 30% → 20'],
    [2999, 16, '29.99', 'S&T staff ≥ 25% and < 30% → 16'],
    [2500, 16, '25.00', 'S&T staff ≥ 25% and < 30% → 16'],
    [2499, 12, '24.99', 'S&T staff ≥ 20% and < 25% → 12'],
    [2000, 12, '20.00', 'S&T staff ≥ 20% and < 25% → 12'],
    [1999, 8, '19.99', 'S&T staff ≥ 15% and < 20% → 8'],
    [1500, 8, '15.00', 'S&T staff ≥ 15% and < 20% → 8'],
    [1499, 4, '14.99', 'S&T staff ≥ 10% and < 15% → 4'],
    [1000, 4, '10.00', 'S&T staff ≥ 10% and < 15% → 4'],
    [999, 0, '9.99', 'S&T staff < 10% → 0'],
    [0, 0, '0.00', 'S&T staff < 10% → 0'],
  ])('S&T staff %i of 10 000 → %i points', (stStaff, points, value, rule) => {
    expect(indicator({ employees: 10_000, stStaff }, 'st-staff')).toEqual({
      id: 'st-staff',
      value,
      points,
      max: 20,
      rule,
    });
  });

  it('scores S&T staff of a firm without staff as 0%', () => {
    expect(indicator({ employees: 0, stStaff: 0 }, 'st-staff')?.points).toBe(0);
  });

  // Total cost of ¥100m keeps R&D / total cost below 10%, so only R&D / sales scores.
  it.each([
    ['600000', 50, '6.00', 'R&D / sales ≥ 6% → 50'],
    ['599000', 40, '5.99', 'R&D / sales ≥ 5% and < 6% → 40'],
    ['599999.99', 40, '5.99', 'R&D / sales ≥ 5% and < 6% → 40'],
    ['500000', 40, '5.00', 'R&D / sales ≥ 5% and < 6% → 40'],
    ['499999.99', 30, '4.99', 'R&D / sales ≥ 4% and < 5% → 30'],
    ['400000', 30, '4.00', 'R&D / sales ≥ 4% and < 5% → 30'],
    ['399999.99', 20, '3.99', 'R&D / sales ≥ 3% and < 4% → 20'],
    ['300000', 20, '3.00', 'R&D / sales ≥ 3% and < 4% → 20'],
    ['299999.99', 10, '2.99', 'R&D / sales ≥ 2% and < 3% → 10'],
    ['200000', 10, '2.00', 'R&D / sales ≥ 2% and < 3% → 10'],
    ['199999.99', 0, '1.99', 'R&D / sales < 2% → 0'],
  ])('R&D %s on ¥10m sales → %i points', (rdExpense, points, value, rule) => {
    const changes = { revenue: '10000000', totalCost: '100000000', rdExpense };
    expect(indicator(changes, 'rd-input')).toEqual({
      id: 'rd-input',
      value,
      points,
      max: 50,
      rule,
    });
  });

  // Sales of ¥200m keep R&D / sales at or below 1.5%, so only R&D / total cost scores.
  it.each([
    ['3000000', 50, '30.00', 'R&D / total cost ≥ 30% → 50'],
    ['2999000', 40, '29.99', 'R&D / total cost ≥ 25% and < 30% → 40'],
    ['2500000', 40, '25.00', 'R&D / total cost ≥ 25% and < 30% → 40'],
    ['2499999.99', 30, '24.99', 'R&D / total cost ≥ 20% and < 25% → 30'],
    ['2000000', 30, '20.00', 'R&D / total cost ≥ 20% and < 25% → 30'],
    ['1999999.99', 20, '19.99', 'R&D / total cost ≥ 15% and < 20% → 20'],
    ['1500000', 20, '15.00', 'R&D / total cost ≥ 15% and < 20% → 20'],
    ['1499999.99', 10, '14.99', 'R&D / total cost ≥ 10% and < 15% → 10'],
    ['1000000', 10, '10.00', 'R&D / total cost ≥ 10% and < 15% → 10'],
    // Both measures score 0 here: the first listed (sales, 0.49%) explains it.
    ['999999.99', 0, '0.49', 'R&D / sales < 2% → 0'],
  ])('R&D %s on ¥10m total cost → %i points', (rdExpense, points, value, rule) => {
    const changes = { revenue: '200000000', totalCost: '10000000', rdExpense };
    expect(indicator(changes, 'rd-input')).toEqual({
      id: 'rd-input',
      value,
      points,
      max: 50,
      rule,
    });
  });

  it('takes the better of R&D / sales and R&D / total cost', () => {
    // 3% of sales (20) but 30% of costs (50).
    const byCost = { revenue: '100000000', totalCost: '10000000', rdExpense: '3000000' };
    expect(indicator(byCost, 'rd-input')).toMatchObject({ points: 50, value: '30.00' });
    // 6% of sales (50) but 7.5% of costs (0).
    const bySales = { revenue: '10000000', totalCost: '8000000', rdExpense: '600000' };
    expect(indicator(bySales, 'rd-input')).toMatchObject({ points: 50, value: '6.00' });
    // Tied at 40: the first listed measure (sales) explains the points.
    const tied = { revenue: '10000000', totalCost: '2000000', rdExpense: '500000' };
    expect(indicator(tied, 'rd-input')).toMatchObject({
      points: 40,
      rule: 'R&D / sales ≥ 5% and < 6% → 40',
    });
  });

  it('falls back to R&D / total cost when there are no sales', () => {
    const noSales = { revenue: '0', totalCost: '1000000', rdExpense: '300000' };
    expect(indicator(noSales, 'rd-input')).toMatchObject({ points: 50, value: '30.00' });
  });

  it.each([
    [0, 0, 0, '0', 'no Class I IP → 0'],
    [0, 1, 6, '1', 'Class II IP = 1 → 6'],
    [0, 2, 12, '2', 'Class II IP = 2 → 12'],
    [0, 3, 18, '3', 'Class II IP = 3 → 18'],
    [0, 4, 24, '4', 'Class II IP ≥ 4 → 24'],
    [0, 5, 24, '5', 'Class II IP ≥ 4 → 24'],
    [1, 0, 30, '1', 'Class I IP ≥ 1 → 30'],
    [2, 9, 30, '2', 'Class I IP ≥ 1 → 30'],
  ])('Class I %i, Class II %i → %i points', (classI, classII, points, value, rule) => {
    expect(indicator({ ip: { classI, classII } }, 'ip')).toEqual({
      id: 'ip',
      value,
      points,
      max: 30,
      rule,
    });
  });
});

describe('tech-SME qualification', () => {
  // 9% staff (0) + R&D 4% of sales (30) + a Class I right (30) = 60.
  const sixtyWithoutStaffScore = { stStaff: 9, rdExpense: '400000' };

  it('refuses 60 points when the S&T staff score is zero, and says what is missing', () => {
    const result = evaluate(sixtyWithoutStaffScore);
    expect(result).toMatchObject({ points: 60, eligible: false });
    expect(result.failedGates).toEqual([
      { gate: 'st-staff-score', value: '9%', required: '≥ 10%', gap: '1%' },
    ]);
  });

  it('accepts exactly 60 points with a non-zero S&T staff score', () => {
    // 10% staff (4) + R&D 6% of sales (50) + one Class II right (6) = 60.
    const result = evaluate({ stStaff: 10, ip: { classI: 0, classII: 1 } });
    expect(result).toMatchObject({ points: 60, eligible: true, failedGates: [] });
  });

  it('refuses 58 points with the gap to 60', () => {
    // 10% staff (4) + R&D 4% of sales (30) + four Class II rights (24) = 58.
    const result = evaluate({ stStaff: 10, rdExpense: '400000', ip: { classI: 0, classII: 4 } });
    expect(result).toMatchObject({ points: 58, eligible: false });
    expect(result.failedGates).toEqual([
      { gate: 'points', value: '58', required: '≥ 60', gap: '2' },
    ]);
  });

  it('rounds a failed share down and its gap up, so the print never looks passed', () => {
    // 9.999% needs more staff than the size limit allows; the basic gate fails as well.
    const result = evaluate({ employees: 100_000, stStaff: 9_999, rdExpense: '400000' });
    expect(result.failedGates).toContainEqual({
      gate: 'st-staff-score',
      value: '9.99%',
      required: '≥ 10%',
      gap: '0.01%',
    });
  });

  it.each([
    [{ employees: 500, stStaff: 150 }, []],
    [
      { employees: 501, stStaff: 151 },
      [{ gate: 'employees', value: '501', required: '≤ 500', gap: '1' }],
    ],
    [{ revenue: '200000000', rdExpense: '600000' }, []],
    [
      { revenue: '200000000.01' },
      [
        {
          gate: 'revenue',
          value: '¥200,000,000.01',
          required: '≤ ¥200,000,000.00',
          gap: '¥0.01',
        },
      ],
    ],
    [{ totalAssets: '200000000' }, []],
    [
      { totalAssets: '200000001' },
      [
        {
          gate: 'total-assets',
          value: '¥200,000,001.00',
          required: '≤ ¥200,000,000.00',
          gap: '¥1.00',
        },
      ],
    ],
  ])('basic size limits: %o', (changes, failedGates) => {
    // R&D / total cost keeps the firm at full points whatever the revenue.
    const result = evaluate({ totalCost: '2000000', ...changes });
    expect(result.failedGates).toEqual(failedGates);
    expect(result.eligible).toBe(failedGates.length === 0);
  });

  it.each([
    ['majorIncident', 'major-incident'],
    ['abnormalList', 'abnormal-list'],
    ['prohibitedProducts', 'prohibited-products'],
  ] as const)('flag %s disqualifies', (flag, gate) => {
    const result = evaluate({ flags: { ...base.flags, [flag]: true } });
    expect(result.eligible).toBe(false);
    expect(result.failedGates).toEqual([{ gate, value: 'yes', required: 'no', gap: null }]);
  });
});

describe('tech-SME direct qualification', () => {
  const noRoutes = {
    highTechCertValid: false,
    nationalAward: false,
    provincialRdInstitution: false,
    ledStandard: false,
  };
  // 0 points: no S&T staff, no R&D, no IP.
  const weak = { stStaff: 0, rdExpense: '0', ip: { classI: 0, classII: 0 } };

  it.each(Object.keys(noRoutes))('route %s qualifies a firm meeting the basic conditions', (r) => {
    const result = evaluate({ ...weak, directRoutes: { ...noRoutes, [r]: true } });
    expect(result).toMatchObject({
      eligible: true,
      directQualification: true,
      points: 0,
      failedGates: [],
    });
  });

  it('needs a route that holds', () => {
    for (const directRoutes of [noRoutes, undefined]) {
      const result = evaluate({ ...weak, directRoutes });
      expect(result).toMatchObject({ eligible: false, directQualification: false });
      expect(result.failedGates.map((g) => g.gate)).toEqual(['points', 'st-staff-score']);
    }
  });

  it('never bypasses the basic conditions', () => {
    const directRoutes = { ...noRoutes, highTechCertValid: true };
    const result = evaluate({ employees: 501, stStaff: 151, directRoutes });
    expect(result).toMatchObject({ eligible: false, directQualification: false, points: 100 });
    expect(result.failedGates.map((g) => g.gate)).toEqual(['employees']);
  });
});

describe('tech-SME properties', () => {
  const fenAsYuan = (fen: number) =>
    `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  // Amounts are drawn in fen so that "more R&D" can be added without float arithmetic.
  const draw = fc.record({
    employees: fc.integer({ min: 0, max: 600 }),
    staffShare: fc.double({ min: 0, max: 1, noNaN: true }),
    revenueFen: fc.integer({ min: 0, max: 30_000_000_000 }),
    costFen: fc.integer({ min: 0, max: 30_000_000_000 }),
    rdShare: fc.double({ min: 0, max: 1, noNaN: true }),
    classI: fc.integer({ min: 0, max: 3 }),
    classII: fc.integer({ min: 0, max: 8 }),
  });
  type Draw = typeof draw extends fc.Arbitrary<infer T> ? T : never;
  const firm = (d: Draw): EnterpriseIndicators => ({
    ...base,
    employees: d.employees,
    stStaff: Math.floor(d.employees * d.staffShare),
    revenue: fenAsYuan(d.revenueFen),
    totalCost: fenAsYuan(d.costFen),
    rdExpense: fenAsYuan(Math.floor(d.costFen * d.rdShare)),
    ip: { classI: d.classI, classII: d.classII },
  });
  const points = (d: Draw) => evaluateTechSme(techSme2017, firm(d)).points;
  const share = fc.double({ min: 0, max: 1, noNaN: true });

  it('keeps points within 0..max and each indicator within its own max', () => {
    fc.assert(
      fc.property(draw, (d) => {
        const result = evaluateTechSme(techSme2017, firm(d));
        expect(result.max).toBe(100);
        expect(result.points).toBeGreaterThanOrEqual(0);
        expect(result.points).toBeLessThanOrEqual(result.max);
        for (const i of result.indicators) expect(i.points).toBeLessThanOrEqual(i.max);
      }),
    );
  });

  it('never lowers points for more R&D (within the same total cost)', () => {
    fc.assert(
      fc.property(draw, share, (d, more) => {
        const moreRd = { ...d, rdShare: d.rdShare + (1 - d.rdShare) * more };
        expect(points(moreRd)).toBeGreaterThanOrEqual(points(d));
      }),
    );
  });

  it('never lowers points for more S&T staff or more IP', () => {
    fc.assert(
      fc.property(draw, share, fc.nat(3), (d, more, extraIp) => {
        const moreStaff = { ...d, staffShare: d.staffShare + (1 - d.staffShare) * more };
        const moreIp = { ...d, classI: d.classI + extraIp, classII: d.classII + extraIp };
        expect(points(moreStaff)).toBeGreaterThanOrEqual(points(d));
        expect(points(moreIp)).toBeGreaterThanOrEqual(points(d));
      }),
    );
  });

  it('is eligible exactly when no gate failed', () => {
    fc.assert(
      fc.property(draw, (d) => {
        const result = evaluateTechSme(techSme2017, firm(d));
        expect(result.eligible).toBe(result.failedGates.length === 0);
      }),
    );
  });
});
