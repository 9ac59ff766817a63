import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settleLoss } from '../../domain/guarantee/loss-sharing.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { riskParties } from '../../domain/guarantee/sharing-scheme.ts';
import { sharingSchemes } from '../../domain/guarantee/sharing-scheme.data.ts';
import {
  simulateRiskSharing,
  simulatedCaps,
  type SimulatedLoan,
  type SimulationInput,
  type SimulationResult,
} from '../../domain/guarantee/simulation.ts';

const specialPlan = sharingSchemes[0]!;
const classic = sharingSchemes[1]!;
const pool = poolPolicies[0]!;
const fees = { guaranteeBp: 80, reguaranteeBp: 30 };

/** `count` loans of ¥1m–¥10m over 12–36 months, a fixed pattern (no randomness in the test). */
function portfolio(count: number): SimulatedLoan[] {
  return Array.from({ length: count }, (_, i) => ({
    amountFen: (1_000_000 + ((i * 7_919_993) % 9_000_001)) * 100,
    termMonths: 12 + ((i * 7) % 25),
    bonus: i % 3 === 0,
  }));
}

const base: SimulationInput = {
  loans: portfolio(300),
  scheme: specialPlan,
  pool,
  fees,
  scenarios: 200,
  seed: 42,
  defaultRateBp: 500,
  recoveryRateBp: 3000,
};

/** Σ of the parties' mean net losses; exact per scenario when there is one scenario. */
const netSum = (r: SimulationResult) =>
  riskParties.reduce((s, p) => s + r.netLossFen[p].meanFen, 0);

