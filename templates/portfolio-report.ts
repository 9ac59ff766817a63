// The guidance fund's quarterly portfolio report as an A4 PDF, in Chinese, on the letters' frame
// (fonts, title, fields, tables, page footers): all sub-funds together, then each sub-fund with
// its early-stage share, the losses it used against its tolerance, the concession due and its
// mix by stage, sector and region. Dated by the instant it is drawn, which the caller gives: the
// same report at the same instant is the same bytes.
import PDFDocument from 'pdfkit';
import type { Stage } from '../domain/fund/fund-terms.ts';
import {
  UNCLASSIFIED,
  type Mix,
  type PortfolioReport,
  type Slice,
  type SubFundReport,
} from '../domain/fund/portfolio-report.ts';
import { formatYuan } from '../domain/money.ts';
import { loadFonts, registerFonts } from './fonts.ts';
import { formatShare, shanghaiDate } from './format.ts';
import {
  PAGE_MARGINS,
  fields,
  heading,
  pageFooters,
  paragraph,
  referenceLine,
  table,
  title,
  pdfBytes,
} from './layout.ts';
import { LETTER_STRINGS } from './strings.ts';

const s = LETTER_STRINGS.zh;
const TITLE = '子基金投资组合季度报告';
const STAGE_NAMES: Record<Stage, string> = {
  SEED: '种子期',
  STARTUP: '初创期',
  GROWTH: '成长期',
  MATURE: '成熟期',
};
// A section of up to MAX_KEPT points (about half a page) moves whole to the next page rather than
// split; a longer one starts where it is and flows on. A fields row takes about 20 pt, a table
// row 21 (measured on the rendered page).
const FIELD_ROW = 20;
const TABLE_ROW = 21;
const MAX_KEPT = 400;
const sectionHeight = (fieldRows: number, mix: Mix) =>
  Math.min(
    MAX_KEPT,
    fieldRows * FIELD_ROW +
      (1 + mix.stages.length + mix.sectors.length + mix.regions.length) * TABLE_ROW,
  );

const yuan = (fen: number) => formatYuan(fen, 'zh');
const share = (bp: number | null) => (bp === null ? '—' : formatShare(bp));

function mixTable(doc: PDFKit.PDFDocument, mix: Mix): void {
  const rows = (dimension: string, slices: readonly Slice[], name = (key: string) => key) =>
    slices.map((slice) => [
      dimension,
      name(slice.key),
      yuan(slice.investedFen),
      share(slice.shareBp),
    ]);
  table(
    doc,
    [
      { header: '维度', width: 70 },
      { header: '项目', width: '*' },
      { header: '累计投资额', width: 110, align: 'right' },
      { header: '占比', width: 60, align: 'right' },
    ],
    [
      ...rows('投资阶段', mix.stages, (key) => STAGE_NAMES[key as Stage]),
      ...rows('产业集群', mix.sectors, (key) => (key === UNCLASSIFIED ? '未分类' : key)),
      ...rows('地区', mix.regions),
    ],
  );
}

function subFundSection(doc: PDFKit.PDFDocument, f: SubFundReport): void {
  const shortfall = f.belowRequiredShare ? '，未达标' : '';
  const rows: [string, string][] = [
    ['条款版本', f.termsVersion],
    ['认缴总额', yuan(f.committedFen)],
    ['累计投资额', yuan(f.investedFen)],
    [
      '早期阶段占比',
      `${share(f.earlyStageShareBp)}（要求不低于 ${share(f.requiredEarlyStageShareBp)}${shortfall}）`,
    ],
    [
      '已用亏损 / 容忍额度',
      `${yuan(f.lossUsedFen)} / ${yuan(f.lossToleranceFen)}（已用 ${share(f.lossUsedShareBp)}）`,
    ],
    ['剩余亏损额度', yuan(f.lossHeadroomFen)],
    ['本季应让利', yuan(f.concessionDueFen)],
  ];
  heading(doc, `${f.name}（${f.code}）`, sectionHeight(rows.length, f));
  fields(doc, rows);
  mixTable(doc, f);
}

/** `generatedAt`: an ISO instant with its offset. */
export async function renderPortfolioReport(
  report: PortfolioReport,
  generatedAt: string,
): Promise<Buffer> {
  const { quarter, total } = report;
  const [year, q] = quarter.key.split('Q');
  const fonts = await loadFonts();
  // Fixed dates make the trailer /ID, and so the file, a function of the report (render-letter.ts).
  const drawn = new Date(generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    lang: s.lang,
    displayTitle: true,
    info: {
      Title: `${TITLE} ${quarter.key}`,
      Author: report.guidanceFund,
      Creator: 'Diguan',
      CreationDate: drawn,
      ModDate: drawn,
    },
  });
  const done = pdfBytes(doc);
  registerFonts(doc, fonts);

  title(doc, TITLE);
  referenceLine(
    doc,
    ['报告期', `${year}年第${q}季度`],
    ['生成日期', s.date(shanghaiDate(generatedAt))],
  );
  fields(doc, [
    ['引导基金', report.guidanceFund],
    ['统计区间', `${quarter.from} 至 ${quarter.to}`],
    [
      '口径',
      '投资额与亏损为截至季末的台账累计；应让利为本季度内退出时引导基金让渡的收益。' +
        '各项占比按最大余数分配，合计 100%；早期阶段占比不进位，用于与要求比较。',
    ],
  ]);
  const totals: [string, string][] = [
    ['认缴总额', yuan(total.committedFen)],
    ['累计投资额', yuan(total.investedFen)],
    ['已用亏损', yuan(total.lossUsedFen)],
    ['本季应让利', yuan(total.concessionDueFen)],
  ];
  heading(doc, '全部子基金', sectionHeight(totals.length, total));
  fields(doc, totals);
  if (report.subFunds.length === 0) paragraph(doc, '季末尚无已成立的子基金。');
  else mixTable(doc, total);
  for (const f of report.subFunds) subFundSection(doc, f);
  pageFooters(doc, `${TITLE} ${quarter.key}`, s.page);

  doc.end();
  return done;
}
