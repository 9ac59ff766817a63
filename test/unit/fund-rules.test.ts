// The guidance fund and its sub-funds (DOMAIN.md §6, rules 26 and 27): terms as versioned
// data and their limits, the stake cap, the buy-back price, the portfolio against its
// early-stage share and loss tolerances, the split of exit proceeds and the reporting duties.
// Worked figures are computed by hand in the comments; properties check exactness.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar.ts';
import { buybackPrice } from '../../domain/fund/buyback.ts';
import {
  exitDistribution,
  type ExitDistribution,
  type ExitHolder,
} from '../../domain/fund/exit.ts';
import { seedFundTerms, ventureFundTerms } from '../../domain/fund/fund-terms.data.ts';
import {
  findFundTerms,
  fundTermsInForce,
  stages,
  termsProblems,
  type FundTerms,
} from '../../domain/fund/fund-terms.ts';
import { oneYearRates } from '../../domain/fund/lpr.data.ts';
import { oneYearRateInForce } from '../../domain/fund/lpr.ts';
import {
  portfolioStanding,
  writeOffProblems,
  type Investment,
} from '../../domain/fund/portfolio.ts';
import { dutiesDue } from '../../domain/fund/reporting.ts';
import { guidanceShareBp, stakeProblems, type Commitment } from '../../domain/fund/stake.ts';

const seed = fundTermsInForce(seedFundTerms, '2026-03-01');
const venture = fundTermsInForce(ventureFundTerms, '2026-03-01');
const yuan = (n: number) => n * 100;
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('fund terms', () => {
  it('ships a seed and a venture version within the rules, found again by id', () => {
    expect(termsProblems(seed)).toEqual([]);
    expect(termsProblems(venture)).toEqual([]);
    expect(findFundTerms(seedFundTerms, 'seed-fund@2026.1')).toBe(seed);
    expect(seed).toMatchObject({ projectLossToleranceBp: 10_000, fundLossToleranceBp: 5_000 });
    expect(() => fundTermsInForce(seedFundTerms, '2025-12-31')).toThrow(/no fund terms/);
  });

  it('refuses terms looser than the rules or out of range', () => {
    const bad: FundTerms = {
      ...seed,
      effectiveFrom: '2026-02-30',
      profitConcessionBp: 10_001,
      maxGuidanceStakeBp: 2_501,
      fundLossToleranceBp: 5_001,
      projectLossToleranceBp: -1,
      buyback: { atCostMonths: 37 },
      reporting: {
        ambersFilingWorkingDays: 21,
        quarterlyReportDueMonths: 0,
        annualReportDueMonths: 5,
        reminderWorkingDays: 1.5,
      },
    };
    expect(termsProblems(bad)).toEqual([
      'effectiveFrom must be an ISO date',
      'projectLossToleranceBp must be 0 to 10000 basis points, got -1',
      'fundLossToleranceBp must be 0 to 5000 basis points, got 5001',
      'profitConcessionBp must be 0 to 10000 basis points, got 10001',
      'maxGuidanceStakeBp must be 0 to 2500 basis points, got 2501',
      'buyback.atCostMonths must be a whole number from 1 to 36, got 37',
      'reporting.ambersFilingWorkingDays must be a whole number from 1 to 20, got 21',
      'reporting.quarterlyReportDueMonths must be a whole number from 1 to 1, got 0',
      'reporting.annualReportDueMonths must be a whole number from 1 to 4, got 5',
      'reporting.reminderWorkingDays must be a whole number, got 1.5',
    ]);
    expect(termsProblems({ ...seed, maxGuidanceStakeBp: 0 })).toEqual([
      'maxGuidanceStakeBp must be above 0',
    ]);
    // Stricter than the rules is fine.
    expect(
      termsProblems({ ...seed, maxGuidanceStakeBp: 2_000, buyback: { atCostMonths: 24 } }),
    ).toEqual([]);
  });
});

