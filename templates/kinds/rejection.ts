// Rejection: the approver's reasons in order; the assessment section after the body shows
// any scorecard condition that failed and by how much.
import { requireItems, type LetterTemplate } from '../content.ts';
import { numberedList, paragraph } from '../layout.ts';
import { decisionIntro } from './wording.ts';

const closing = {
  zh: '如对本决定有异议，或经营、研发情况发生变化，贵公司可补充材料后重新申请。',
  en: 'If you disagree with this decision, or your business or research situation changes, you may apply again with additional documents.',
};

export const rejection: LetterTemplate<'rejection'> = {
  title: { zh: '贷款不予批准通知书', en: 'Loan Decision: Not Approved' },
  people: 'decided',
  body: (data, ctx) => {
    requireItems('reasons', data.reasons);
    return (doc) => {
      paragraph(doc, decisionIntro[ctx.language].rejected(data.product, data.institution.name));
      numberedList(doc, data.reasons);
      paragraph(doc, closing[ctx.language]);
    };
  },
};
