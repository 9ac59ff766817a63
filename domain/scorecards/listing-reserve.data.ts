import type { ListingReserveScorecard } from './listing-reserve.ts';

/**
 * Listing thresholds as revised on 2024-04-30 (SSE/SZSE listing rules; CSRC STAR attribute
 * guideline "4+5"). Reserve pools may set their own gates: these are the defaults.
 */
export const listingReserve2024: ListingReserveScorecard = {
  model: 'listing-reserve',
  version: '2024.1',
  effectiveFrom: '2024-04-30',
  source: '沪深交易所股票上市规则（2024年修订）; 科创属性评价指引（试行）（2024年修订）',
  boards: [
    {
      board: 'main',
      routes: [
        {
          id: 'profit',
          allOf: [
            [{ metric: 'net-profit-min-3y', above: '0' }],
            [{ metric: 'net-profit-sum-3y', atLeast: '200000000' }],
            [{ metric: 'net-profit-latest', atLeast: '100000000' }],
            [
              { metric: 'operating-cash-flow-sum-3y', atLeast: '200000000' },
              { metric: 'revenue-sum-3y', atLeast: '1500000000' },
            ],
          ],
        },
      ],
      exceptions: [],
    },
    {
      board: 'chinext',
      routes: [
        {
          id: 'profit',
          allOf: [
            [{ metric: 'net-profit-min-2y', above: '0' }],
            [{ metric: 'net-profit-sum-2y', atLeast: '100000000' }],
            [{ metric: 'net-profit-latest', atLeast: '60000000' }],
          ],
        },
        {
          id: 'market-value',
          allOf: [
            [{ metric: 'market-value', atLeast: '1500000000' }],
            // The rule also asks for a profit in the latest year, short of the ¥60m above.
            [{ metric: 'net-profit-latest', above: '0' }],
            [{ metric: 'revenue-latest', atLeast: '400000000' }],
          ],
        },
      ],
      exceptions: [],
    },
    {
      board: 'star',
      routes: [
        {
          id: 'four-indicators',
          allOf: [
            [
              { metric: 'rd-of-revenue-3y', atLeast: '5' },
              { metric: 'rd-sum-3y', atLeast: '80000000' },
            ],
            [{ metric: 'rd-staff-share', atLeast: '10' }],
            [{ metric: 'invention-patents', atLeast: '7' }],
            [
              { metric: 'revenue-cagr-3y', atLeast: '25' },
              { metric: 'revenue-latest', atLeast: '300000000' },
            ],
          ],
        },
        { id: 'invention-patents', allOf: [[{ metric: 'invention-patents', atLeast: '50' }]] },
      ],
      exceptions: [
        'leadingCoreTech',
        'nationalAward',
        'nationalMajorProject',
        'importSubstitution',
      ],
    },
  ],
};
