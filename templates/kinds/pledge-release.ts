// Pledge release notice: the loan is repaid, so the registry has cancelled the pledge
// (DOMAIN.md §3.5); the letter names the registration released and the rights now free.
import { requireItems, type LetterTemplate } from '../content.ts';
import { fields, paragraph } from '../layout.ts';
import { pledgedRights } from './pledge-registration.ts';

const wording = {
  zh: {
    intro: (registeredOn: string, releasedOn: string, registry: string) =>
      `贵公司于${registeredOn}办理登记的质押，因所担保贷款已全部清偿，已于${releasedOn}在${registry}办理质押注销登记，质权自注销之日起消灭。`,
    registry: '登记机关',
    number: '原登记编号',
    pledgee: '原质权人',
    closing: '上述权利自注销之日起不再受本质押限制。感谢贵公司按约履行还款义务。',
  },
  en: {
    intro: (registeredOn: string, releasedOn: string, registry: string) =>
      `The loan secured by the pledge registered on ${registeredOn} is repaid in full, so the pledge was released at the ${registry} on ${releasedOn} and ends from that date.`,
    registry: 'Registry',
    number: 'Registration number',
    pledgee: 'Former pledgee',
    closing:
      'From that date the rights below are free of this pledge. Thank you for repaying as agreed.',
  },
};

export const pledgeRelease: LetterTemplate<'pledge_release'> = {
  title: { zh: '质押注销登记通知书', en: 'Notice of Pledge Release' },
  people: 'handled',
  body: (data, ctx) => {
    const p = data.pledge;
    requireItems('pledge.rights', p.rights);
    const w = wording[ctx.language];
    const registry = ctx.name('registries', p.registry);
    const intro = w.intro(ctx.date(p.registeredOn), ctx.date(p.releasedOn), registry);
    return (doc) => {
      paragraph(doc, intro);
      fields(doc, [
        [w.registry, registry],
        [w.number, p.registrationNumber],
        [w.pledgee, data.institution.name],
      ]);
      pledgedRights(doc, ctx, p.rights);
      paragraph(doc, w.closing);
    };
  },
};
