// The fixed strings every letter shares, once per language; each kind's own wording lives
// in its template (templates/kinds/). Layout code never holds wording, so a new language
// is one more entry here and in each template.
import type { CalendarDate } from './format.ts';
import type { LetterLanguage } from '../domain/letter-kinds.ts';

export interface LetterStrings {
  /** BCP 47 tag written into the PDF catalog for screen readers. */
  lang: string;
  sealCaption: string;
  /** The line naming who signs for the institution under its seal. */
  signatory: (name: string) => string;
  referenceLabel: string;
  dateLabel: string;
  date: (date: CalendarDate) => string;
  revisionLabel: string;
  /** What a correction says about the letter it replaces; the code leads, so it never wraps. */
  correction: {
    replacesLabel: string;
    replaces: (code: string, date: string) => string;
    reasonLabel: string;
  };
  addressee: (enterprise: string) => string;
  usccLabel: string;
  productLabel: string;
  amountLabel: string;
  /** Chinese letters repeat every amount in capital numerals (大写), as banks require. */
  capitalAmountLabel?: string;
  rateLabel: string;
  termLabel: string;
  term: (months: number) => string;
  repayment: {
    method: string;
    instalments: string;
    count: (n: number) => string;
    firstDue: string;
    lastDue: string;
    totalInterest: string;
  };
  assessmentHeading: string;
  modelLabel: string;
  versionLabel: string;
  columns: { indicator: string; value: string; points: string; rule: string };
  /**
   * The words of a scorecard rule ("S&T staff ≥ 25% and < 30% → 16") in this language, in
   * the order they are replaced: the measures' names, then the joining words.
   */
  ruleWords: readonly (readonly [english: string, local: string])[];
  total: string;
  eligible: (eligible: boolean) => string;
  failedGatesHeading: string;
  gateColumns: { gate: string; value: string; required: string; gap: string };
  policyVersionsLabel: string;
  /** Heading over the people: who decided (decisions) or who handled the matter (notices). */
  people: { decided: string; handled: string };
  verificationCodeLabel: string;
  verification: (code: string, url: string) => string;
  page: (page: number, pages: number) => string;
  /** Names for the codes a record holds; a code without a name prints as itself. */
  names: {
    products: Record<string, string>;
    roles: Record<string, string>;
    models: Record<string, string>;
    indicators: Record<string, string>;
    gates: Record<string, string>;
    /** Yes/no values of pass/fail conditions. */
    answers: Record<string, string>;
    repaymentMethods: Record<string, string>;
    ipRights: Record<string, string>;
    registries: Record<string, string>;
    /** The parties a guaranteed loan's risk is shared among (RiskParty codes). */
    parties: Record<string, string>;
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
  ruleWords: [
    ['R&D / total cost', '研发投入占成本费用总额比例'],
    ['R&D / sales', '研发投入占销售收入比例'],
    ['S&T staff', '科技人员占比'],
    ['Class II IP', 'Ⅱ类知识产权'],
    ['Class I IP', 'Ⅰ类知识产权'],
    [' and ', '且'],
    ['no ', '无'],
    [' → ', ' → 得分'],
  ],
  lang: 'zh-CN',
  sealCaption: '（机构印章）',
  signatory: (name) => `签发人：${name}`,
  referenceLabel: '编号',
  dateLabel: '日期',
  date: ({ year, month, day }) => `${year}年${month}月${day}日`,
  revisionLabel: '版次',
  correction: {
    replacesLabel: '更正并取代',
    replaces: (code, date) => `验证码 ${code}（${date}出具的原函，自本函出具之日起作废）`,
    reasonLabel: '更正原因',
  },
  addressee: (enterprise) => `致：${enterprise}`,
  usccLabel: '统一社会信用代码',
  productLabel: '产品',
  amountLabel: '金额',
  capitalAmountLabel: '大写金额',
  rateLabel: '年利率',
  termLabel: '期限',
  term: (months) => `${months}个月`,
  repayment: {
    method: '还款方式',
    instalments: '还款期数',
    count: (n) => `${n}期`,
    firstDue: '首期还款日',
    lastDue: '末期还款日',
    totalInterest: '利息合计',
  },
  assessmentHeading: '附件：创新能力评价',
  modelLabel: '评价模型',
  versionLabel: '版本',
  columns: { indicator: '指标', value: '取值', points: '得分', rule: '评分规则' },
  total: '合计',
  eligible: (eligible) => (eligible ? '结论：达标' : '结论：未达标'),
  failedGatesHeading: '未满足的条件及差距',
  gateColumns: { gate: '条件', value: '实际', required: '要求', gap: '差距' },
  policyVersionsLabel: '适用政策版本',
  people: { decided: '审批人员', handled: '经办人员' },
  verificationCodeLabel: '验证码',
  verification: (code, url) =>
    `验证码 ${code}：扫描首页二维码或访问 ${url}，可核验本函的出具机构、日期及是否已被更正；核验所示 SHA-256 应与本文件一致。`,
  page: (page, pages) => `第 ${page} / ${pages} 页`,
  names: {
    products: { credit: '科技信用贷款' },
    roles: {
      OFFICER: '信贷审查人',
      APPROVER: '审批人',
      COMMITTEE: '信贷审批委员会',
      GUARANTOR: '担保经办人',
      GUARANTEE_APPROVER: '担保审批人',
    },
    parties: {
      BANK: '贷款银行',
      GUARANTOR: '担保机构',
      REGUARANTOR: '再担保机构',
      NATIONAL_FUND: '国家融资担保基金',
      GOVERNMENT: '政府风险补偿资金池',
    },
    models: { 'tech-sme': '科技型中小企业评价' },
    indicators: {
      'st-staff': '科技人员占比（%）',
      'rd-input': '研发投入占比（%）',
      ip: '知识产权（件）',
    },
    gates: {
      employees: '职工总数',
      revenue: '年销售收入',
      'total-assets': '资产总额',
      'prohibited-products': '生产禁止或限制类产品',
      'major-incident': '重大安全、质量、环境或失信事件',
      'abnormal-list': '列入经营异常名录或严重违法失信名单',
      points: '综合评价得分',
      'st-staff-score': '科技人员指标得分不为零所需占比',
    },
    answers: { yes: '是', no: '否' },
    repaymentMethods: {
      'equal-instalment': '等额本息',
      'equal-principal': '等额本金',
      'interest-only': '按月付息、到期还本',
    },
    ipRights: {
      INVENTION_PATENT: '发明专利',
      UTILITY_MODEL: '实用新型专利',
      DESIGN_PATENT: '外观设计专利',
      SOFTWARE_COPYRIGHT: '软件著作权',
      IC_LAYOUT: '集成电路布图设计',
      TRADEMARK: '注册商标',
      EQUITY: '股权',
    },
    registries: {
      CNIPA: '国家知识产权局',
      CPCC: '中国版权保护中心',
      SAMR: '市场监督管理部门',
    },
  },
};

const en: LetterStrings = {
  lang: 'en',
  ruleWords: [],
  sealCaption: '(Seal)',
  signatory: (name) => `Signatory: ${name}`,
  referenceLabel: 'Reference',
  dateLabel: 'Date',
  date: ({ year, month, day }) => `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`,
  revisionLabel: 'Revision',
  correction: {
    replacesLabel: 'Replaces',
    replaces: (code, date) =>
      `Verification code ${code}, the letter of ${date}, void from the date of this letter`,
    reasonLabel: 'Reason for correction',
  },
  addressee: (enterprise) => `To: ${enterprise}`,
  usccLabel: 'Unified social credit code',
  productLabel: 'Product',
  amountLabel: 'Amount',
  rateLabel: 'Annual interest rate',
  termLabel: 'Term',
  term: (months) => (months === 1 ? '1 month' : `${months} months`),
  repayment: {
    method: 'Repayment',
    instalments: 'Instalments',
    count: (n) => String(n),
    firstDue: 'First instalment due',
    lastDue: 'Last instalment due',
    totalInterest: 'Total interest',
  },
  assessmentHeading: 'Annex: innovation capability assessment',
  modelLabel: 'Model',
  versionLabel: 'Version',
  columns: { indicator: 'Indicator', value: 'Value', points: 'Points', rule: 'Rule' },
  total: 'Total',
  eligible: (eligible) => (eligible ? 'Result: eligible' : 'Result: not eligible'),
  failedGatesHeading: 'Conditions not met, and the gap',
  gateColumns: { gate: 'Condition', value: 'Actual', required: 'Required', gap: 'Gap' },
  policyVersionsLabel: 'Policy versions applied',
  people: { decided: 'Decided by', handled: 'Handled by' },
  verificationCodeLabel: 'Verification code',
  verification: (code, url) =>
    `Verification code ${code}: scan the QR code on the first page or open ${url} to check who issued this letter, when, and whether it was corrected since; the SHA-256 shown there must match this file.`,
  page: (page, pages) => `Page ${page} / ${pages}`,
  names: {
    products: { credit: 'technology credit loan' },
    roles: {
      OFFICER: 'Credit officer (review)',
      APPROVER: 'Approver',
      COMMITTEE: 'Credit committee',
      GUARANTOR: 'Guarantee officer',
      GUARANTEE_APPROVER: 'Guarantee approver',
    },
    parties: {
      BANK: 'Lending bank',
      GUARANTOR: 'Guarantor',
      REGUARANTOR: 'Re-guarantor',
      NATIONAL_FUND: 'National financing guarantee fund',
      GOVERNMENT: 'Government risk-compensation pool',
    },
    models: { 'tech-sme': 'Tech-SME evaluation' },
    indicators: {
      'st-staff': 'S&T staff share (%)',
      'rd-input': 'R&D intensity (%)',
      ip: 'IP rights (count)',
    },
    gates: {
      employees: 'Employees',
      revenue: 'Annual revenue',
      'total-assets': 'Total assets',
      'prohibited-products': 'Prohibited or restricted products',
      'major-incident': 'Major safety, quality, environmental or integrity incident',
      'abnormal-list': 'On the abnormal-operation or serious-dishonesty list',
      points: 'Evaluation points',
      'st-staff-score': 'S&T staff share needed for a non-zero staff score',
    },
    answers: { yes: 'yes', no: 'no' },
    repaymentMethods: {
      'equal-instalment': 'Equal instalments (annuity)',
      'equal-principal': 'Equal principal',
      'interest-only': 'Monthly interest, principal at maturity',
    },
    ipRights: {
      INVENTION_PATENT: 'Invention patent',
      UTILITY_MODEL: 'Utility model',
      DESIGN_PATENT: 'Design patent',
      SOFTWARE_COPYRIGHT: 'Software copyright',
      IC_LAYOUT: 'IC layout design',
      TRADEMARK: 'Registered trademark',
      EQUITY: 'Equity',
    },
    registries: {
      CNIPA: 'China National Intellectual Property Administration',
      CPCC: 'Copyright Protection Center of China',
      SAMR: 'Market regulation bureau',
    },
  },
};

export const LETTER_STRINGS: Record<LetterLanguage, LetterStrings> = { zh, en };

/** A scorecard rule, written in English by the scorecards, in the letter's language. */
export const ruleIn = (s: LetterStrings, rule: string): string =>
  s.ruleWords.reduce((text, [english, local]) => text.replaceAll(english, local), rule);
