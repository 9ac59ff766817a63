import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  createScorecardCatalogue,
  evaluate,
  findScorecard,
  scorecardsInForce,
  shippedScorecards,
  UnknownScorecardError,
} from '../../domain/scorecards/catalogue.ts';
import { techSme2017 } from '../../domain/scorecards/tech-sme.data.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';

// 10% S&T staff (4) + R&D 6% of sales (50) + one Class II right (6) = 60 points.
const sixty: EnterpriseIndicators = {
  registeredOn: '2019-04-01',
  asOf: '2024-06-30',
  employees: 100,
  stStaff: 10,
  revenue: '10000000',
  totalAssets: '20000000',
  totalCost: '8000000',
  rdExpense: '600000',
  ip: { classI: 0, classII: 1 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
};

// A hypothetical stricter revision, to show that versions coexist.
const techSme2030 = {
  ...techSme2017,
  version: '2030.1',
  effectiveFrom: '2030-01-01',
  passPoints: 70,
};
const catalogue = createScorecardCatalogue([techSme2017, techSme2030]);

describe('scorecard registry', () => {
  it('ships every version with a unique id', () => {
    const ids = shippedScorecards.map((c) => `${c.model}@${c.version}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('tech-sme@2017.1');
  });

  it('puts a version in force from its effective date, inclusive', () => {
    const models = (asOf: string) => scorecardsInForce(asOf).map((c) => c.model);
    expect(models('2017-05-02')).not.toContain('tech-sme');
    expect(scorecardsInForce('2017-05-03')).toContainEqual(techSme2017);
  });

  it('picks the latest version in force per model', () => {
    expect(catalogue.scorecardsInForce('2029-12-31')).toEqual([techSme2017]);
    expect(catalogue.scorecardsInForce('2030-01-01')).toEqual([techSme2030]);
    expect(catalogue.scorecardsInForce('2017-01-01')).toEqual([]);
  });

  it('keeps old versions readable and evaluates exactly the version asked for', () => {
    expect(catalogue.findScorecard('tech-sme', '2017.1')).toBe(techSme2017);
    expect(catalogue.evaluate('tech-sme', '2017.1', sixty)).toMatchObject({
      version: '2017.1',
      eligible: true,
    });
    expect(catalogue.evaluate('tech-sme', '2030.1', sixty)).toMatchObject({
      version: '2030.1',
      eligible: false,
      failedGates: [{ gate: 'points', value: '60', required: '≥ 70', gap: '10' }],
    });
  });

  it('evaluates shipped versions through the default registry', () => {
    expect(findScorecard('tech-sme', '2017.1')).toBe(techSme2017);
    expect(evaluate('tech-sme', '2017.1', sixty)).toMatchObject({ model: 'tech-sme', points: 60 });
  });

  it('refuses unknown versions, invalid dates and invalid indicators', () => {
    expect(findScorecard('tech-sme', '1999.1')).toBeUndefined();
    expect(() => evaluate('tech-sme', '1999.1', sixty)).toThrow(UnknownScorecardError);
    expect(() => scorecardsInForce('2024-13-01')).toThrow(ZodError);
    expect(() => evaluate('tech-sme', '2017.1', { ...sixty, stStaff: 101 })).toThrow(ZodError);
  });

  it('refuses ambiguous data: a repeated version or two versions starting the same day', () => {
    expect(() => createScorecardCatalogue([techSme2017, { ...techSme2017 }])).toThrow(/duplicate/);
    const sameDay = { ...techSme2030, effectiveFrom: techSme2017.effectiveFrom };
    expect(() => createScorecardCatalogue([techSme2017, sameDay])).toThrow(/duplicate/);
  });

  it('ships one version per model, each in force from its effective date', () => {
    const inForce = (asOf: string) => scorecardsInForce(asOf).map((c) => `${c.model}@${c.version}`);
    expect(inForce('2016-06-01')).toEqual(['high-tech@2016.1', 'startup-sme@2007.1']);
    expect(inForce('2025-06-01')).toEqual([
      'high-tech@2016.1',
      'innovation-points@2024.1',
      'knowledge-value@2025.1',
      'listing-reserve@2024.1',
      'startup-sme@2007.1',
      'tax-startup@2018.1',
      'tech-sme@2017.1',
    ]);
  });

  it('dispatches models that need more than the indicators, validating what they get', () => {
    const firm = { ...sixty, rdStaff: 10, netAssets: '5000000' };
    expect(evaluate('startup-sme', '2007.1', firm, { listed: false })).toMatchObject({
      model: 'startup-sme',
      eligible: false,
    });
    const wrongFacts = { listed: 'no' } as unknown as { listed: boolean };
    expect(() => evaluate('startup-sme', '2007.1', firm, wrongFacts)).toThrow(ZodError);
  });

  it('takes a model id known only at run time', () => {
    const pinned: Record<string, string> = { 'tech-sme': '2017.1' };
    const [model, version] = Object.entries(pinned)[0]!;
    expect(evaluate(model, version, sixty)).toMatchObject({ model: 'tech-sme', eligible: true });
    // The knowledge-value card maps a grade to a ceiling; it scores no indicators.
    expect(() => evaluate('knowledge-value', '2025.1', sixty)).toThrow(UnknownScorecardError);
  });
});
