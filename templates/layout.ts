// Reusable pieces of every letter. Each piece draws at the current position (doc.y)
// across the page's content width and leaves doc.y below itself, so a letter is a
// sequence of calls. Pieces take finished strings: wording lives in strings.ts and in
// each kind's template.
// Spacing is in points rather than pdfkit's moveDown (which scales with whatever font
// is current), so a block's height can be measured before it is drawn.
import type { LetterAssessment, LetterDecider } from './letter-data.ts';
import type { FontFace } from './fonts.ts';
import { drawQrCode } from './qr.ts';

type Doc = PDFKit.PDFDocument;
type Row = [label: string, value: string];

export const PAGE_MARGINS = { top: 48, bottom: 60, left: 62, right: 62 };

const SIZE = { head: 15, title: 17, heading: 11.5, body: 10.5, small: 9, footer: 8 };
const COLOR = {
  ink: '#1a1a1a',
  accent: '#1f3864',
  muted: '#5f6368',
  rule: '#9aa5b8',
  headerFill: '#eef1f6',
};
const GAP = { line: 3, row: 2, block: 8, headingBefore: 8, headingAfter: 4, title: 10 };
const SEAL_DIAMETER = 60;
// As wide as the seal: a verification address of up to ~80 characters gives a code of at
// most 37 modules, each 1.6 pt (0.57 mm), which a phone reads from paper.
const QR_SIZE = SEAL_DIAMETER;
const HEAD_GAP = 16;
const TABLE_STYLE = { border: 0.5, borderColor: COLOR.rule, padding: 4 };

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function left(doc: Doc): number {
  return doc.page.margins.left;
}

function bodyFont(doc: Doc, face: FontFace = 'regular', color = COLOR.ink): Doc {
  return doc.font(face).fontSize(SIZE.body).fillColor(color);
}

/** Opens a new page unless `height` points still fit, so a block stays in one piece. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

/**
 * Institution name on the left; on the right the QR code that verifies the letter, then the
 * institution's seal, or a dashed circle where it goes. The QR code sits on the first page,
 * where a reader looks for it.
 */
export function letterHead(
  doc: Doc,
  institution: string,
  seal: { image: Uint8Array } | { caption: string },
  verificationUrl: string,
): void {
  const x = left(doc);
  const top = doc.y;
  const width = contentWidth(doc);
  const nameWidth = width - SEAL_DIAMETER - QR_SIZE - 2 * HEAD_GAP;

  doc.font('bold').fontSize(SIZE.head).fillColor(COLOR.accent);
  const nameHeight = doc.heightOfString(institution, { width: nameWidth });
  doc.text(institution, x, top + Math.max(0, (SEAL_DIAMETER - nameHeight) / 2), {
    width: nameWidth,
  });
  const nameBottom = doc.y;

  const radius = SEAL_DIAMETER / 2;
  const cx = x + width - radius;
  const cy = top + radius;
  drawQrCode(doc, verificationUrl, cx - radius - HEAD_GAP - QR_SIZE, cy - QR_SIZE / 2, QR_SIZE);
  if ('image' in seal) {
    doc.image(Buffer.from(seal.image), cx - radius, top, { fit: [SEAL_DIAMETER, SEAL_DIAMETER] });
  } else {
    doc.save().lineWidth(0.8).dash(3, { space: 2 }).strokeColor(COLOR.rule);
    doc.circle(cx, cy, radius).stroke().restore();
    doc.font('regular').fontSize(SIZE.footer).fillColor(COLOR.muted);
    doc.text(seal.caption, cx - radius, cy - doc.currentLineHeight() / 2, {
      width: SEAL_DIAMETER,
      align: 'center',
      lineBreak: false,
    });
  }

  const ruleY = Math.max(nameBottom, top + SEAL_DIAMETER) + 8;
  doc
    .moveTo(x, ruleY)
    .lineTo(x + width, ruleY)
    .lineWidth(1.2)
    .strokeColor(COLOR.accent)
    .stroke();
  doc.x = x;
  doc.y = ruleY + 12;
}

export function title(doc: Doc, text: string): void {
  doc.font('bold').fontSize(SIZE.title).fillColor(COLOR.ink);
  doc.text(text, left(doc), doc.y, { width: contentWidth(doc), align: 'center' });
  doc.y += GAP.title;
}

