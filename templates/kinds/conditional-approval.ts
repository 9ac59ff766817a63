// Conditional approval: the terms, then the conditions to meet before the contract, by a date.
import { loanTermRows, requireItems, type LetterTemplate } from '../content.ts';
import { fields, heading, numberedList, paragraph } from '../layout.ts';
import { contractClosing, decisionIntro } from './wording.ts';

const wording = {
  zh: {
    conditions: '批准条件',
    due: (date: string) => `请于${date}前落实上述全部条件；逾期未落实的，本批准自动失效。`,
  },
  en: {
    conditions: 'Conditions',
    due: (date: string) =>
      `Please meet all the conditions above by ${date}; if they are not met by then, this approval lapses.`,
  },
};

export const conditionalApproval: LetterTemplate<'conditional_approval'> = {
  title: { zh: '贷款有条件批准通知书', en: 'Conditional Loan Approval Letter' },
  people: 'decided',
  body: (data, ctx) => {
    const rows = loanTermRows(data.terms, data.product, ctx);
    requireItems('conditions', data.conditions);
    const w = wording[ctx.language];
    const due = w.due(ctx.date(data.conditionsDueOn));
    return (doc) => {
      paragraph(doc, decisionIntro[ctx.language].conditional(data.product, data.institution.name));
      fields(doc, rows);
      heading(doc, w.conditions);
      numberedList(doc, data.conditions);
      paragraph(doc, due);
      paragraph(doc, contractClosing[ctx.language]);
    };
  },
};