describe('the guidance fund stake (rule 26)', () => {
  const commit = (holder: string, fen: number, isGuidanceFund = false): Commitment => ({
    holder,
    fen,
    isGuidanceFund,
  });
  const check = (commitments: Commitment[]) =>
    stakeProblems({ commitments, maxStakeBp: seed.maxGuidanceStakeBp });

  it('allows exactly 25%, level with the largest other holder', () => {
    // ¥100m of ¥400m is 25% exactly; A also commits ¥100m, so the fund is level, not above.
    const commitments = [
      commit('guidance', yuan(100_000_000), true),
      commit('A', yuan(100_000_000)),
      commit('B', yuan(100_000_000)),
      commit('C', yuan(100_000_000)),
    ];
    expect(guidanceShareBp(commitments)).toBe(2_500);
    expect(check(commitments)).toEqual([]);
  });

  it('refuses a fen above 25% although the floored share still reads 2500 bp', () => {
    // ¥100,000,000.01 of ¥400,000,000.01: 25.0000000019%.
    const commitments = [
      commit('guidance', yuan(100_000_000) + 1, true),
      commit('A', yuan(150_000_000)),
      commit('B', yuan(100_000_000)),
      commit('C', yuan(50_000_000)),
    ];
    expect(guidanceShareBp(commitments)).toBe(2_500);
    expect(check(commitments)).toEqual([
      'rule 26: the guidance fund commits 10000000001 of 40000000001 fen, above the cap of 2500 bp',
    ]);
  });

  it('refuses the fund a fen above the largest other holder, summing tranches per holder', () => {
    const others = ['A', 'B', 'C', 'D'].map((h) => commit(h, 1_999));
    // 2000 of 9996 fen is 20%, within the cap, but above every other holder's 1999.
    expect(check([commit('guidance', 2_000, true), ...others])).toEqual([
      'rule 26: the guidance fund (2000 fen) would be the largest holder (the largest other commits 1999 fen)',
    ]);
    // A's two tranches make 2000: level with the fund.
    expect(check([commit('guidance', 2_000, true), ...others, commit('A', 1)])).toEqual([]);
  });

  it('has no problem without a guidance fund, and two with it alone', () => {
    expect(check([commit('A', 100)])).toEqual([]);
    expect(check([commit('guidance', 100, true)])).toHaveLength(2);
    expect(() => check([commit('A', 1, true), commit('A', 1)])).toThrow(/both/);
    expect(() => check([commit('G1', 1, true), commit('G2', 1, true)])).toThrow(/two guidance/);
    expect(() => check([commit('A', 0)])).toThrow(/positive/);
  });

  it('never leaves the share above the cap, nor the fund above another holder, without a problem', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 13 }), { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 1, max: 2_500 }),
        (fundFen, otherFens, maxStakeBp) => {
          fc.pre(fundFen + otherFens.reduce((a, b) => a + b, 0) > 0);
          const commitments = [
            commit('guidance', fundFen, true),
            ...otherFens.map((fen, i) => commit(`holder ${i}`, fen)),
          ];
          const total = BigInt(fundFen + otherFens.reduce((a, b) => a + b, 0));
          const share = guidanceShareBp(commitments);
          expect(BigInt(share) * total <= BigInt(fundFen) * 10_000n).toBe(true);
          expect(BigInt(share + 1) * total > BigInt(fundFen) * 10_000n).toBe(true);
          if (stakeProblems({ commitments, maxStakeBp }).length === 0) {
            expect(share).toBeLessThanOrEqual(maxStakeBp);
            expect(BigInt(fundFen) * 10_000n <= BigInt(maxStakeBp) * total).toBe(true);
            if (fundFen > 0) expect(fundFen).toBeLessThanOrEqual(Math.max(...otherFens));
          }
        },
      ),
    );
  });
});

