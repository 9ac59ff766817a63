// Approval: the loan is granted on the terms the approver set, open for acceptance until a date.
import { loanTermRows, type LetterTemplate } from '../content.ts';
import { fields, paragraph } from '../layout.ts';
import { contractClosing, decisionIntro } from './wording.ts';

const acceptance = {
  zh: (date: string) => `本批准有效期至${date}；请于该日前确认接受，逾期未接受的，本批准自动失效。`,
  en: (date: string) =>
    `This approval is open until ${date}; please accept it by then, or it lapses.`,
};

export const approval: LetterTemplate<'approval'> = {
  title: { zh: '贷款批准通知书', en: 'Loan Approval Letter' },
  people: 'decided',
  body: (data, ctx) => {
    const rows = loanTermRows(data.terms, data.product, ctx);
    const acceptBy = acceptance[ctx.language](ctx.date(data.acceptBy));
    return (doc) => {
      paragraph(doc, decisionIntro[ctx.language].approved(data.product, data.institution.name));
      fields(doc, rows);
      paragraph(doc, acceptBy);
      paragraph(doc, contractClosing[ctx.language]);
    };
  },
};
