// The two endings of a warrant granted with a loan (认股权贷款, DOMAIN.md §4), told to the firm
// by the lending bank: its investment affiliate exercised it and took its stake, or it lapsed
// unexercised. Both restate the grant, so the firm can match the letter to its agreement.
import { unitsText } from '../../domain/equity/cap-table.ts';
import {
  requirePositiveFen,
  requirePositiveInteger,
  type LetterContext,
  type LetterTemplate,
  type Row,
} from '../content.ts';
import { formatShare } from '../format.ts';
import { fields, paragraph } from '../layout.ts';
import type { WarrantGrant } from '../letter-data.ts';

const wording = {
  zh: {
    holder: '认股权持有人',
    grantedOn: '授予日期',
    subscription: '认购金额',
    share: '认购后持股比例',
    contract: '借款合同编号',
    exercisedOn: '行权日期',
    units: { REGISTERED_CAPITAL_FEN: '新增注册资本（元）', SHARES: '新增股份（股）' },
    exercised: (affiliate: string, product: string, exercisedOn: string) =>
      `${affiliate}就贵公司“${product}”业务所获授的认股权，已于${exercisedOn}行使。持有人按下列条款以增资方式入股贵公司：`,
    exercisedClosing:
      '请贵公司按认股权协议的约定办理本次增资的变更登记，并更新股东名册。本次行权不改变贵公司在借款合同项下的权利和义务。',
    expiresOn: '行权截止日期',
    expired: (affiliate: string, product: string, expiresOn: string) =>
      `${affiliate}就贵公司“${product}”业务所获授的认股权，行权期已于${expiresOn}届满，持有人未在期内行权，该认股权已失效。原认股权条款如下：`,
    expiredClosing:
      '认股权失效后，贵公司在该认股权项下不再负有任何义务，无须为此增资或发行新股。借款合同项下的权利和义务不受影响。',
  },
  en: {
    holder: 'Warrant holder',
    grantedOn: 'Granted on',
    subscription: 'Subscription amount',
    share: 'Holding after the issue',
    contract: 'Loan contract',
    exercisedOn: 'Exercised on',
    units: { REGISTERED_CAPITAL_FEN: 'New registered capital (CNY)', SHARES: 'New shares' },
    exercised: (affiliate: string, product: string, exercisedOn: string) =>
      `${affiliate} exercised the warrant granted to it with your ${product} on ${exercisedOn}, and has subscribed for new capital in your company on the following terms:`,
    exercisedClosing:
      'Please register the capital increase and update your register of shareholders as the warrant agreement provides. The exercise does not change your rights or obligations under the loan contract.',
    expiresOn: 'Last day to exercise',
    expired: (affiliate: string, product: string, expiresOn: string) =>
      `The warrant granted to ${affiliate} with your ${product} was not exercised by ${expiresOn}, the last day it could be, and has lapsed. Its terms were:`,
    expiredClosing:
      'Now that the warrant has lapsed, you owe nothing under it and need issue no capital or shares to its holder. Your rights and obligations under the loan contract are unaffected.',
  },
};

/** Who holds the warrant, since when, and what it subscribes for how much; checked first. */
function grantRows(g: WarrantGrant, ctx: LetterContext): Row[] {
  requirePositiveFen('warrant.subscriptionFen', g.subscriptionFen);
  if (!Number.isInteger(g.equityBp) || g.equityBp <= 0 || g.equityBp >= 10_000) {
    throw new RangeError(`warrant.equityBp must be whole basis points below 10000: ${g.equityBp}`);
  }
  const w = wording[ctx.language];
  return [
    [w.holder, g.affiliate],
    [w.grantedOn, ctx.date(g.grantedOn)],
    ...ctx.money(w.subscription, g.subscriptionFen),
    [w.share, formatShare(g.equityBp)],
  ];
}

/** A date of the warrant's life falls on or after its grant (ISO dates compare as strings). */
function requireAfterGrant(g: WarrantGrant, field: string, isoDate: string) {
  if (isoDate < g.grantedOn) {
    throw new RangeError(`warrant.${field} (${isoDate}) cannot precede its grant`);
  }
}

export const warrantExercise: LetterTemplate<'warrant_exercise'> = {
  title: { zh: '认股权行权通知书', en: 'Warrant Exercise Notice' },
  people: 'handled',
  body: (data, ctx) => {
    const g = data.warrant;
    const rows = grantRows(g, ctx);
    const exercisedOn = ctx.date(g.exercisedOn);
    requireAfterGrant(g, 'exercisedOn', g.exercisedOn);
    requirePositiveInteger('warrant.unitsIssued', g.unitsIssued);
    const w = wording[ctx.language];
    // A warrant granted with an approval may be exercised before any loan contract is signed.
    if (g.loanContract) rows.unshift([w.contract, g.loanContract]);
    rows.push(
      [w.exercisedOn, exercisedOn],
      [w.units[g.capitalUnit], unitsText(g.capitalUnit, g.unitsIssued)],
    );
    return (doc) => {
      paragraph(doc, w.exercised(g.affiliate, data.product, exercisedOn));
      fields(doc, rows);
      paragraph(doc, w.exercisedClosing);
    };
  },
};

export const warrantExpiry: LetterTemplate<'warrant_expiry'> = {
  title: { zh: '认股权到期失效通知书', en: 'Warrant Expiry Notice' },
  people: 'handled',
  body: (data, ctx) => {
    const g = data.warrant;
    const rows = grantRows(g, ctx);
    const expiresOn = ctx.date(g.expiresOn);
    requireAfterGrant(g, 'expiresOn', g.expiresOn);
    const w = wording[ctx.language];
    rows.push([w.expiresOn, expiresOn]);
    return (doc) => {
      paragraph(doc, w.expired(g.affiliate, data.product, expiresOn));
      fields(doc, rows);
      paragraph(doc, w.expiredClosing);
    };
  },
};