/** Two label/value pairs on one line: the letter's number on the left, its date on the right. */
export function referenceLine(doc: Doc, number: Row, date: Row): void {
  const x = left(doc);
  const y = doc.y;
  const width = contentWidth(doc);
  const pair = ([label, value]: Row) => `${label}  ${value}`;
  bodyFont(doc, 'regular', COLOR.muted).text(pair(number), x, y, { width, lineBreak: false });
  doc.text(pair(date), x, y, { width, align: 'right', lineBreak: false });
  doc.x = x;
  doc.y = y + doc.currentLineHeight(true) + GAP.block;
}

export function heading(doc: Doc, text: string, keepWithNext = 60): void {
  doc.y += GAP.headingBefore;
  doc.font('bold').fontSize(SIZE.heading);
  keepTogether(doc, doc.currentLineHeight(true) + GAP.headingAfter + keepWithNext);
  doc.fillColor(COLOR.accent).text(text, left(doc), doc.y, { width: contentWidth(doc) });
  doc.y += GAP.headingAfter;
}

export function paragraph(doc: Doc, text: string, face: FontFace = 'regular'): void {
  bodyFont(doc, face);
  doc.text(text, left(doc), doc.y, { width: contentWidth(doc), lineGap: GAP.line });
  doc.y += GAP.block;
}

function measureFields(doc: Doc, rows: Row[], width: number) {
  bodyFont(doc);
  // Long labels wrap rather than squeeze the values out of their column.
  const longest = Math.max(...rows.map(([label]) => doc.widthOfString(label)));
  const labelWidth = Math.min(longest + 14, width * 0.55);
  const valueWidth = width - labelWidth;
  const heights = rows.map(([label, value]) =>
    Math.max(
      doc.heightOfString(label, { width: labelWidth, lineGap: GAP.line }),
      doc.heightOfString(value, { width: valueWidth, lineGap: GAP.line }),
    ),
  );
  return { labelWidth, valueWidth, heights };
}

/** Label/value rows, the values aligned in one column after the longest label. */
export function fields(doc: Doc, rows: Row[], width = contentWidth(doc)): void {
  const { labelWidth, valueWidth, heights } = measureFields(doc, rows, width);
  const x = left(doc);
  rows.forEach(([label, value], index) => {
    const height = heights[index] ?? 0;
    keepTogether(doc, height);
    const y = doc.y;
    bodyFont(doc, 'regular', COLOR.muted).text(label, x, y, {
      width: labelWidth,
      lineGap: GAP.line,
    });
    bodyFont(doc).text(value, x + labelWidth, y, { width: valueWidth, lineGap: GAP.line });
    doc.y = y + height + GAP.row;
  });
  doc.x = x;
  doc.y += GAP.block;
}

/** "1." "2." … in a narrow column, each item wrapping under its own text. */
export function numberedList(doc: Doc, items: string[]): void {
  bodyFont(doc);
  const x = left(doc);
  const numberWidth = doc.widthOfString(`${items.length}.`) + 8;
  const textWidth = contentWidth(doc) - numberWidth;
  items.forEach((item, index) => {
    keepTogether(doc, 2 * (doc.currentLineHeight(true) + GAP.line));
    const y = doc.y;
    doc.text(`${index + 1}.`, x, y, { width: numberWidth, lineBreak: false });
    doc.text(item, x + numberWidth, y, { width: textWidth, lineGap: GAP.line });
    doc.y += GAP.row;
  });
  doc.x = x;
  doc.y += GAP.block;
}

export interface Column {
  header: string;
  width: number | '*';
  align?: 'center' | 'right';
}

/** A bordered table in the small size: a shaded header row, then one row per item. */
export function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const aligns = columns.map(({ align }) => (align ? { x: align } : undefined));
  const header = columns.map(({ header: text }, column) => ({
    text,
    align: aligns[column],
    font: { src: 'bold' },
    backgroundColor: COLOR.headerFill,
  }));
  const body = rows.map((row) => row.map((text, column) => ({ text, align: aligns[column] })));
  drawTable(
    doc,
    columns.map((c) => c.width),
    [header, ...body],
  );
}

interface TableLabels {
  columns: { indicator: string; value: string; points: string; rule: string };
  total: string;
  result: string;
}

