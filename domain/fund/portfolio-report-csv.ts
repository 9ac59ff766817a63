// The quarterly portfolio report as CSV (RFC 4180): one flat table a spreadsheet can filter and
// pivot, a row per sub-fund × dimension × item under one header row. Amounts are yuan decimal
// strings, shares whole basis points (empty where there is no share). Sub-fund rows only: a
// total row would be counted twice by anyone summing a column.
import { fenToYuan } from '../money.ts';
import type { PortfolioReport, Slice, SubFundReport } from './portfolio-report.ts';

const CSV_HEADER = [
  'quarter',
  'sub_fund_code',
  'sub_fund',
  'dimension',
  'item',
  'amount_yuan',
  'share_bp',
] as const;

type Dimension = 'stage' | 'sector' | 'region' | 'loss' | 'concession';
type Line = [dimension: Dimension, item: string, amountFen: number, shareBp: number | null];

// A cell a spreadsheet would take for a formula (a firm may name its cluster "=…") is kept text
// by a leading apostrophe (OWASP's advice). Only names get it: amounts are ours, and "-0.01" is
// a number.
const formulaStart = /^[=+\-@\t\r]/;
const asText = (name: string) => (formulaStart.test(name) ? `'${name}` : name);

// Quoted only when needed, inner quotes doubled: RFC 4180 §2.
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const sliceLines = (dimension: Dimension, slices: readonly Slice[]): Line[] =>
  slices.map((s) => [dimension, s.key, s.investedFen, s.shareBp]);

function linesOf(s: SubFundReport): Line[] {
  return [
    ...sliceLines('stage', s.stages),
    ...sliceLines('sector', s.sectors),
    ...sliceLines('region', s.regions),
    ['loss', 'used', s.lossUsedFen, s.lossUsedShareBp],
    ['loss', 'tolerance', s.lossToleranceFen, null],
    ['loss', 'headroom', s.lossHeadroomFen, null],
    ['concession', 'due', s.concessionDueFen, null],
  ];
}

/** UTF-8 text with a byte-order mark, which Excel needs to read Chinese as UTF-8; CRLF lines. */
export function portfolioReportCsv(report: PortfolioReport): string {
  const rows = report.subFunds.flatMap((s) =>
    linesOf(s).map(([dimension, item, fen, bp]) => [
      report.quarter.key,
      asText(s.code),
      asText(s.name),
      dimension,
      asText(item),
      fenToYuan(fen),
      bp === null ? '' : String(bp),
    ]),
  );
  const text = [CSV_HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
  return `\uFEFF${text}\r\n`;
}
