// Compensation (claim) notice: after a default, who bore which share of the loss. The
// compensating parties step into the lender's claim, so the firm's debt does not go away.
import { requirePositiveFen, requireWholeShares, type LetterTemplate } from '../content.ts';
import { formatShare } from '../format.ts';
import { fields, heading, paragraph, table } from '../layout.ts';

const wording = {
  zh: {
    intro: (lender: string, product: string, defaultedOn: string, institution: string) =>
      `贵公司在${lender}办理的“${product}”业务于${defaultedOn}发生违约。${institution}已按风险分担约定对该笔贷款的损失予以代偿，情况如下：`,
    loss: '损失金额',
    shares: '代偿分担',
    columns: { party: '分担方', share: '分担比例', amount: '代偿金额' },
    closing:
      '代偿不免除贵公司的还款责任。代偿各方将依法向贵公司追偿，追回款项按上述比例分配。请贵公司与本机构联系还款安排。',
  },
  en: {
    intro: (lender: string, product: string, defaultedOn: string, institution: string) =>
      `Your ${product} from ${lender} went into default on ${defaultedOn}. The loss has been compensated under the risk-sharing agreement, ${institution} acting for the parties, as follows:`,
    loss: 'Loss',
    shares: 'Compensation',
    columns: { party: 'Party', share: 'Share', amount: 'Amount compensated' },
    closing:
      'Compensation does not release you from repayment. The compensating parties will recover the amounts from you as the law allows, and recoveries are shared in the proportions above. Please contact us to arrange repayment.',
  },
};

export const compensationNotice: LetterTemplate<'compensation_notice'> = {
  title: { zh: '代偿通知书', en: 'Notice of Compensation' },
  people: 'handled',
  body: (data, ctx) => {
    const c = data.compensation;
    requirePositiveFen('compensation.lossFen', c.lossFen);
    requireWholeShares('compensation.shares', c.shares);
    if (c.shares.some(({ amountFen }) => !Number.isSafeInteger(amountFen) || amountFen < 0)) {
      throw new RangeError('compensation amounts must be non-negative safe integers of fen');
    }
    const paid = c.shares.reduce((sum, { amountFen }) => sum + amountFen, 0);
    if (paid !== c.lossFen) {
      throw new RangeError(`compensation amounts sum to ${paid} fen, not the loss ${c.lossFen}`);
    }
    const w = wording[ctx.language];
    const rows = ctx.money(w.loss, c.lossFen);
    const shares = c.shares.map(({ party, shareBp, amountFen }) => [
      ctx.name('parties', party),
      formatShare(shareBp),
      ctx.amount(amountFen),
    ]);
    const defaultedOn = ctx.date(c.defaultedOn);
    return (doc) => {
      paragraph(doc, w.intro(c.lender, data.product, defaultedOn, data.institution.name));
      fields(doc, rows);
      heading(doc, w.shares);
      table(
        doc,
        [
          { header: w.columns.party, width: '*' },
          { header: w.columns.share, width: 64, align: 'right' },
          // Wide enough for the capitals of an amount in the millions on one line.
          { header: w.columns.amount, width: 220, align: 'right' },
        ],
        shares,
      );
      paragraph(doc, w.closing);
    };
  },
};
