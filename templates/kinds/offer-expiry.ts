// Offer expiry: an approval not accepted in time has lapsed; the letter restates its terms.
import { loanTermRows, type LetterTemplate } from '../content.ts';
import { fields, paragraph } from '../layout.ts';

const wording = {
  zh: {
    intro: (institution: string, offeredOn: string, product: string, expiredOn: string) =>
      `${institution}于${offeredOn}就贵公司申请的“${product}”业务出具的批准通知书，有效期已于${expiredOn}届满，贵公司未在有效期内确认接受，该批准现已失效。原批准条款如下：`,
    closing: '如仍有融资需求，贵公司可重新提出申请。',
  },
  en: {
    intro: (institution: string, offeredOn: string, product: string, expiredOn: string) =>
      `The approval that ${institution} offered on ${offeredOn} for your application for the ${product} expired on ${expiredOn} without being accepted, and has lapsed. Its terms were:`,
    closing: 'If you still need financing, you may apply again.',
  },
};

export const offerExpiry: LetterTemplate<'offer_expiry'> = {
  title: { zh: '贷款批准失效通知书', en: 'Notice of Offer Expiry' },
  people: 'handled',
  body: (data, ctx) => {
    const rows = loanTermRows(data.terms, data.product, ctx);
    const [offeredOn, expiredOn] = [ctx.date(data.offeredOn), ctx.date(data.expiredOn)];
    // ISO dates compare as strings once both are known to be real dates.
    if (data.expiredOn < data.offeredOn) {
      throw new RangeError(`the offer cannot expire (${data.expiredOn}) before it was made`);
    }
    const w = wording[ctx.language];
    return (doc) => {
      paragraph(doc, w.intro(data.institution.name, offeredOn, data.product, expiredOn));
      fields(doc, rows);
      paragraph(doc, w.closing);
    };
  },
};
