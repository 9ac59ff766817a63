import { describe, expect, it } from 'vitest';
import { enterpriseIndicators } from '../../domain/scorecards/indicators.ts';

const basic = {
  registeredOn: '2019-04-01',
  asOf: '2024-06-30',
  employees: 100,
  stStaff: 30,
  revenue: '10000000',
  totalAssets: '20000000',
  totalCost: '8000000',
  rdExpense: '600000.50',
  ip: { classI: 1, classII: 0 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

const full = {
  ...basic,
  rdStaff: 12,
  netAssets: '9000000',
  revenue3y: ['8000000', '9000000', '10000000'],
  rdExpense3y: ['400000', '500000', '600000'],
  highTechRevenue: '7000000',
  domesticRdShare: 0.95,
  directRoutes: {
    highTechCertValid: true,
    nationalAward: false,
    provincialRdInstitution: false,
    ledStandard: false,
  },
};

/** The paths zod complains about, for compact assertions. */
const problems = (input: unknown) =>
  enterpriseIndicators.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('enterpriseIndicators', () => {
  it('accepts the basic set alone and the full set', () => {
    expect(enterpriseIndicators.parse(basic)).toEqual(basic);
    expect(enterpriseIndicators.parse(full)).toEqual(full);
  });

  it.each([
    ['stStaff', { stStaff: 101 }],
    ['rdStaff', { rdStaff: 101 }],
    ['rdExpense', { rdExpense: '8000000.01' }],
    ['highTechRevenue', { highTechRevenue: '10000000.01' }],
    ['registeredOn', { registeredOn: '2024-07-01' }],
  ])('rejects %s out of line with the other fields, on that field', (path, changes) => {
    expect(problems({ ...full, ...changes })).toEqual([path]);
  });

  it('allows the limits themselves', () => {
    const atLimits = {
      ...full,
      stStaff: 100,
      rdStaff: 100,
      rdExpense: '8000000',
      highTechRevenue: '10000000',
      registeredOn: full.asOf,
    };
    expect(problems(atLimits)).toEqual([]);
  });

  it.each([
    ['revenue', '-1'],
    ['revenue', '1.234'],
    ['revenue', '1e6'],
    ['revenue', '01'],
    ['revenue', 1000],
    ['employees', -1],
    ['employees', 1.5],
    ['asOf', '2023-02-29'],
    ['asOf', '2024-6-30'],
    ['domesticRdShare', 1.01],
    ['domesticRdShare', -0.01],
    ['revenue3y', ['1', '2']],
    ['revenue3y', ['1', '2', '3', '4']],
  ])('rejects %s = %j', (field, value) => {
    expect(problems({ ...full, [field]: value })[0]).toMatch(new RegExp(`^${field}`));
  });

  it('requires the flags: a missing flag must never read as a clean record', () => {
    expect(problems({ ...basic, flags: undefined })).toEqual(['flags']);
    expect(problems({ ...basic, flags: { majorIncident: false } })).toEqual([
      'flags.abnormalList',
      'flags.prohibitedProducts',
    ]);
  });
});
