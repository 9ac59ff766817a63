// Every fixed string of a decision letter, once per language. Layout code never holds
// wording, so a new language is one more entry here.
import type { CalendarDate } from './format.ts';
import type { LetterKind, LetterLanguage } from './letter-data.ts';

export interface LetterStrings {
  /** BCP 47 tag written into the PDF catalog for screen readers. */
  lang: string;
  title: Record<LetterKind, string>;
  sealCaption: string;
  referenceLabel: string;
  dateLabel: string;
  date: (date: CalendarDate) => string;
  addressee: (enterprise: string) => string;
  usccLabel: string;
  intro: Record<LetterKind, (product: string, institution: string) => string>;
  productLabel: string;
  amountLabel: string;
  /** Chinese letters repeat the amount in capital numerals (大写), as banks require. */
  capitalAmountLabel?: string;
  rateLabel: string;
  termLabel: string;
  term: (months: number) => string;
  closing: Record<LetterKind, string>;
  assessmentHeading: string;
  modelLabel: string;
  versionLabel: string;
  columns: { indicator: string; value: string; points: string; rule: string };
  total: string;
  eligible: (eligible: boolean) => string;
  decidedByHeading: string;
  page: (page: number, pages: number) => string;
  /** Names for the codes a record holds; a code without a name prints as itself. */
  names: {
    products: Record<string, string>;
    roles: Record<string, string>;
    models: Record<string, string>;
    indicators: Record<string, string>;
  };
}

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const zh: LetterStrings = {
  lang: 'zh-CN',
  title: { approval: '贷款批准通知书', rejection: '贷款不予批准通知书' },
  sealCaption: '（机构印章）',
  referenceLabel: '编号',
  dateLabel: '日期',
  date: ({ year, month, day }) => `${year}年${month}月${day}日`,
  addressee: (enterprise) => `致：${enterprise}`,
  usccLabel: '统一社会信用代码',
  intro: {
    approval: (product, institution) =>
      `贵公司申请的“${product}”业务，经${institution}科技型企业专属审批流程审查，决定予以批准。主要条款如下：`,
    rejection: (product, institution) =>
      `贵公司申请的“${product}”业务，经${institution}科技型企业专属审批流程审查，决定不予批准。主要原因如下：`,
  },
  productLabel: '产品',
  amountLabel: '金额',
  capitalAmountLabel: '大写金额',
  rateLabel: '年利率',
  termLabel: '期限',
  term: (months) => `${months}个月`,
  closing: {
    approval:
      '本通知书不构成贷款合同，双方的权利义务以正式签订的合同为准。请贵公司按约定办理合同签署等后续手续。',
    rejection: '如对本决定有异议，或经营、研发情况发生变化，贵公司可补充材料后重新申请。',
  },
  assessmentHeading: '创新能力评价',
  modelLabel: '评价模型',
  versionLabel: '版本',
  columns: { indicator: '指标', value: '取值', points: '得分', rule: '评分规则' },
  total: '合计',
  eligible: (eligible) => (eligible ? '结论：达标' : '结论：未达标'),
  decidedByHeading: '审批人员',
  page: (page, pages) => `第 ${page} / ${pages} 页`,
  names: {
    products: { credit: '科技信用贷款' },
    roles: { OFFICER: '信贷审查人', APPROVER: '审批人' },
    models: { 'tech-sme': '科技型中小企业评价' },
    indicators: {
      'st-staff': '科技人员占比（%）',
      'rd-input': '研发投入占比（%）',
      ip: '知识产权（件）',
    },
  },
};

const en: LetterStrings = {
  lang: 'en',
  title: { approval: 'Loan Approval Letter', rejection: 'Loan Decision: Not Approved' },
  sealCaption: '(Seal)',
  referenceLabel: 'Reference',
  dateLabel: 'Date',
  date: ({ year, month, day }) => `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`,
  addressee: (enterprise) => `To: ${enterprise}`,
  usccLabel: 'Unified social credit code',
  intro: {
    approval: (product, institution) =>
      `Your application for ${product} has been reviewed under ${institution}'s dedicated credit-approval track for technology enterprises and is approved on the following terms:`,
    rejection: (product, institution) =>
      `Your application for ${product} has been reviewed under ${institution}'s dedicated credit-approval track for technology enterprises and is not approved, for the following reasons:`,
  },
  productLabel: 'Product',
  amountLabel: 'Amount',
  rateLabel: 'Annual interest rate',
  termLabel: 'Term',
  term: (months) => (months === 1 ? '1 month' : `${months} months`),
  closing: {
    approval:
      'This letter is not a loan contract; the rights and obligations of both parties are those of the contract signed. Please complete the contract and the further steps as agreed.',
    rejection:
      'If you disagree with this decision, or your business or research situation changes, you may apply again with additional documents.',
  },
  assessmentHeading: 'Innovation capability assessment',
  modelLabel: 'Model',
  versionLabel: 'Version',
  columns: { indicator: 'Indicator', value: 'Value', points: 'Points', rule: 'Rule' },
  total: 'Total',
  eligible: (eligible) => (eligible ? 'Result: eligible' : 'Result: not eligible'),
  decidedByHeading: 'Decided by',
  page: (page, pages) => `Page ${page} / ${pages}`,
  names: {
    products: { credit: 'a technology credit loan' },
    roles: { OFFICER: 'Credit officer (review)', APPROVER: 'Approver' },
    models: { 'tech-sme': 'Tech-SME evaluation' },
    indicators: {
      'st-staff': 'S&T staff share (%)',
      'rd-input': 'R&D intensity (%)',
      ip: 'IP rights (count)',
    },
  },
};

export const LETTER_STRINGS: Record<LetterLanguage, LetterStrings> = { zh, en };
