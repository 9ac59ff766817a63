// The guidance fund's quarterly portfolio report (DOMAIN.md §6): for each of its sub-funds and
// for all of them, the amount invested by stage at entry, by sector (the firm's innovative
// cluster) and by region, with shares that sum to 10 000 bp; the losses used against each
// sub-fund's tolerance; and the profit the guidance fund concedes at exits in the quarter.
// Figures are "as of" the quarter's last day: the ledgers are folded over the events on or
// before it, so a report of a past quarter reads the same whenever it is drawn. Commitments are
// the current ones: the store keeps no history of them (a buy-back changes a row in place).
import { allocate } from '../allocation.ts';
import { monthsAfter } from '../loan/repayment-schedule.ts';
import { floorBp } from './exact.ts';
import { stages, type FundTerms, type Stage } from './fund-terms.ts';
import { investmentFigures, type InvestmentEventRecord } from './investment.ts';
import { portfolioStanding, type Investment } from './portfolio.ts';

export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;

/** A firm without a cluster on record. */
export const UNCLASSIFIED = 'unclassified';

export interface Quarter {
  /** "2026Q4" */
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

/** "2026Q4" → 2026-10-01 to 2026-12-31, the last day of its third month. */
export function quarterOf(key: string): Quarter {
  const match = QUARTER_PATTERN.exec(key);
  if (!match) throw new RangeError(`not a quarter like 2026Q4: ${key}`);
  const [year, quarter] = [Number(match[1]), Number(match[2])];
  const firstMonth = String(quarter * 3 - 2).padStart(2, '0');
  return {
    key,
    from: `${match[1]}-${firstMonth}-01`,
    // monthsAfter clamps the 31st to the month's last day.
    to: monthsAfter(`${year}-01-31`, quarter * 3 - 1),
  };
}

export interface ReportEvent extends InvestmentEventRecord {
  readonly on: string;
  /** An exit's concession by the guidance fund (ExitDistribution.concessionFen). */
  readonly concessionFen?: number;
}

export interface ReportInvestment extends Pick<Investment, 'id' | 'firm' | 'stageAtEntry'> {
  /** The firm's cluster; null when it has none on record. */
  readonly sector: string | null;
  readonly region: string;
  /** In ledger order (date, then as recorded). */
  readonly events: readonly ReportEvent[];
}

export interface ReportSubFund {
  readonly code: string;
  readonly name: string;
  readonly terms: FundTerms;
  readonly closedOn: string;
  readonly committedFen: number;
  readonly investments: readonly ReportInvestment[];
}

export interface Slice {
  readonly key: string;
  readonly investedFen: number;
  /** Of the amount invested, by largest remainder; null while nothing is invested. */
  readonly shareBp: number | null;
}

export interface Mix {
  readonly investedFen: number;
  /** Every stage, in the order of `stages`, those without investment at 0. */
  readonly stages: readonly Slice[];
  /** Those with investment, the largest first. */
  readonly sectors: readonly Slice[];
  readonly regions: readonly Slice[];
}

export interface SubFundReport extends Mix {
  readonly code: string;
  readonly name: string;
  readonly termsVersion: string;
  readonly committedFen: number;
  readonly earlyStageShareBp: number | null;
  readonly requiredEarlyStageShareBp: number;
  readonly belowRequiredShare: boolean;
  readonly lossUsedFen: number;
  readonly lossToleranceFen: number;
  /** ⌊used / tolerance⌋; above 10 000 past the tolerance, null without one. */
  readonly lossUsedShareBp: number | null;
  readonly lossHeadroomFen: number;
  /** Conceded at exits dated within the quarter. */
  readonly concessionDueFen: number;
}

export interface PortfolioReport {
  readonly quarter: Quarter;
  readonly guidanceFund: string;
  /** The sub-funds closed by the quarter's end, by code. */
  readonly subFunds: readonly SubFundReport[];
  readonly total: Mix & {
    readonly committedFen: number;
    readonly lossUsedFen: number;
    readonly concessionDueFen: number;
  };
}

interface Held {
  readonly stage: Stage;
  readonly sector: string;
  readonly region: string;
  readonly investedFen: number;
}

function slices(amounts: ReadonlyMap<string, number>): Slice[] {
  const keys = [...amounts.keys()];
  const fen = keys.map((k) => amounts.get(k)!);
  const shares = fen.some((f) => f > 0) ? allocate(10_000, fen) : keys.map(() => null);
  return keys.map((key, i) => ({ key, investedFen: fen[i]!, shareBp: shares[i]! }));
}

function sumBy(held: readonly Held[], keyOf: (h: Held) => string, seeded: readonly string[] = []) {
  const amounts = new Map(seeded.map((k) => [k, 0]));
  for (const h of held) amounts.set(keyOf(h), (amounts.get(keyOf(h)) ?? 0) + h.investedFen);
  return amounts;
}

/** Largest first; equal amounts by key in code-unit order, the same on every machine. */
function largestFirst(amounts: ReadonlyMap<string, number>): Map<string, number> {
  return new Map(
    [...amounts].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0)),
  );
}

