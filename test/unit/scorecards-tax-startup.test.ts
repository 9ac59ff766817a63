import { describe, expect, it } from 'vitest';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { evaluate as evaluateShipped, findScorecard } from '../../domain/scorecards/catalogue.ts';
import { evaluateTaxStartup } from '../../domain/scorecards/tax-startup.ts';
import { taxStartup2018 } from '../../domain/scorecards/tax-startup.data.ts';

// Every limit met exactly: 5 years old, 300 staff, assets and revenue ¥50m, R&D 20% of costs.
const firm: EnterpriseIndicators = {
  registeredOn: '2021-03-15',
  asOf: '2026-03-15',
  employees: 300,
  stStaff: 60,
  revenue: '50000000.00',
  totalAssets: '50000000.00',
  totalCost: '40000000.00',
  rdExpense: '8000000.00',
  ip: { classI: 0, classII: 1 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

const evaluate = (changes: Partial<EnterpriseIndicators>, listed = false) =>
  evaluateTaxStartup(taxStartup2018, { ...firm, ...changes }, { listed });

describe('tax-qualified start-up test (财税〔2018〕55号)', () => {
  it('passes at every limit', () => {
    expect(evaluate({})).toEqual({
      model: 'tax-startup',
      version: '2018.1',
      eligible: true,
      failedGates: [],
    });
  });

  it.each([
    ['one day over 5 years old', { registeredOn: '2021-03-14' }, 'registered'],
    ['301 staff', { employees: 301 }, 'employees'],
    ['assets one fen over ¥50m', { totalAssets: '50000000.01' }, 'total-assets'],
    ['revenue one fen over ¥50m', { revenue: '50000000.01' }, 'revenue'],
    ['R&D one fen under 20% of costs', { rdExpense: '7999999.99' }, 'rd-of-cost'],
  ])('fails when %s, naming that gate alone', (_case, changes, gate) => {
    const result = evaluate(changes);
    expect(result.eligible).toBe(false);
    expect(result.failedGates.map((g) => g.gate)).toEqual([gate]);
  });

  it('gives the gap of a missed R&D share exactly: 19.5% of costs is 0.5% short', () => {
    const [gate] = evaluate({ rdExpense: '7800000.00' }).failedGates;
    expect(gate).toEqual({ gate: 'rd-of-cost', value: '19.5%', required: '≥ 20%', gap: '0.5%' });
  });

  it('refuses a listed firm whatever its figures', () => {
    expect(evaluate({}, true).failedGates.map((g) => g.gate)).toEqual(['listed']);
  });

  it('is shipped in the registry and evaluated through it', () => {
    expect(findScorecard('tax-startup', '2018.1')).toBe(taxStartup2018);
    expect(evaluateShipped('tax-startup', '2018.1', firm, { listed: false }).eligible).toBe(true);
  });
});
