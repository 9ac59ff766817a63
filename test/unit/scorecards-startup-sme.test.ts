import { describe, expect, it } from 'vitest';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { evaluateStartupSme } from '../../domain/scorecards/startup-sme.ts';
import { startupSme2007 } from '../../domain/scorecards/startup-sme.data.ts';

// Every limit met exactly: 5 years old, 300 staff, 30% S&T and 10% R&D staff, sales ¥30m,
// net assets ¥20m, R&D 5% of sales.
const firm: EnterpriseIndicators = {
  registeredOn: '2019-06-30',
  asOf: '2024-06-30',
  employees: 300,
  stStaff: 90,
  rdStaff: 30,
  revenue: '30000000',
  totalAssets: '40000000',
  netAssets: '20000000',
  totalCost: '25000000',
  rdExpense: '1500000',
  ip: { classI: 0, classII: 2 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

const evaluate = (changes: Partial<EnterpriseIndicators>, listed = false) =>
  evaluateStartupSme(startupSme2007, { ...firm, ...changes }, { listed });

describe('start-up stage test (财企〔2007〕128号)', () => {
  it('passes at every limit', () => {
    expect(evaluate({})).toEqual({
      model: 'startup-sme',
      version: '2007.1',
      eligible: true,
      failedGates: [],
    });
  });

  it.each([
    [
      'one day over 5 years old',
      { registeredOn: '2019-06-29' },
      { gate: 'registered', value: 'registered 2019-06-29' },
      { required: '≤ 5 years old on 2024-06-30', gap: '1 day' },
    ],
    [
      '301 staff',
      { employees: 301, stStaff: 91, rdStaff: 31 },
      { gate: 'employees', value: '301' },
      { gap: '1' },
    ],
    [
      'S&T staff 29.66%',
      { stStaff: 89 },
      { gate: 'st-staff', value: '29.66%' },
      { required: '≥ 30%', gap: '0.34%' },
    ],
    [
      'R&D staff 9.66%',
      { rdStaff: 29 },
      { gate: 'rd-staff', value: '9.66%' },
      { required: '≥ 10%', gap: '0.34%' },
    ],
    [
      'sales one fen over',
      { revenue: '30000000.01', rdExpense: '1500000.01' },
      { gate: 'sales', value: '¥30,000,000.01' },
      { required: '≤ ¥30,000,000.00', gap: '¥0.01' },
    ],
    [
      'net assets one fen over',
      { netAssets: '20000000.01' },
      { gate: 'net-assets', value: '¥20,000,000.01' },
      { required: '≤ ¥20,000,000.00', gap: '¥0.01' },
    ],
    [
      'R&D 4.99% of sales',
      { rdExpense: '1499999.99' },
      { gate: 'rd-of-sales', value: '4.99%' },
      { required: '≥ 5%', gap: '0.01%' },
    ],
  ])('fails on %s', (_name, changes, failure, detail) => {
    const result = evaluate(changes);
    expect(result.eligible).toBe(false);
    expect(result.failedGates).toEqual([expect.objectContaining({ ...failure, ...detail })]);
  });

  it('refuses a listed firm', () => {
    expect(evaluate({}, true).failedGates).toEqual([
      { gate: 'listed', value: 'yes', required: 'no', gap: null },
    ]);
  });

  it('counts R&D before the first sale as meeting the R&D share, but not no R&D at all', () => {
    expect(evaluate({ revenue: '0', rdExpense: '800000' }).eligible).toBe(true);
    expect(evaluate({ revenue: '0', rdExpense: '0' }).failedGates).toEqual([
      { gate: 'rd-of-sales', value: '0%', required: '≥ 5%', gap: '5%' },
    ]);
  });

  it('needs R&D staff and net assets', () => {
    const withoutRdStaff = { ...firm, rdStaff: undefined };
    expect(() => evaluateStartupSme(startupSme2007, withoutRdStaff, { listed: false })).toThrow(
      'startup-sme needs rdStaff',
    );
  });
});
