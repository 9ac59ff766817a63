// File expiry: the applicant did not complete the file by its deadline, so the application was
// closed without a decision; the letter names what was missing, so a new application can
// come complete.
import { requireItems, type LetterTemplate } from '../content.ts';
import { heading, numberedList, paragraph } from '../layout.ts';

const wording = {
  zh: {
    intro: (product: string, institution: string, dueOn: string) =>
      `贵公司向${institution}申请的“${product}”业务，申请材料不齐全。本机构已通知贵公司于${dueOn}前补齐下列材料，截至该日仍未收到，该申请已终止办理。`,
    missing: '未补齐的材料',
    closing: '如仍有融资需求，贵公司可备齐上述材料后重新提出申请。',
  },
  en: {
    intro: (product: string, institution: string, dueOn: string) =>
      `Your application to ${institution} for the ${product} was incomplete. The documents below were to be supplied by ${dueOn}; as they had not been received by then, the application has been closed.`,
    missing: 'Documents not supplied',
    closing: 'If you still need financing, you may apply again with the documents above.',
  },
};

export const fileExpiry: LetterTemplate<'file_expiry'> = {
  title: { zh: '申请材料逾期未补齐终止通知书', en: 'Notice of Closure: Incomplete Application' },
  people: 'handled',
  body: (data, ctx) => {
    requireItems('missingDocuments', data.missingDocuments);
    const w = wording[ctx.language];
    const intro = w.intro(data.product, data.institution.name, ctx.date(data.dueOn));
    return (doc) => {
      paragraph(doc, intro);
      heading(doc, w.missing);
      numberedList(doc, data.missingDocuments);
      paragraph(doc, w.closing);
    };
  },
};
