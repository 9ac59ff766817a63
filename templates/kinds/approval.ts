// Approval: the loan is granted on the terms the approver set.
import { loanTermRows, type LetterTemplate } from '../content.ts';
import { fields, paragraph } from '../layout.ts';
import { contractClosing, decisionIntro } from './wording.ts';

export const approval: LetterTemplate<'approval'> = {
  title: { zh: '贷款批准通知书', en: 'Loan Approval Letter' },
  people: 'decided',
  body: (data, ctx) => {
    const rows = loanTermRows(data.terms, data.product, ctx);
    return (doc) => {
      paragraph(doc, decisionIntro[ctx.language].approved(data.product, data.institution.name));
      fields(doc, rows);
      paragraph(doc, contractClosing[ctx.language]);
    };
  },
};
