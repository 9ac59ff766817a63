// Pledge registration notice: the pledge of IP rights or of equity is registered, so it
// exists from that day (DOMAIN.md §3, §4); the letter lists what is pledged and the debt
// it secures.
import {
  requireItems,
  requirePositiveFen,
  type LetterContext,
  type LetterTemplate,
} from '../content.ts';
import type { PledgedRight } from '../letter-data.ts';
import { fields, heading, paragraph, table } from '../layout.ts';

const wording = {
  zh: {
    intro: (product: string, registeredOn: string, registry: string, equity: boolean) =>
      `贵公司为“${product}”业务提供的${equity ? '股权' : '知识产权'}质押，已于${registeredOn}在${registry}办理质押登记，质权自登记之日起设立。登记信息如下：`,
    number: '登记编号',
    pledgee: '质权人',
    secured: '担保债权金额',
    closing: (equity: boolean) =>
      equity
        ? '质押期间，未经质权人书面同意，出质人不得转让上述股权；贷款清偿后，质权人将配合办理股权出质注销登记。'
        : '质押期间，未经质权人书面同意，贵公司不得转让或许可他人使用上述权利，并应按时缴纳年费、维持权利有效；贷款清偿后，质权人将配合办理质押注销登记。',
  },
  en: {
    intro: (product: string, registeredOn: string, registry: string, equity: boolean) =>
      `The ${equity ? 'equity' : 'IP'} pledge you gave for your ${product} was registered with the ${registry} on ${registeredOn}; the pledge exists from that date. Registration details:`,
    number: 'Registration number',
    pledgee: 'Pledgee',
    secured: 'Debt secured',
    closing: (equity: boolean) =>
      equity
        ? 'While the pledge lasts, the shares above may not be transferred without the written consent of the pledgee; once the loan is repaid, the pledgee will help cancel the registration.'
        : 'While the pledge lasts, you may not transfer or license the rights above without the written consent of the pledgee, and must keep them in force by paying their fees on time; once the loan is repaid, the pledgee will help cancel the registration.',
  },
};

export const pledgeRegistration: LetterTemplate<'pledge_registration'> = {
  title: { zh: '质押登记通知书', en: 'Notice of Pledge Registration' },
  people: 'handled',
  body: (data, ctx) => {
    const p = data.pledge;
    requirePositiveFen('pledge.securedAmountFen', p.securedAmountFen);
    requireItems('pledge.rights', p.rights);
    const w = wording[ctx.language];
    const rows: Array<[string, string]> = [
      [w.number, p.registrationNumber],
      [w.pledgee, data.institution.name],
      ...ctx.money(w.secured, p.securedAmountFen),
    ];
    const equity = p.registry === 'SAMR';
    const intro = w.intro(
      data.product,
      ctx.date(p.registeredOn),
      ctx.name('registries', p.registry),
      equity,
    );
    return (doc) => {
      paragraph(doc, intro);
      fields(doc, rows);
      pledgedRights(doc, ctx, p.rights);
      paragraph(doc, w.closing(equity));
    };
  },
};

const rightsWording = {
  zh: { heading: '出质权利', type: '权利类型', number: '权利号', title: '名称' },
  en: { heading: 'Rights pledged', type: 'Type', number: 'Number', title: 'Title' },
};

/** The table of rights a pledge covers, as the registration and the release list them. */
export function pledgedRights(
  doc: PDFKit.PDFDocument,
  ctx: LetterContext,
  rights: readonly PledgedRight[],
) {
  const w = rightsWording[ctx.language];
  heading(doc, w.heading);
  table(
    doc,
    [
      { header: w.type, width: 110 },
      { header: w.number, width: 130 },
      { header: w.title, width: '*' },
    ],
    rights.map((r) => [ctx.name('ipRights', r.type), r.number, r.title]),
  );
}