/** Per-indicator value, points out of the maximum and the rule applied, then the total. */
export function assessmentTable(doc: Doc, labels: TableLabels, assessment: LetterAssessment): void {
  const bold = { src: 'bold' };
  const center = 'center' as const;
  const { indicator, value, points, rule } = labels.columns;
  const header = [indicator, value, points, rule].map((text, column) => ({
    text,
    font: bold,
    backgroundColor: COLOR.headerFill,
    align: column === 2 ? center : undefined,
  }));
  const score = (got: number, max: number) => `${got} / ${max}`;
  const rows = assessment.indicators.map((item) => [
    item.label ?? item.id,
    item.value,
    { text: score(item.points, item.max), align: center },
    item.rule,
  ]);
  const total = [
    { text: labels.total, font: bold, colSpan: 2 },
    { text: score(assessment.points, assessment.max), font: bold, align: center },
    { text: labels.result, font: bold },
  ];
  drawTable(doc, [120, 92, 58, '*'], [header, ...rows, total]);
}

function drawTable(
  doc: Doc,
  columnStyles: Array<number | '*'>,
  data: NonNullable<PDFKit.Mixins.TableOptionsWithData['data']>,
): void {
  doc.font('regular').fontSize(SIZE.small).fillColor(COLOR.ink);
  doc.x = left(doc);
  doc.table({ columnStyles, defaultStyle: TABLE_STYLE, data });
  doc.y += GAP.block;
}

interface Signature {
  heading: string;
  deciders: LetterDecider[];
  institution: string;
  /** Who signs for the institution, as its published seal names them. */
  signatory?: string;
  date: string;
  /** Small print below the signatures: how to verify the letter. */
  note: string;
}

/**
 * Who decided in which role on the left; the institution and the letter date on the
 * right, level with the last rows, where a paper letter is signed and sealed; the note
 * below. Kept on one page, so no part of it is left alone on the next. A body that decided
 * as a whole (the committee) is a row of its own name; with no one to name (a deadline
 * passed), only the institution signs.
 */
export function signatureBlock(doc: Doc, signature: Signature): void {
  const { deciders, institution, signatory, date, note } = signature;
  const closingLines = [institution, ...(signatory ? [signatory] : []), date];
  const rows = deciders.map(({ role, name }): Row => [role, name ?? '']);
  const width = contentWidth(doc);
  const columnWidth = width / 2;
  const heights = rows.length > 0 ? measureFields(doc, rows, columnWidth).heights : [];
  const rowsHeight = heights.reduce((sum, height) => sum + height + GAP.row, 0);
  bodyFont(doc);
  const closing = { width: columnWidth, align: 'right' as const, lineGap: GAP.line };
  const closingHeight = doc.heightOfString(closingLines.join('\n'), closing);
  const small = { width, lineGap: GAP.line };
  const noteHeight = doc.font('regular').fontSize(SIZE.small).heightOfString(note, small);

  const blockHeight = Math.max(rowsHeight, closingHeight) + GAP.block + noteHeight;
  if (rows.length > 0) {
    heading(doc, signature.heading, blockHeight);
  } else {
    keepTogether(doc, GAP.headingBefore + blockHeight);
    doc.y += GAP.headingBefore;
  }
  const top = doc.y;
  if (rows.length > 0) fields(doc, rows, columnWidth);
  const rowsBottom = top + rowsHeight;
  const x = left(doc);
  bodyFont(doc);
  doc.y = Math.max(top, rowsBottom - closingHeight);
  for (const line of closingLines) doc.text(line, x + columnWidth, doc.y, closing);
  doc.y = Math.max(doc.y, rowsBottom) + GAP.block;
  doc.font('regular').fontSize(SIZE.small).fillColor(COLOR.muted);
  doc.text(note, x, doc.y, small);
  doc.x = x;
}

/** The letter's reference (and code) on the left and "page x / y" on the right of every page. */
export function pageFooters(
  doc: Doc,
  reference: string,
  pageLabel: (page: number, pages: number) => string,
): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index++) {
    doc.switchToPage(start + index);
    const margins = doc.page.margins;
    const bottom = margins.bottom;
    const y = doc.page.height - bottom + 22;
    const width = contentWidth(doc);
    // The footer sits inside the bottom margin; pdfkit would break to a new page for text
    // below it, so the margin is lifted while the footer is written.
    margins.bottom = 0;
    doc.moveTo(margins.left, y - 6).lineTo(margins.left + width, y - 6);
    doc.lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    doc.font('regular').fontSize(SIZE.footer).fillColor(COLOR.muted);
    doc.text(reference, margins.left, y, { width, lineBreak: false });
    doc.text(pageLabel(index + 1, count), margins.left, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    margins.bottom = bottom;
  }
}

/** The bytes of a document as pdfkit writes them, once it has ended. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
