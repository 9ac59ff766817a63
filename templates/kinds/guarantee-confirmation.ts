// Guarantee confirmation, issued by the guarantor: what it guarantees for which loan, its
// fee, and how the risk is shared among the parties (DOMAIN.md §5).
import {
  requirePositiveFen,
  requirePositiveInteger,
  requireWholeShares,
  type LetterTemplate,
} from '../content.ts';
import { formatPercent, formatShare } from '../format.ts';
import { fields, heading, paragraph, table } from '../layout.ts';

const wording = {
  zh: {
    intro: (institution: string, lender: string, product: string) =>
      `${institution}确认：就贵公司向${lender}申请的“${product}”业务，本机构同意按下列条款提供连带责任保证担保。`,
    contract: '保证合同编号',
    lender: '贷款机构',
    loanAmount: '贷款金额',
    guaranteed: '担保金额',
    fee: '年担保费率',
    shares: '风险分担',
    columns: { party: '分担方', share: '分担比例' },
    closing: '担保责任以正式签订的保证合同为准。除上述担保费外，本机构不向贵公司收取其他费用。',
  },
  en: {
    intro: (institution: string, lender: string, product: string) =>
      `${institution} confirms that it gives a joint and several guarantee, on the terms below, for your ${product} from ${lender}.`,
    contract: 'Guarantee contract',
    lender: 'Lender',
    loanAmount: 'Loan amount',
    guaranteed: 'Amount guaranteed',
    fee: 'Annual guarantee fee',
    shares: 'Risk sharing',
    columns: { party: 'Party', share: 'Share' },
    closing:
      'The guarantee contract as signed governs the guarantee. Apart from the fee above, we charge you no other fee.',
  },
};

export const guaranteeConfirmation: LetterTemplate<'guarantee_confirmation'> = {
  title: { zh: '担保确认函', en: 'Guarantee Confirmation' },
  people: 'handled',
  body: (data, ctx) => {
    const g = data.guarantee;
    requirePositiveFen('guarantee.loanAmountFen', g.loanAmountFen);
    requirePositiveFen('guarantee.guaranteedFen', g.guaranteedFen);
    if (g.guaranteedFen > g.loanAmountFen) {
      throw new RangeError('the amount guaranteed cannot exceed the loan');
    }
    requirePositiveInteger('guarantee.termMonths', g.termMonths);
    requireWholeShares('guarantee.shares', g.shares);
    const { s } = ctx;
    const w = wording[ctx.language];
    const rows: Array<[string, string]> = [
      [w.contract, g.contractNumber],
      [w.lender, g.lender],
      [s.productLabel, data.product],
      [w.loanAmount, ctx.amount(g.loanAmountFen)],
      ...ctx.money(w.guaranteed, g.guaranteedFen),
      [s.termLabel, s.term(g.termMonths)],
      [w.fee, formatPercent(g.feeRate)],
    ];
    const shares = g.shares.map(({ party, shareBp }) => [
      ctx.name('parties', party),
      formatShare(shareBp),
    ]);
    return (doc) => {
      paragraph(doc, w.intro(data.institution.name, g.lender, data.product));
      fields(doc, rows);
      heading(doc, w.shares);
      table(
        doc,
        [
          { header: w.columns.party, width: '*' },
          { header: w.columns.share, width: 90, align: 'right' },
        ],
        shares,
      );
      paragraph(doc, w.closing);
    };
  },
};