describe('the one-year rate', () => {
  it('is the fixing in force on the day, from the day it was published', () => {
    const rate = (d: string) => oneYearRateInForce(oneYearRates, d).rateBp;
    expect(rate('2019-08-19')).toBe(435); // the benchmark, before the LPR reform
    expect(rate('2019-08-20')).toBe(425);
    expect(rate('2024-10-20')).toBe(335);
    expect(rate('2024-10-21')).toBe(310);
    expect(rate('2025-05-20')).toBe(300);
    expect(() => rate('2015-10-23')).toThrow(/no one-year LPR/);
  });
});

describe('the buy-back price (rule 26)', () => {
  const price = (costFen: number, investedOn: string, buybackOn: string) =>
    buybackPrice({ costFen, investedOn, buybackOn }, seed, oneYearRates);
  const tenMillion = yuan(10_000_000);

  it('prices a ¥10m stake bought back 40 months on at cost plus 3.10% for the days held', () => {
    // Invested 2024-11-01 (LPR 3.10% since 2024-10-21), bought back 2028-03-01: 3 × 365 days
    // to 2027-11-01, then 30 + 31 + 31 + 29 (2028 is leap) = 121: 1216 days.
    // 1 000 000 000 fen × 0.031 × 1216 / 365 = 103 276 712.33 fen → ¥1,032,767.12 of interest.
    expect(price(tenMillion, '2024-11-01', '2028-03-01')).toEqual({
      priceFen: 1_103_276_712,
      costFen: tenMillion,
      interestFen: 103_276_712,
      daysHeld: 1_216,
      rateBp: 310,
      basis: 'cost_plus_interest',
    });
  });

  it('is at cost up to and including the 36th monthly anniversary, with interest the day after', () => {
    expect(price(tenMillion, '2024-11-01', '2027-11-01')).toMatchObject({
      priceFen: tenMillion,
      basis: 'at_cost',
      daysHeld: 1_095,
    });
    // 1096 days: 1 000 000 000 × 0.031 × 1096 / 365 = 93 084 931.51 → 93 084 932 (half up).
    expect(price(tenMillion, '2024-11-01', '2027-11-02')).toMatchObject({
      priceFen: 1_093_084_932,
      interestFen: 93_084_932,
      basis: 'cost_plus_interest',
    });
    // No 29 February in 2027: the anniversary of a leap day is the 28th.
    expect(price(tenMillion, '2024-02-29', '2027-02-28').basis).toBe('at_cost');
    expect(price(tenMillion, '2024-02-29', '2027-03-01').basis).toBe('cost_plus_interest');
  });

  it('keeps the rate in force on the investment date, whatever the LPR did later', () => {
    expect(price(tenMillion, '2025-05-19', '2029-01-02').rateBp).toBe(310);
    expect(price(tenMillion, '2025-05-20', '2029-01-02').rateBp).toBe(300);
  });

  it('rounds half a fen up', () => {
    // 73 fen × 0.03 × 1250 / 365 = 7.5 fen → 8.
    expect(price(73, '2025-06-01', '2028-11-02')).toMatchObject({
      daysHeld: 1_250,
      interestFen: 8,
    });
  });

  it('refuses a buy-back before the investment or a date that does not exist', () => {
    expect(() => price(1, '2025-06-01', '2025-05-31')).toThrow(/precedes/);
    expect(() => price(1, '2025-02-30', '2028-01-01')).toThrow(/ISO date/);
  });

  it('is never below cost, grows with the days held and is exact to half a fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.integer({ min: 0, max: 365 * 10 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        (costFen, start, first, more) => {
          const investedOn = addDays('2016-01-01', start);
          const earlier = price(costFen, investedOn, addDays(investedOn, first));
          const later = price(costFen, investedOn, addDays(investedOn, first + more));
          expect(earlier.priceFen).toBeGreaterThanOrEqual(costFen);
          expect(later.priceFen).toBeGreaterThanOrEqual(earlier.priceFen);
          expect(earlier.priceFen).toBe(earlier.costFen + earlier.interestFen);
          const exact = BigInt(costFen) * BigInt(earlier.rateBp) * BigInt(earlier.daysHeld);
          const error = BigInt(earlier.interestFen) * 3_650_000n - exact;
          expect(error > -1_825_000n && error <= 1_825_000n).toBe(true);
        },
      ),
    );
  });
});