function mixOf(held: readonly Held[]): Mix {
  return {
    investedFen: held.reduce((sum, h) => sum + h.investedFen, 0),
    stages: slices(sumBy(held, (h) => h.stage, stages)),
    sectors: slices(largestFirst(sumBy(held, (h) => h.sector))),
    regions: slices(largestFirst(sumBy(held, (h) => h.region))),
  };
}

function subFundReport(quarter: Quarter, subFund: ReportSubFund) {
  let concessionDueFen = 0;
  const held: Held[] = [];
  const investments = subFund.investments.flatMap((i): Investment[] => {
    const events = i.events.filter((e) => e.on <= quarter.to);
    for (const e of events) {
      if (e.kind === 'EXIT' && e.on >= quarter.from) concessionDueFen += e.concessionFen ?? 0;
    }
    // Made after the quarter's end: not yet in its portfolio.
    if (events.length === 0) return [];
    const figures = investmentFigures(events);
    held.push({
      stage: i.stageAtEntry,
      sector: i.sector ?? UNCLASSIFIED,
      region: i.region,
      investedFen: figures.investedFen,
    });
    return [{ id: i.id, firm: i.firm, stageAtEntry: i.stageAtEntry, ...figures }];
  });
  const standing = portfolioStanding(subFund.terms, {
    committedFen: subFund.committedFen,
    investments,
  });
  const report: SubFundReport = {
    code: subFund.code,
    name: subFund.name,
    termsVersion: subFund.terms.version,
    committedFen: subFund.committedFen,
    ...mixOf(held),
    earlyStageShareBp: standing.earlyStageShareBp,
    requiredEarlyStageShareBp: subFund.terms.requiredSeedShareBp,
    belowRequiredShare: standing.belowRequiredShare,
    lossUsedFen: standing.writtenOffFen,
    lossToleranceFen: standing.lossToleranceFen,
    lossUsedShareBp:
      standing.lossToleranceFen > 0
        ? floorBp(standing.writtenOffFen, standing.lossToleranceFen)
        : null,
    lossHeadroomFen: standing.lossHeadroomFen,
    concessionDueFen,
  };
  return { report, held };
}

export function portfolioReport(
  quarter: Quarter,
  guidanceFund: string,
  subFunds: readonly ReportSubFund[],
): PortfolioReport {
  const reports = subFunds
    .filter((s) => s.closedOn <= quarter.to)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((s) => subFundReport(quarter, s));
  const sum = (of: (r: SubFundReport) => number) =>
    reports.reduce((total, { report }) => total + of(report), 0);
  return {
    quarter,
    guidanceFund,
    subFunds: reports.map((r) => r.report),
    total: {
      ...mixOf(reports.flatMap((r) => r.held)),
      committedFen: sum((r) => r.committedFen),
      lossUsedFen: sum((r) => r.lossUsedFen),
      concessionDueFen: sum((r) => r.concessionDueFen),
    },
  };
}
