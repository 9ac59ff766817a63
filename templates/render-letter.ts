// Renders any kind of letter as an A4 PDF with embedded, subset Noto Sans SC. The frame is
// the same for every kind (head, title, number and date, addressee, the kind's body, the
// assessment for decisions, policy versions, signatures, verification, page footers).
// Output is byte-for-byte reproducible: letters are stored once with their SHA-256, so the
// same facts and the same issue (code, revision) must give the same bytes.
import PDFDocument from 'pdfkit';
import { letterContext, type LetterContext, type LetterTemplate } from './content.ts';
import { groupedCode, shanghaiDate } from './format.ts';
import { loadFonts, registerFonts } from './fonts.ts';
import { approval } from './kinds/approval.ts';
import { compensationNotice } from './kinds/compensation-notice.ts';
import { conditionalApproval } from './kinds/conditional-approval.ts';
import { fileExpiry } from './kinds/file-expiry.ts';
import { guaranteeConfirmation } from './kinds/guarantee-confirmation.ts';
import { informationRequest } from './kinds/information-request.ts';
import { offerExpiry } from './kinds/offer-expiry.ts';
import { pledgeRegistration } from './kinds/pledge-registration.ts';
import { pledgeRelease } from './kinds/pledge-release.ts';
import { rejection } from './kinds/rejection.ts';
import { warrantExercise, warrantExpiry } from './kinds/warrant.ts';
import {
  PAGE_MARGINS,
  assessmentTable,
  fields,
  heading,
  letterHead,
  pageFooters,
  paragraph,
  referenceLine,
  signatureBlock,
  table,
  title,
  pdfBytes,
} from './layout.ts';
import type { LetterAssessment, LetterData, LetterIssue } from './letter-data.ts';
import type { LetterKind } from '../domain/letter-kinds.ts';
import { LETTER_STRINGS, ruleIn } from './strings.ts';

const TEMPLATES: { [K in LetterKind]: LetterTemplate<K> } = {
  approval,
  conditional_approval: conditionalApproval,
  rejection,
  information_request: informationRequest,
  offer_expiry: offerExpiry,
  file_expiry: fileExpiry,
  guarantee_confirmation: guaranteeConfirmation,
  compensation_notice: compensationNotice,
  pledge_registration: pledgeRegistration,
  pledge_release: pledgeRelease,
  warrant_exercise: warrantExercise,
  warrant_expiry: warrantExpiry,
};

export async function renderLetter(record: LetterData, issue: LetterIssue): Promise<Buffer> {
  const s = LETTER_STRINGS[record.language];
  const ctx = letterContext(record.language, s);
  // The record holds codes; the letter prints their names in its language.
  const data = { ...record, product: ctx.name('products', record.product) };
  const template = TEMPLATES[data.kind];
  // TypeScript cannot pair TEMPLATES[kind] with the matching member of the union; the
  // table's mapped type guarantees they match.
  const body = (template as LetterTemplate<LetterKind>).body(data, ctx);
  const date = s.date(shanghaiDate(data.issuedAt));
  const code = groupedCode(issue.verificationCode);
  const replaces = issue.replaces && {
    code: groupedCode(issue.replaces.verificationCode),
    date: s.date(shanghaiDate(issue.replaces.issuedAt)),
    reason: issue.replaces.reason,
  };
  const fonts = await loadFonts();

  // pdfkit derives the trailer /ID from an MD5 of the info dictionary, and the only
  // varying entry by default is CreationDate = now. Fixing both dates to the letter's date
  // makes the ID, and so the whole file, a function of the letter; the code in Keywords
  // keeps the IDs of two letters with the same title and date apart.
  const issued = new Date(data.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    lang: s.lang,
    displayTitle: true,
    info: {
      Title: `${template.title[data.language]} ${data.reference}`,
      Author: data.institution.name,
      Subject: data.enterprise.name,
      Keywords: `${s.verificationCodeLabel} ${code}`,
      Creator: 'Diguan',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const done = pdfBytes(doc);
  registerFonts(doc, fonts);

  const seal = issue.seal ? { image: issue.seal.image } : { caption: s.sealCaption };
  letterHead(doc, data.institution.name, seal, issue.verificationUrl);
  title(doc, template.title[data.language]);
  referenceLine(doc, [s.referenceLabel, data.reference], [s.dateLabel, date]);
  if (replaces) {
    fields(doc, [
      [s.revisionLabel, String(issue.revision)],
      [s.correction.replacesLabel, s.correction.replaces(replaces.code, replaces.date)],
      [s.correction.reasonLabel, replaces.reason],
    ]);
  }
  paragraph(doc, s.addressee(data.enterprise.name), 'bold');
  fields(doc, [[s.usccLabel, data.enterprise.uscc]]);
  body(doc);
  if (data.policyVersions.length > 0) {
    fields(doc, [[s.policyVersionsLabel, data.policyVersions.join(', ')]]);
  }
  signatureBlock(doc, {
    heading: s.people[template.people],
    deciders: data.decidedBy.map((d) => ({ ...d, role: ctx.name('roles', d.role) })),
    institution: data.institution.name,
    signatory: issue.seal && s.signatory(issue.seal.signatory),
    date,
    note: s.verification(code, issue.verificationUrl),
  });
  // The decision and its signature read as one page; the scoring behind it is the annex.
  if ('assessment' in data) assessmentSection(doc, data.assessment, ctx);
  pageFooters(doc, `${data.reference}  ·  ${s.verificationCodeLabel} ${code}`, s.page);

  doc.end();
  return done;
}

/** Room a row of the failed-conditions table may take, a long name wrapping once. */
const GATE_ROW_HEIGHT = 28;

/** Model and version, points per indicator, and each failed condition with its gap. */
function assessmentSection(
  doc: PDFKit.PDFDocument,
  assessment: LetterAssessment,
  ctx: LetterContext,
) {
  const { s } = ctx;
  const model = s.names.models[assessment.model];
  heading(doc, s.assessmentHeading, 120);
  fields(doc, [
    // The model id stays beside its name: auditors look the version up by id.
    [s.modelLabel, model ? `${model} (${assessment.model})` : assessment.model],
    [s.versionLabel, assessment.version],
  ]);
  const indicators = assessment.indicators.map((i) => ({
    ...i,
    label: i.label ?? ctx.name('indicators', i.id),
    rule: ruleIn(s, i.rule),
  }));
  assessmentTable(
    doc,
    { columns: s.columns, total: s.total, result: s.eligible(assessment.eligible) },
    { ...assessment, indicators },
  );
  if (assessment.failedGates.length === 0) return;
  // The table stays with its heading and in one piece: a row of it alone on a page says nothing.
  heading(doc, s.failedGatesHeading, (assessment.failedGates.length + 1) * GATE_ROW_HEIGHT);
  const answer = (value: string) => ctx.name('answers', value);
  table(
    doc,
    [
      { header: s.gateColumns.gate, width: '*' },
      { header: s.gateColumns.value, width: 80, align: 'right' },
      { header: s.gateColumns.required, width: 80, align: 'right' },
      { header: s.gateColumns.gap, width: 70, align: 'right' },
    ],
    assessment.failedGates.map((g) => [
      ctx.name('gates', g.gate),
      answer(g.value),
      answer(g.required),
      g.gap ?? '—',
    ]),
  );
}