describe('the portfolio against its terms (rule 27)', () => {
  const investment = (id: string, fields: Partial<Investment>): Investment => ({
    id,
    firm: `firm ${id}`,
    stageAtEntry: 'SEED',
    investedFen: 0,
    returnedFen: 0,
    writtenOffFen: 0,
    markFen: 0,
    ...fields,
  });
  // A ¥200m seed fund: A seed ¥30m marked up to ¥35m; B start-up ¥25m + ¥15m follow-on, ¥10m
  // back from a partial exit, the rest marked at ¥25m (¥5m short of its cost); C growth
  // ¥100m at cost; D seed ¥10m written off in full.
  const portfolio = {
    committedFen: yuan(200_000_000),
    investments: [
      investment('A', { investedFen: yuan(30_000_000), markFen: yuan(35_000_000) }),
      investment('B', {
        stageAtEntry: 'STARTUP',
        investedFen: yuan(40_000_000),
        returnedFen: yuan(10_000_000),
        markFen: yuan(25_000_000),
      }),
      investment('C', {
        stageAtEntry: 'GROWTH',
        investedFen: yuan(100_000_000),
        markFen: yuan(100_000_000),
      }),
      investment('D', { investedFen: yuan(10_000_000), writtenOffFen: yuan(10_000_000) }),
    ],
  };

  it('measures the early-stage share and the losses of the worked portfolio', () => {
    // Early stage: 30 + 40 + 10 = ¥80m of ¥180m = 44.44% → 4444 bp, below the 60% required.
    // Tolerance: 50% of the ¥200m committed = ¥100m, of which ¥10m is used.
    expect(portfolioStanding(seed, portfolio)).toEqual({
      investedFen: yuan(180_000_000),
      earlyStageFen: yuan(80_000_000),
      earlyStageShareBp: 4_444,
      belowRequiredShare: true,
      writtenOffFen: yuan(10_000_000),
      lossToleranceFen: yuan(100_000_000),
      lossHeadroomFen: yuan(90_000_000),
      markedShortfallFen: yuan(5_000_000),
    });
  });

  it('meets the required share at exactly 60%, and misses it by a fen', () => {
    const of = (early: number, other: number) =>
      portfolioStanding(seed, {
        committedFen: yuan(1_000),
        investments: [
          investment('E', { investedFen: early }),
          investment('G', { stageAtEntry: 'MATURE', investedFen: other }),
        ],
      });
    expect(of(6_000, 4_000)).toMatchObject({ earlyStageShareBp: 6_000, belowRequiredShare: false });
    expect(of(5_999, 4_000)).toMatchObject({ earlyStageShareBp: 5_999, belowRequiredShare: true });
    expect(portfolioStanding(seed, { committedFen: 1, investments: [] })).toMatchObject({
      earlyStageShareBp: null,
      belowRequiredShare: false,
    });
  });

  it('lets the fund write off up to exactly its tolerance, not a fen more', () => {
    // ¥10m written off + ¥90m of C = ¥100m, exactly 50% of ¥200m.
    const propose = (amountFen: number) =>
      writeOffProblems(seed, portfolio, { investmentId: 'C', amountFen });
    expect(propose(yuan(90_000_000))).toEqual([]);
    expect(propose(yuan(90_000_000) + 1)).toEqual([
      'rule 27: the sub-fund would have written off 10000000001 of 20000000000 fen committed, above the fund tolerance of 5000 bp',
    ]);
  });

  it('holds a project to its tolerance and refuses writing off more than the cost', () => {
    const strict = { ...seed, projectLossToleranceBp: 8_000 };
    const propose = (investmentId: string, amountFen: number) =>
      writeOffProblems(strict, portfolio, { investmentId, amountFen });
    expect(propose('C', yuan(80_000_000))).toEqual([]);
    expect(propose('C', yuan(80_000_000) + 1)).toEqual([
      'rule 27: C would lose 8000000001 of 10000000000 fen, above the project tolerance of 8000 bp',
    ]);
    expect(() => propose('D', 1)).toThrow(/more written off than invested/);
    expect(() => propose('X', 1)).toThrow(/no investment X/);
    expect(() => propose('C', 0)).toThrow(/positive/);
  });

  it('gives the exact early-stage share of any portfolio', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stageAtEntry: fc.constantFrom(...stages),
            investedFen: fc.integer({ min: 0, max: 10 ** 12 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (entries) => {
          const investments = entries.map((e, i) => investment(`I${i}`, e));
          const standing = portfolioStanding(seed, { committedFen: 1, investments });
          const invested = BigInt(standing.investedFen);
          fc.pre(invested > 0n);
          const early = entries
            .filter((e) => e.stageAtEntry === 'SEED' || e.stageAtEntry === 'STARTUP')
            .reduce((a, e) => a + BigInt(e.investedFen), 0n);
          expect(BigInt(standing.earlyStageFen)).toBe(early);
          const share = BigInt(standing.earlyStageShareBp!);
          expect(share * invested <= early * 10_000n).toBe(true);
          expect((share + 1n) * invested > early * 10_000n).toBe(true);
          expect(standing.belowRequiredShare).toBe(early * 10_000n < 6_000n * invested);
        },
      ),
    );
  });
});