describe('simulateRiskSharing', () => {
  it('is deterministic in its seed', () => {
    const once = simulateRiskSharing(base);
    expect(simulateRiskSharing(base)).toEqual(once);
    expect(once.lossFen.meanFen).toBeGreaterThan(0);
    const other = simulateRiskSharing({ ...base, seed: 43 });
    expect(other.seed).toBe(43);
    expect(other.netLossFen).not.toEqual(once.netLossFen);
  });

  it('loses nothing and trips nothing at a zero default rate, and the fees are exact', () => {
    const loans = [
      { amountFen: 500_000_000, termMonths: 36, bonus: false },
      { amountFen: 123_456_789, termMonths: 13, bonus: true },
    ];
    const r = simulateRiskSharing({
      ...base,
      loans,
      fees: { guaranteeBp: 99, reguaranteeBp: 30 },
      defaultRateBp: 0,
    });
    const nothing = { meanFen: 0, p95Fen: 0, worstFen: 0 };
    for (const party of riskParties) expect(r.netLossFen[party]).toEqual(nothing);
    expect([r.lossFen, r.recoveredFen, r.poolDrawdownFen]).toEqual([nothing, nothing, nothing]);
    for (const cap of simulatedCaps) {
      expect(r.caps[cap]).toEqual({ trippedBp: 0, medianFirstMonth: null });
    }
    // ¥5,000,000 × 0.99% × 3 years = ¥148,500.00; 123,456,789 fen × 0.99% × 13/12 =
    // 1,324,074.06… fen, floored. Re-guarantee: ¥5,000,000 × 0.3% × 3 = ¥45,000.00 and
    // 123,456,789 × 0.3% × 13/12 = 401,234.07… fen.
    expect(r.feesFen).toEqual({
      guarantee: 14_850_000 + 1_324_074,
      reguarantee: 4_500_000 + 401_234,
    });
    expect(r).toMatchObject({ scenarios: 200, loans: 2, seed: 42 });
  });

  describe('an explicit scenario', () => {
    const loan = { amountFen: 500_000_000, termMonths: 36, bonus: true };
    const explicit = (recoveredFen: number) =>
      simulateRiskSharing({
        loans: [loan],
        scheme: specialPlan,
        pool,
        fees,
        scenarios: 1,
        seed: 0,
        defaults: [{ loan: 0, month: 6, lossFen: 320_000_000, recoveredFen }],
      });

    it('settles a ¥3.2m loss exactly as settleLoss does', () => {
      const r = explicit(0);
      const expected = {
        BANK: 64_000_000,
        GUARANTOR: 12_800_000,
        REGUARANTOR: 64_000_000,
        NATIONAL_FUND: 128_000_000,
        GOVERNMENT: 51_200_000,
      };
      expect(settleLoss(specialPlan, pool, 320_000_000, true).borneFen).toEqual(expected);
      for (const party of riskParties) {
        const fen = expected[party];
        expect(r.netLossFen[party]).toEqual({ meanFen: fen, p95Fen: fen, worstFen: fen });
      }
      expect(r.poolDrawdownFen.meanFen).toBe(51_200_000);
      expect(r.lossFen.meanFen).toBe(320_000_000);
      // The guarantor paid the bank ¥2.56m of ¥5m guaranteed (51%), and 64% of the principal
      // defaulted: every breaker trips in month 6.
      for (const cap of simulatedCaps) {
        expect(r.caps[cap]).toEqual({ trippedBp: 10_000, medianFirstMonth: 6 });
      }
    });

    it('returns a recovery to each party pro rata to what it bore', () => {
      const r = explicit(32_000_000); // a tenth: each party is left with nine tenths
      expect(r.netLossFen.BANK.meanFen).toBe(57_600_000);
      expect(r.netLossFen.GUARANTOR.meanFen).toBe(11_520_000);
      expect(r.netLossFen.GOVERNMENT.meanFen).toBe(46_080_000);
      expect(netSum(r)).toBe(320_000_000 - 32_000_000);
    });

    it('measures the compensation rate over a rolling 12-month window', () => {
      // ¥10m guaranteed; each ¥400,000 loss has the guarantor pay the bank ¥320,000, and the
      // cap is 5%, ¥500,000: two such claims reach it only within 12 months of each other.
      const rateCap = (months: number[]) =>
        simulateRiskSharing({
          loans: Array.from({ length: 10 }, () => ({ ...loan, amountFen: 100_000_000 })),
          scheme: specialPlan,
          pool,
          fees,
          scenarios: 1,
          seed: 0,
          defaults: months.map((month, i) => ({
            loan: i,
            month,
            lossFen: 40_000_000,
            recoveredFen: 0,
          })),
        }).caps.compensation_rate;
      expect(rateCap([1, 12])).toEqual({ trippedBp: 10_000, medianFirstMonth: 12 });
      expect(rateCap([1, 13])).toEqual({ trippedBp: 0, medianFirstMonth: null });
      expect(rateCap([1, 13, 24])).toEqual({ trippedBp: 10_000, medianFirstMonth: 24 });
    });

    it('loses the straight-line outstanding principal when no loss is given', () => {
      const lost = (month: number) =>
        simulateRiskSharing({
          loans: [{ amountFen: 360_001, termMonths: 36, bonus: false }],
          scheme: specialPlan,
          pool,
          fees,
          scenarios: 1,
          seed: 0,
          defaults: [{ loan: 0, month, recoveredFen: 0 }],
        }).lossFen.meanFen;
      expect([lost(1), lost(2), lost(36)]).toEqual([360_001, 350_000, 10_000]);
    });
  });

  it('nets losses and recoveries to the fen in every scenario', () => {
    const loan = fc.record({
      amountFen: fc.integer({ min: 1, max: 10_000_000_000 }),
      termMonths: fc.integer({ min: 1, max: 60 }),
      bonus: fc.boolean(),
    });
    const scenario = fc.record({
      loans: fc.array(loan, { minLength: 1, maxLength: 30 }),
      scheme: fc.constantFrom(specialPlan, classic),
      defaultRateBp: fc.integer({ min: 0, max: 10_000 }),
      recoveryRateBp: fc.integer({ min: 0, max: 10_000 }),
      seed: fc.nat({ max: 2 ** 32 - 1 }),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const r = simulateRiskSharing({ ...s, pool, fees, scenarios: 1 });
        expect(netSum(r)).toBe(r.lossFen.meanFen - r.recoveredFen.meanFen);
        expect(r.recoveredFen.meanFen).toBeLessThanOrEqual(r.lossFen.meanFen);
        for (const party of riskParties)
          expect(r.netLossFen[party].meanFen).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('loses about what the rates imply', () => {
    const loans = portfolio(2_000);
    const r = simulateRiskSharing({ ...base, loans, defaultRateBp: 3000, recoveryRateBp: 0 });
    // A default in a uniform month of T loses (T + 1) / 2T of the amount on average.
    const expected = loans.reduce(
      (sum, l) => sum + (0.3 * l.amountFen * (l.termMonths + 1)) / (2 * l.termMonths),
      0,
    );
    expect(Math.abs(r.lossFen.meanFen / expected - 1)).toBeLessThan(0.02);
  });

  it('trips the compensation-rate cap in every scenario at a high default rate', () => {
    const loans = portfolio(300).map((l) => ({ ...l, termMonths: 24 }));
    const r = simulateRiskSharing({ ...base, loans, defaultRateBp: 5000 });
    // Half the loans default over 24 months: about 2% of the principal a month, 80% of it
    // paid to the banks, so the 5% cap falls in the third month or so, and the 8% NPL after.
    const rate = r.caps.compensation_rate;
    expect(rate.trippedBp).toBe(10_000);
    expect(rate.medianFirstMonth).toBeGreaterThanOrEqual(2);
    expect(rate.medianFirstMonth).toBeLessThanOrEqual(6);
    expect(r.caps.pool_suspended.trippedBp).toBe(10_000);
    expect(r.caps.pool_suspended.medianFirstMonth).toBeGreaterThan(rate.medianFirstMonth!);
  });

  it('trips nothing at a low default rate', () => {
    const r = simulateRiskSharing({ ...base, loans: portfolio(1_000), defaultRateBp: 100 });
    expect(r.lossFen.meanFen).toBeGreaterThan(0);
    for (const cap of simulatedCaps) expect(r.caps[cap].trippedBp).toBe(0);
  });

  it.each<[string, Partial<SimulationInput>]>([
    ['no loans', { loans: [] }],
    ['a loan of 0 fen', { loans: [{ amountFen: 0, termMonths: 12, bonus: false }] }],
    ['a fraction of a fen', { loans: [{ amountFen: 1.5, termMonths: 12, bonus: false }] }],
    ['an unsafe amount', { loans: [{ amountFen: 2 ** 53, termMonths: 12, bonus: false }] }],
    ['a term of 0 months', { loans: [{ amountFen: 100, termMonths: 0, bonus: false }] }],
    ['a default rate above 100%', { defaultRateBp: 10_001 }],
    ['a negative recovery rate', { recoveryRateBp: -1 }],
    ['no default rate', { defaultRateBp: undefined }],
    ['a fee rate above 100%', { fees: { guaranteeBp: 80, reguaranteeBp: 10_001 } }],
    ['no scenarios', { scenarios: 0 }],
    ['too many scenarios', { scenarios: 10_001 }],
    ['a negative seed', { seed: -1 }],
    ['defaults over many scenarios', { defaults: [] }],
    ['defaults and rates', { scenarios: 1, defaults: [] }],
  ])('refuses %s', (_, change) => {
    expect(() => simulateRiskSharing({ ...base, ...change })).toThrow(RangeError);
  });

  it.each([
    ['an unknown loan', { loan: 300, month: 1, recoveredFen: 0 }],
    ['month 0', { loan: 0, month: 0, recoveredFen: 0 }],
    ['a month past the term', { loan: 0, month: 37, recoveredFen: 0 }],
    ['a loss above the amount', { loan: 0, month: 1, lossFen: 100_000_001, recoveredFen: 0 }],
    ['a recovery above the loss', { loan: 0, month: 1, lossFen: 10, recoveredFen: 11 }],
  ])('refuses an explicit default with %s', (_, d) => {
    const input: SimulationInput = {
      ...base,
      loans: [{ amountFen: 100_000_000, termMonths: 36, bonus: false }],
      scenarios: 1,
      defaultRateBp: undefined,
      recoveryRateBp: undefined,
      defaults: [d],
    };
    expect(() => simulateRiskSharing(input)).toThrow(RangeError);
    expect(() => simulateRiskSharing({ ...input, defaults: [] })).not.toThrow();
  });
});
