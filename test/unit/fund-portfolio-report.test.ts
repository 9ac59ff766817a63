// The guidance fund's quarterly portfolio report as pure rules: the quarter's dates, the ledgers
// folded as of its last day, the concession of its exits only, shares that sum to 10 000, and the
// CSV (RFC 4180 quoting, names kept text for a spreadsheet). Figures by hand in the comments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFundTerms } from '../../domain/fund/fund-terms.data.ts';
import { stages } from '../../domain/fund/fund-terms.ts';
import { portfolioReportCsv } from '../../domain/fund/portfolio-report-csv.ts';
import {
  portfolioReport,
  quarterOf,
  type ReportInvestment,
  type ReportSubFund,
} from '../../domain/fund/portfolio-report.ts';

const terms = seedFundTerms[0]!;
const q4 = quarterOf('2026Q4');

const subFund = (overrides: Partial<ReportSubFund>): ReportSubFund => ({
  code: 'seed',
  name: '种子子基金',
  terms,
  closedOn: '2026-01-10',
  committedFen: 100_000,
  investments: [],
  ...overrides,
});

const entry = (on: string, amountFen: number) => ({
  on,
  kind: 'ENTRY' as const,
  amountFen,
  units: 10,
});

const investment = (overrides: Partial<ReportInvestment>): ReportInvestment => ({
  id: 'i',
  firm: 'f',
  stageAtEntry: 'SEED',
  sector: null,
  region: '武汉',
  events: [entry('2026-02-01', 10_000)],
  ...overrides,
});

describe('the portfolio report', () => {
  it('runs from the first day of a quarter to the last of its third month', () => {
    expect(['2024Q1', '2026Q2', '2026Q3', '2026Q4'].map(quarterOf)).toEqual([
      { key: '2024Q1', from: '2024-01-01', to: '2024-03-31' },
      { key: '2026Q2', from: '2026-04-01', to: '2026-06-30' },
      { key: '2026Q3', from: '2026-07-01', to: '2026-09-30' },
      { key: '2026Q4', from: '2026-10-01', to: '2026-12-31' },
    ]);
    expect(() => quarterOf('2026Q5')).toThrow(/not a quarter/);
  });

  it('folds the ledgers as of the last day and counts the concession of its exits only', () => {
    const report = portfolioReport(q4, '引导基金', [
      subFund({
        committedFen: 60_000,
        investments: [
          investment({
            id: 'a',
            events: [
              entry('2026-02-01', 60_000),
              // Q3's exit is outside the quarter, Q4's inside; January's is after it.
              { on: '2026-09-30', kind: 'EXIT', amountFen: 1, units: 1, concessionFen: 7 },
              { on: '2026-10-01', kind: 'EXIT', amountFen: 1, units: 1, concessionFen: 100 },
              { on: '2027-01-01', kind: 'EXIT', amountFen: 1, units: 1, concessionFen: 1_000 },
            ],
          }),
          // ¥300.01 of a ¥300 tolerance (50% of ¥600) written off on the last day counts.
          investment({
            id: 'b',
            stageAtEntry: 'GROWTH',
            sector: '光电子',
            events: [
              entry('2026-03-01', 40_000),
              { on: '2026-12-31', kind: 'WRITE_OFF', amountFen: 30_001, units: null },
            ],
          }),
          investment({ id: 'c', events: [entry('2027-01-02', 999)] }),
        ],
      }),
      subFund({ code: 'later', closedOn: '2027-01-01' }),
    ]);
    expect(report.subFunds.map((s) => s.code)).toEqual(['seed']);
    const [seed] = report.subFunds;
    expect(seed).toMatchObject({
      investedFen: 100_000,
      concessionDueFen: 100,
      lossUsedFen: 30_001,
      lossToleranceFen: 30_000,
      lossUsedShareBp: 10_000,
      lossHeadroomFen: -1,
      earlyStageShareBp: 6_000,
      belowRequiredShare: false,
    });
    expect(seed!.stages.map((s) => [s.key, s.investedFen, s.shareBp])).toEqual([
      ['SEED', 60_000, 6_000],
      ['STARTUP', 0, 0],
      ['GROWTH', 40_000, 4_000],
      ['MATURE', 0, 0],
    ]);
    expect(seed!.sectors.map((s) => s.key)).toEqual(['unclassified', '光电子']);
    expect(report.total).toMatchObject({ committedFen: 60_000, concessionDueFen: 100 });
  });

  it('gives no shares while nothing is invested', () => {
    const [empty] = portfolioReport(q4, '引导基金', [subFund({})]).subFunds;
    expect(empty!.stages.every((s) => s.shareBp === null)).toBe(true);
    expect(empty).toMatchObject({ sectors: [], regions: [], earlyStageShareBp: null });
  });

  it('splits 10 000 bp exactly among stages, sectors and regions', () => {
    const amounts = fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(amounts, (fens) => {
        fc.pre(fens.some((f) => f > 0));
        const investments = fens.map((fen, i) =>
          investment({
            id: String(i),
            stageAtEntry: stages[i % stages.length]!,
            sector: `s${i % 3}`,
            region: `r${i % 2}`,
            events: [entry('2026-01-15', fen)],
          }),
        );
        const { total } = portfolioReport(q4, '引导基金', [subFund({ investments })]);
        for (const slices of [total.stages, total.sectors, total.regions]) {
          expect(slices.reduce((sum, s) => sum + s.shareBp!, 0)).toBe(10_000);
        }
      }),
    );
  });

  it('writes CSV a spreadsheet reads as it is meant', () => {
    const report = portfolioReport(q4, '引导基金', [
      subFund({
        code: 'x',
        name: '=HYPERLINK("a"), 武汉',
        investments: [investment({ sector: '+1', region: '湖北,"光谷"' })],
      }),
    ]);
    const lines = portfolioReportCsv(report).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFquarter,sub_fund_code,sub_fund,dimension,item,amount_yuan,share_bp',
    );
    const prefix = `2026Q4,x,"'=HYPERLINK(""a""), 武汉"`;
    expect(lines.slice(5, 7)).toEqual([
      `${prefix},sector,'+1,100.00,10000`,
      `${prefix},region,"湖北,""光谷""",100.00,10000`,
    ]);
    expect(lines.at(-1)).toBe('');
  });
});