describe('the split of exit proceeds', () => {
  const holder = (name: string, committedFen: number, isGuidanceFund = false): ExitHolder => ({
    holder: name,
    committedFen,
    isGuidanceFund,
  });
  // The sub-fund's holders: the guidance fund ¥25m, A ¥45m, B ¥30m, ¥100m in all.
  const holders = [
    holder('guidance', yuan(25_000_000), true),
    holder('A', yuan(45_000_000)),
    holder('B', yuan(30_000_000)),
  ];
  const exit = (
    terms: FundTerms,
    fields: Partial<Parameters<typeof exitDistribution>[1]>,
    among: readonly ExitHolder[] = holders,
  ) =>
    exitDistribution(
      terms,
      {
        stageAtEntry: 'SEED',
        costFen: yuan(10_000_000),
        unitsHeld: 1_000_000,
        unitsSold: 300_000,
        proceedsFen: yuan(9_000_000),
        ...fields,
      },
      among,
    );
  const receipts = (d: ExitDistribution) => d.receipts.map((r) => r.fen);

  it('has a seed fund concede all its share of the profit to the other holders', () => {
    // 300 000 of 1 000 000 units carry ¥3m of the ¥10m cost; sold for ¥9m, a ¥6m profit.
    // Pro rata to 25 : 45 : 30 the ¥9m is ¥2.25m, ¥4.05m and ¥2.7m, and the fund's share of the
    // profit is 25% × ¥6m = ¥1.5m. A seed fund concedes all of it to A and B, 45 : 30, so
    // ¥900,000 and ¥600,000: the fund gets ¥2,250,000 − ¥1,500,000 = ¥750,000, A ¥4,050,000 +
    // ¥900,000 = ¥4,950,000, B ¥2,700,000 + ¥600,000 = ¥3,300,000; together ¥9,000,000.
    expect(exit(seed, {})).toEqual({
      costOfPartFen: yuan(3_000_000),
      remainingCostFen: yuan(7_000_000),
      profitFen: yuan(6_000_000),
      concessionApplies: true,
      fundProfitShareFen: yuan(1_500_000),
      concessionFen: yuan(1_500_000),
      receipts: [
        { holder: 'guidance', fen: yuan(750_000) },
        { holder: 'A', fen: yuan(4_950_000) },
        { holder: 'B', fen: yuan(3_300_000) },
      ],
    });
  });

  it('has a venture fund concede half its share of the profit', () => {
    // 50% of ¥1.5m is ¥750,000, to A and B 45 : 30 as ¥450,000 and ¥300,000: the fund gets
    // ¥2.25m − ¥750,000 = ¥1.5m, A ¥4.05m + ¥450,000 = ¥4.5m, B ¥2.7m + ¥300,000 = ¥3m.
    const half = exit(venture, {});
    expect(half).toMatchObject({
      fundProfitShareFen: yuan(1_500_000),
      concessionFen: yuan(750_000),
    });
    expect(receipts(half)).toEqual([yuan(1_500_000), yuan(4_500_000), yuan(3_000_000)]);
  });

  it('splits pro rata with no concession on a growth-stage investment or at a loss', () => {
    // The fund still has its ¥1.5m share of the profit, but a growth-stage entry earns no
    // concession: ¥9m splits 25 : 45 : 30.
    const growth = exit(seed, { stageAtEntry: 'GROWTH' });
    expect(growth).toMatchObject({
      concessionApplies: false,
      fundProfitShareFen: yuan(1_500_000),
      concessionFen: 0,
    });
    expect(receipts(growth)).toEqual([yuan(2_250_000), yuan(4_050_000), yuan(2_700_000)]);
    // Sold for ¥2m: ¥1m below the part's cost, so no profit to share; ¥2m splits 25 : 45 : 30.
    const loss = exit(seed, { proceedsFen: yuan(2_000_000) });
    expect(loss).toMatchObject({
      profitFen: -yuan(1_000_000),
      fundProfitShareFen: 0,
      concessionFen: 0,
    });
    expect(receipts(loss)).toEqual([yuan(500_000), yuan(900_000), yuan(600_000)]);
  });

  it('concedes nothing without a guidance fund among the holders, or with no one else', () => {
    // A and B alone: ¥9m splits 45 : 30 as ¥5.4m and ¥3.6m.
    const withoutFund = exit(seed, {}, holders.slice(1));
    expect(withoutFund).toMatchObject({ fundProfitShareFen: 0, concessionFen: 0 });
    expect(receipts(withoutFund)).toEqual([yuan(5_400_000), yuan(3_600_000)]);
    const fundAlone = exit(seed, {}, holders.slice(0, 1));
    expect(fundAlone).toMatchObject({ fundProfitShareFen: yuan(6_000_000), concessionFen: 0 });
    expect(receipts(fundAlone)).toEqual([yuan(9_000_000)]);
  });

  it('rounds the cost of a part half up and uses up the cost exactly over successive exits', () => {
    // 1000 fen over 3 units: 333.33 → 333, then 1 of 2 for 667: 333.5 → 334, then the last 333.
    const first = exit(seed, { costFen: 1_000, unitsHeld: 3, unitsSold: 1, proceedsFen: 0 });
    expect(first.costOfPartFen).toBe(333);
    const second = exit(seed, { costFen: 667, unitsHeld: 2, unitsSold: 1, proceedsFen: 0 });
    expect(second).toMatchObject({ costOfPartFen: 334, remainingCostFen: 333 });
    const last = exit(seed, { costFen: 333, unitsHeld: 1, unitsSold: 1, proceedsFen: 0 });
    expect(last).toMatchObject({ costOfPartFen: 333, remainingCostFen: 0 });
  });

  it('gives a tied rounding fen to another holder and rounds the concession down', () => {
    // Three holders committing 1 fen each; 100 fen of proceeds on a part that cost nothing.
    // 100 / 3 = 33.33 each: the spare fen ties three ways and goes to A, the first other
    // holder, not to the fund listed first. The 100 fen profit splits the same: fund's 33.
    const even = [holder('guidance', 1, true), holder('A', 1), holder('B', 1)];
    const odd = (terms: FundTerms) =>
      exit(terms, { costFen: 0, unitsHeld: 1, unitsSold: 1, proceedsFen: 100 }, even);
    // Venture: ⌊33 × 50%⌋ = ⌊16.5⌋ = 16, never rounded up; 8 each to A and B.
    expect(odd(venture)).toMatchObject({ fundProfitShareFen: 33, concessionFen: 16 });
    expect(receipts(odd(venture))).toEqual([33 - 16, 34 + 8, 33 + 8]);
    // Seed: all 33, 16.5 each to A and B, the tied fen to A (first in order): 17 and 16.
    expect(receipts(odd(seed))).toEqual([0, 34 + 17, 33 + 16]);
  });

  it('never concedes more than the fund receives, even when rounding favours its profit share', () => {
    // Commitments 1 : 3 : 3 fen; sold for 4 fen at a cost of 1, a 3 fen profit. Proceeds:
    // 4/7, 12/7, 12/7 = 0.57, 1.71, 1.71 → 0, 1, 1 and the two spare fen go to the larger
    // remainders, A and B: 0, 2, 2. Profit: 3/7, 9/7, 9/7 → 0, 1, 1 and the spare fen goes to
    // the fund (3/7 above 2/7): its profit share is 1 fen, but it receives nothing to concede.
    const uneven = [holder('guidance', 1, true), holder('A', 3), holder('B', 3)];
    const split = exit(seed, { costFen: 1, unitsHeld: 1, unitsSold: 1, proceedsFen: 4 }, uneven);
    expect(split).toMatchObject({ profitFen: 3, fundProfitShareFen: 1, concessionFen: 0 });
    expect(receipts(split)).toEqual([0, 2, 2]);
  });

  it('refuses a sale or holders that cannot be split', () => {
    expect(() => exit(seed, { unitsSold: 0 })).toThrow(/cannot sell 0 of 1000000/);
    expect(() => exit(seed, { unitsSold: 1.5 })).toThrow(/cannot sell 1.5/);
    expect(() => exit(seed, {}, [])).toThrow(/at least one holder/);
    expect(() => exit(seed, {}, [...holders, holder('A2', 0)])).toThrow(/A2 commits 0 fen/);
    expect(() => exit(seed, {}, [...holders, holder('G2', 1, true)])).toThrow(/two guidance/);
    expect(() => exit({ ...seed, profitConcessionBp: 10_001 }, {})).toThrow(/profit concession/);
  });

  // What rounding allows, exactly: every part comes from largest remainder, so each is the
  // floor or the ceiling of its exact quota. Other holders therefore never get less than the
  // floor of their quota of the proceeds (nor of the concession). The fund gets its share of
  // the proceeds less the concession, and that share may be the ceiling: without a concession
  // it receives within a fen of its exact quota (|receipt − quota| < 1), not ±0, and with one,
  // receipt + concession never exceeds the ceiling of its quota.
  it('sums to the proceeds, concedes at most the profit share and holds every quota', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(seed, venture),
        fc.constantFrom(...stages),
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.array(fc.integer({ min: 1, max: 10 ** 12 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.nat()),
        (terms, stageAtEntry, costFen, proceedsFen, a, b, commitments, fundAt) => {
          const [unitsSold, unitsHeld] = a <= b ? [a, b] : [b, a];
          const fund = fundAt === null ? -1 : fundAt % commitments.length;
          const among = commitments.map((fen, i) => holder(`H${i}`, fen, i === fund));
          const split = exitDistribution(
            terms,
            { stageAtEntry, costFen, unitsHeld, unitsSold, proceedsFen },
            among,
          );
          const got = receipts(split);
          expect(got.reduce((x, y) => x + y, 0)).toBe(proceedsFen);
          expect(split.costOfPartFen + split.remainingCostFen).toBe(costFen);
          expect(split.fundProfitShareFen).toBeLessThanOrEqual(Math.max(0, split.profitFen));
          expect(split.concessionFen).toBeGreaterThanOrEqual(0);
          expect(split.concessionFen).toBeLessThanOrEqual(split.fundProfitShareFen);
          if (!split.concessionApplies || fund < 0 || commitments.length === 1) {
            expect(split.concessionFen).toBe(0);
          }
          const total = BigInt(commitments.reduce((x, y) => x + y, 0));
          const othersTotal = total - (fund < 0 ? 0n : BigInt(commitments[fund]!));
          got.forEach((fen, i) => {
            const weight = BigInt(commitments[i]!);
            const quota = BigInt(proceedsFen) * weight; // the exact quota, times `total`
            if (i === fund) {
              const share = BigInt(fen + split.concessionFen) * total;
              expect(share > quota - total && share < quota + total).toBe(true);
            } else {
              const concessionFloor = (BigInt(split.concessionFen) * weight) / othersTotal;
              expect(BigInt(fen)).toBeGreaterThanOrEqual(quota / total + concessionFloor);
            }
          });
        },
      ),
    );
  });
});

