// Renders an approval or rejection letter as an A4 PDF with embedded, subset Noto Sans SC.
// Output is byte-for-byte reproducible: letters are stored once with their SHA-256, so
// re-rendering the same decision must give the same bytes.
import PDFDocument from 'pdfkit';
import { chineseCapitalAmount, formatYuan } from '../domain/money.ts';
import { formatPercent, shanghaiDate } from './format.ts';
import { loadFonts } from './fonts.ts';
import {
  PAGE_MARGINS,
  assessmentTable,
  fields,
  heading,
  letterHead,
  numberedList,
  pageFooters,
  paragraph,
  signatureBlock,
  title,
} from './layout.ts';
import type { LetterData } from './letter-data.ts';
import { LETTER_STRINGS, type LetterStrings } from './strings.ts';

/** The record holds codes; the letter prints their names in its language. */
function named(data: LetterData, s: LetterStrings): LetterData {
  const name = (table: Record<string, string>, code: string) => table[code] ?? code;
  return {
    ...data,
    product: name(s.names.products, data.product),
    decidedBy: data.decidedBy.map((d) => ({ ...d, role: name(s.names.roles, d.role) })),
    assessment: {
      ...data.assessment,
      // The model id stays beside its name: auditors look the version up by id.
      model: s.names.models[data.assessment.model]
        ? `${s.names.models[data.assessment.model]} (${data.assessment.model})`
        : data.assessment.model,
      indicators: data.assessment.indicators.map((i) => ({
        ...i,
        label: i.label ?? name(s.names.indicators, i.id),
      })),
    },
  };
}

export async function renderLetter(record: LetterData): Promise<Buffer> {
  const s = LETTER_STRINGS[record.language];
  const data = named(record, s);
  const date = s.date(shanghaiDate(data.issuedAt));
  const body = data.kind === 'approval' ? approvalTerms(data, s) : rejectionReasons(data);
  const fonts = await loadFonts();

  // pdfkit derives the trailer /ID from an MD5 of the info dictionary, and the only
  // varying entry by default is CreationDate = now. Fixing both dates to the decision
  // instant makes the ID, and so the whole file, a function of the letter data.
  const issued = new Date(data.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    lang: s.lang,
    displayTitle: true,
    info: {
      Title: `${s.title[data.kind]} ${data.reference}`,
      Author: data.institution.name,
      Subject: data.enterprise.name,
      Creator: 'Diguan',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const done = collect(doc);
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);

  letterHead(doc, data.institution.name, s.sealCaption);
  title(doc, s.title[data.kind]);
  fields(doc, [
    [s.referenceLabel, data.reference],
    [s.dateLabel, date],
  ]);
  paragraph(doc, s.addressee(data.enterprise.name), 'bold');
  fields(doc, [[s.usccLabel, data.enterprise.uscc]]);
  paragraph(doc, s.intro[data.kind](data.product, data.institution.name));
  body(doc);
  paragraph(doc, s.closing[data.kind]);

  heading(doc, s.assessmentHeading, 120);
  fields(doc, [
    [s.modelLabel, data.assessment.model],
    [s.versionLabel, data.assessment.version],
  ]);
  assessmentTable(
    doc,
    { columns: s.columns, total: s.total, result: s.eligible(data.assessment.eligible) },
    data.assessment,
  );

  signatureBlock(doc, s.decidedByHeading, data.decidedBy, data.institution.name, date);
  pageFooters(doc, data.reference, s.page);

  doc.end();
  return done;
}

type BodyPiece = (doc: PDFKit.PDFDocument) => void;

// The kind-specific middle of the letter. Built before the document is opened, so
// missing fields fail fast instead of after half a letter has been drawn.
function approvalTerms(data: LetterData, s: LetterStrings): BodyPiece {
  const { amountFen, annualRate, termMonths } = data;
  if (amountFen === undefined || annualRate === undefined || termMonths === undefined) {
    throw new TypeError('an approval letter needs amountFen, annualRate and termMonths');
  }
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RangeError(`amountFen must be a positive safe integer: ${amountFen}`);
  }
  if (!Number.isInteger(termMonths) || termMonths <= 0) {
    throw new RangeError(`termMonths must be a positive integer: ${termMonths}`);
  }
  const rows: Array<[string, string]> = [
    [s.productLabel, data.product],
    [s.amountLabel, formatYuan(amountFen, data.language)],
  ];
  if (s.capitalAmountLabel) rows.push([s.capitalAmountLabel, chineseCapitalAmount(amountFen)]);
  rows.push([s.rateLabel, formatPercent(annualRate)], [s.termLabel, s.term(termMonths)]);
  return (doc) => fields(doc, rows);
}

function rejectionReasons(data: LetterData): BodyPiece {
  const reasons = data.reasons ?? [];
  if (reasons.length === 0) throw new TypeError('a rejection letter needs at least one reason');
  return (doc) => numberedList(doc, reasons);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
