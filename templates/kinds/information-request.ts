// Request for information: what the review still needs, and by when, numbered because an
// application may need several. The review's time limit pauses meanwhile (DOMAIN.md §2), which the
// letter says so the firm knows.
import { requireItems, requirePositiveInteger, type LetterTemplate } from '../content.ts';
import { fields, numberedList, paragraph } from '../layout.ts';

const wording = {
  zh: {
    roundLabel: '补充次数',
    round: (round: number) => `第${round}次`,
    intro: (product: string, institution: string) =>
      `贵公司申请的“${product}”业务正在${institution}科技型企业专属审批流程中审查。为完成审查，请贵公司补充提供下列材料或信息：`,
    due: (date: string) =>
      `请于${date}前提交。补充材料期间审批时限暂停计算，自材料齐全之日起恢复；逾期未提交的，本机构可依据现有材料作出决定。`,
  },
  en: {
    roundLabel: 'Request number',
    round: (round: number) => String(round),
    intro: (product: string, institution: string) =>
      `Your application for the ${product} is under review in ${institution}'s dedicated credit-approval track for technology enterprises. To complete the review, please provide the following documents or information:`,
    due: (date: string) =>
      `Please provide them by ${date}. The review's time limit is paused until they arrive and resumes once the file is complete; if they are not received in time, the decision may be made on the documents at hand.`,
  },
};

export const informationRequest: LetterTemplate<'information_request'> = {
  title: { zh: '补充材料通知书', en: 'Request for Information' },
  people: 'handled',
  body: (data, ctx) => {
    requirePositiveInteger('round', data.round);
    requireItems('items', data.items);
    const w = wording[ctx.language];
    const due = w.due(ctx.date(data.dueOn));
    return (doc) => {
      fields(doc, [[w.roundLabel, w.round(data.round)]]);
      paragraph(doc, w.intro(data.product, data.institution.name));
      numberedList(doc, data.items);
      paragraph(doc, due);
    };
  },
};