describe('the reporting duties', () => {
  it('lists the filing and the reports of a fund closed before the National Day holiday', () => {
    // Closed Friday 2026-09-18. Working days after it: Sun 20 (made up), 21–24, 28–30 (the
    // Mid-Autumn 25–27 and 1–7 October off), Thu 8, Fri 9, Sat 10 (made up), 12–16, 19–22:
    // the 20th is 2026-10-22; five working days before it, 15 October.
    // Q3 2026 (the closing quarter) is due 2026-10-31, a Saturday, reminded Monday 26th.
    expect(
      dutiesDue(seed.reporting, { closedOn: '2026-09-18', from: '2026-01-01', to: '2027-06-30' }),
    ).toEqual([
      { key: 'ambers', kind: 'ambers', dueDate: '2026-10-22', reminderDate: '2026-10-15' },
      { key: 'q2026Q3', kind: 'quarterly', dueDate: '2026-10-31', reminderDate: '2026-10-26' },
      { key: 'q2026Q4', kind: 'quarterly', dueDate: '2027-01-31', reminderDate: '2027-01-25' },
      { key: 'a2026', kind: 'annual', dueDate: '2027-04-30', reminderDate: '2027-04-23' },
      { key: 'q2027Q1', kind: 'quarterly', dueDate: '2027-04-30', reminderDate: '2027-04-23' },
    ]);
  });

  it('puts Q1 2026 and the year 2025 both on 2026-04-30, the window inclusive', () => {
    const due = dutiesDue(seed.reporting, {
      closedOn: '2025-03-10',
      from: '2026-04-30',
      to: '2026-04-30',
    });
    // Thursday 30 April: 29, 28, 27, 24, 23 are the five working days before it.
    expect(due).toEqual([
      { key: 'a2025', kind: 'annual', dueDate: '2026-04-30', reminderDate: '2026-04-23' },
      { key: 'q2026Q1', kind: 'quarterly', dueDate: '2026-04-30', reminderDate: '2026-04-23' },
    ]);
  });

  it('gives each duty the same key and dates in any window that holds it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 700 }),
        (closing, start, length) => {
          const closedOn = addDays('2025-01-01', closing);
          const from = addDays(closedOn, start);
          const to = addDays(from, length);
          const all = dutiesDue(seed.reporting, { closedOn, from: closedOn, to });
          const window = dutiesDue(seed.reporting, { closedOn, from, to });
          expect(window).toEqual(all.filter((d) => d.dueDate >= from));
          expect(new Set(all.map((d) => d.key)).size).toBe(all.length);
          for (const d of all) {
            expect(d.reminderDate < d.dueDate).toBe(true);
            expect(isWorkingDay(d.reminderDate)).toBe(true);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
