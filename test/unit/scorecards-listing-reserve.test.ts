import { describe, expect, it } from 'vitest';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import {
  evaluateListingReserve,
  type ListingFinancials,
} from '../../domain/scorecards/listing-reserve.ts';
import { listingReserve2024 } from '../../domain/scorecards/listing-reserve.data.ts';

// At the bound of every gate: revenue CAGR exactly 25% (100m → 156.25m), R&D exactly 5% of
// 3-year revenue, R&D staff 10%, 7 invention patents; profits 50m + 60m + 100m = 210m,
// operating cash flow exactly 200m.
const firm: EnterpriseIndicators = {
  registeredOn: '2012-03-01',
  asOf: '2024-06-30',
  employees: 1000,
  stStaff: 200,
  rdStaff: 100,
  revenue: '156250000',
  totalAssets: '900000000',
  totalCost: '120000000',
  rdExpense: '8062500',
  revenue3y: ['100000000', '125000000', '156250000'],
  rdExpense3y: ['5000000', '6000000', '8062500'],
  ip: { classI: 7, classII: 3 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};
const financials: ListingFinancials = {
  netProfit3y: ['50000000', '60000000', '100000000'],
  operatingCashFlow3y: ['70000000', '70000000', '60000000'],
  marketValue: '0',
  inventionPatents: 7,
  exceptions: {
    leadingCoreTech: false,
    nationalAward: false,
    nationalMajorProject: false,
    importSubstitution: false,
  },
};

const evaluate = (
  changes: Partial<EnterpriseIndicators> = {},
  facts: Partial<ListingFinancials> = {},
) =>
  evaluateListingReserve(listingReserve2024, { ...firm, ...changes }, { ...financials, ...facts });
const board = (result: ReturnType<typeof evaluate>, id: 'main' | 'chinext' | 'star') =>
  result.boards.find((b) => b.board === id);

describe('listing-reserve gates', () => {
  it('qualifies for every board at the bounds', () => {
    expect(evaluate()).toEqual({
      model: 'listing-reserve',
      version: '2024.1',
      eligible: true,
      boards: [
        { board: 'main', eligible: true, qualifiedBy: 'profit', failedGates: [] },
        { board: 'chinext', eligible: true, qualifiedBy: 'profit', failedGates: [] },
        { board: 'star', eligible: true, qualifiedBy: 'four-indicators', failedGates: [] },
      ],
    });
  });
});

describe('main board', () => {
  it.each([
    [
      'a year without profit',
      ['0', '100000000', '100000000'],
      { gate: 'profit.net-profit-min-3y', value: '¥0.00', required: '> ¥0.00', gap: '> ¥0.00' },
    ],
    [
      'a loss year',
      ['-5000000', '105000000', '100000000'],
      {
        gate: 'profit.net-profit-min-3y',
        value: '-¥5,000,000.00',
        required: '> ¥0.00',
        gap: '> ¥5,000,000.00',
      },
    ],
    [
      '3-year profit one fen short',
      ['39999999.99', '60000000', '100000000'],
      {
        gate: 'profit.net-profit-sum-3y',
        value: '¥199,999,999.99',
        required: '≥ ¥200,000,000.00',
        gap: '¥0.01',
      },
    ],
    [
      'latest profit one fen short',
      ['60000000', '40000000.01', '99999999.99'],
      {
        gate: 'profit.net-profit-latest',
        value: '¥99,999,999.99',
        required: '≥ ¥100,000,000.00',
        gap: '¥0.01',
      },
    ],
  ] as const)('fails on %s', (_name, netProfit3y, failure) => {
    expect(board(evaluate({}, { netProfit3y }), 'main')).toEqual({
      board: 'main',
      eligible: false,
      qualifiedBy: null,
      failedGates: [failure],
    });
  });

  it('takes cumulative revenue of ¥1.5bn instead of cash flow of ¥200m', () => {
    const operatingCashFlow3y = ['70000000', '70000000', '59999999.99'] as const;
    expect(board(evaluate({}, { operatingCashFlow3y }), 'main')?.failedGates).toEqual([
      expect.objectContaining({ gate: 'profit.operating-cash-flow-sum-3y', gap: '¥0.01' }),
      expect.objectContaining({ gate: 'profit.revenue-sum-3y', value: '¥381,250,000.00' }),
    ]);
    const revenue3y = ['400000000', '500000000', '600000000'] as const;
    expect(board(evaluate({ revenue3y }, { operatingCashFlow3y }), 'main')?.eligible).toBe(true);
  });
});

describe('ChiNext', () => {
  it('falls back to market value ¥1.5bn with revenue ¥400m and a profit', () => {
    const netProfit3y = ['50000000', '60000000', '59999999.99'] as const;
    const bigger = { revenue3y: ['300000000', '350000000', '400000000'] } as const;
    const result = board(evaluate(bigger, { netProfit3y, marketValue: '1500000000' }), 'chinext');
    expect(result).toMatchObject({ eligible: true, qualifiedBy: 'market-value' });
  });

  it('lists the gaps of both routes when neither is met', () => {
    const netProfit3y = ['50000000', '0', '100000000'] as const;
    expect(board(evaluate({}, { netProfit3y, marketValue: '1499999999.99' }), 'chinext')).toEqual({
      board: 'chinext',
      eligible: false,
      qualifiedBy: null,
      failedGates: [
        { gate: 'profit.net-profit-min-2y', value: '¥0.00', required: '> ¥0.00', gap: '> ¥0.00' },
        {
          gate: 'market-value.market-value',
          value: '¥1,499,999,999.99',
          required: '≥ ¥1,500,000,000.00',
          gap: '¥0.01',
        },
        {
          gate: 'market-value.revenue-latest',
          value: '¥156,250,000.00',
          required: '≥ ¥400,000,000.00',
          gap: '¥243,750,000.00',
        },
      ],
    });
  });
});

describe('STAR "4+5"', () => {
  const star = (changes: Partial<EnterpriseIndicators>, facts: Partial<ListingFinancials> = {}) =>
    board(evaluate(changes, facts), 'star');

  it('measures revenue CAGR exactly: 25% passes, a fen less fails', () => {
    const result = star({ revenue3y: ['100000000', '125000000', '156249999.99'] });
    expect(result?.failedGates).toEqual([
      {
        gate: 'four-indicators.revenue-cagr-3y',
        value: '24.99%',
        required: '≥ 25%',
        gap: '0.01%',
      },
      expect.objectContaining({ gate: 'four-indicators.revenue-latest' }),
      expect.objectContaining({ gate: 'invention-patents.invention-patents', gap: '43' }),
    ]);
    // Or latest revenue of ¥300m instead of the growth (R&D kept at 5.7% of the larger sales).
    const bigLatest = {
      revenue3y: ['100000000', '125000000', '300000000'],
      rdExpense3y: ['10000000', '10000000', '10000000'],
    } as const;
    expect(star(bigLatest)?.eligible).toBe(true);
  });

  it('has no growth rate without first-year revenue', () => {
    const result = star({ revenue3y: ['0', '125000000', '156250000'] });
    expect(result?.failedGates).toContainEqual({
      gate: 'four-indicators.revenue-cagr-3y',
      value: 'n/a',
      required: '≥ 25%',
      gap: null,
    });
  });

  it('takes R&D of 5% of revenue or ¥80m over 3 years', () => {
    const short = star({ rdExpense3y: ['5000000', '6000000', '8062499.99'] });
    expect(short?.failedGates.map((g) => [g.gate, g.value])).toEqual([
      ['four-indicators.rd-of-revenue-3y', '4.99%'],
      ['four-indicators.rd-sum-3y', '¥19,062,499.99'],
      ['invention-patents.invention-patents', '7'],
    ]);
    const large = { revenue3y: ['1000000000', '1250000000', '1562500000'] } as const;
    const rd = (last: string) => ({
      ...large,
      rdExpense3y: ['30000000', '25000000', last] as const,
    });
    expect(star(rd('25000000'))?.eligible).toBe(true);
    expect(star(rd('24999999.99'))?.eligible).toBe(false);
  });

  it.each([
    ['R&D staff 9.9%', { rdStaff: 99 }, {}, 'four-indicators.rd-staff-share'],
    ['6 invention patents', {}, { inventionPatents: 6 }, 'four-indicators.invention-patents'],
  ])('fails on %s', (_name, changes, facts, gate) => {
    expect(star(changes, facts)?.failedGates.map((g) => g.gate)).toEqual([
      gate,
      'invention-patents.invention-patents',
    ]);
  });

  it('qualifies on any one exception, or on 50 invention patents', () => {
    const weak = { rdStaff: 0 };
    expect(star(weak)?.eligible).toBe(false);
    expect(star(weak, { inventionPatents: 50 })).toMatchObject({
      eligible: true,
      qualifiedBy: 'invention-patents',
    });
    for (const exception of Object.keys(financials.exceptions)) {
      const exceptions = { ...financials.exceptions, [exception]: true };
      expect(star(weak, { exceptions })).toMatchObject({ eligible: true, qualifiedBy: exception });
    }
  });
});
