// One letter of every kind in both languages, with the facts a real application would hold: the
// letters' own examples, rendered by the tests that read them back and by the benchmark.
import type { LetterAssessment, LetterData, LetterIssue } from './letter-data.ts';
import type { LetterKind, LetterLanguage } from '../domain/letter-kinds.ts';

const zhAssessment: LetterAssessment = {
  model: 'tech-sme',
  version: '2017.1',
  points: 74,
  max: 100,
  eligible: true,
  indicators: [
    { id: 'st-staff', value: '27.50', points: 16, max: 20, rule: 'S&T staff ≥ 25% → 16' },
    { id: 'rd-input', value: '5.20', points: 40, max: 50, rule: 'R&D / sales ≥ 5% → 40' },
    { id: 'ip', value: '3', points: 18, max: 30, rule: 'Class II IP = 3 → 18' },
  ],
  failedGates: [],
};

const failingAssessment: LetterAssessment = {
  ...zhAssessment,
  points: 38,
  eligible: false,
  indicators: [
    { id: 'st-staff', value: '8.00', points: 0, max: 20, rule: 'S&T staff < 10% → 0' },
    { id: 'rd-input', value: '2.40', points: 10, max: 50, rule: 'R&D / sales ≥ 2% → 10' },
    { id: 'ip', value: '4', points: 24, max: 30, rule: 'Class II IP ≥ 4 and < 5 → 24' },
  ],
  failedGates: [
    { gate: 'points', value: '38', required: '≥ 60', gap: '22' },
    { gate: 'st-staff-score', value: '8.00%', required: '≥ 10%', gap: '2.00%' },
    { gate: 'abnormal-list', value: 'yes', required: 'no', gap: null },
  ],
};

const people = {
  zh: {
    institution: { name: '湖北科创银行股份有限公司光谷科技支行' },
    enterprise: { name: '武汉光芯微电子科技有限公司', uscc: '91420100MA4K28128J' },
    decidedBy: [
      { role: 'OFFICER', name: '李*华' },
      { role: 'APPROVER', name: '王*' },
    ],
  },
  en: {
    institution: { name: 'Hubei Science & Technology Bank, Optics Valley Branch' },
    enterprise: { name: 'Wuhan Guangxin Microelectronics Co., Ltd.', uscc: '91420100MA4K28128J' },
    decidedBy: [
      { role: 'OFFICER', name: 'L* Hua' },
      { role: 'APPROVER', name: 'W* Wei' },
    ],
  },
};

// 18:30 UTC on the 26th is already the 27th in Shanghai: the letter must say the 27th.
const common = (language: LetterLanguage) => ({
  language,
  reference: 'DG-20261126-0A1B2C3D',
  issuedAt: '2026-11-26T18:30:00Z',
  product: 'credit',
  policyVersions: ['credit-track@2026.1', 'tech-sme@2017.1'],
  ...people[language],
});

const terms = {
  amountFen: 100_000_000,
  annualRate: '0.0435',
  termMonths: 36,
  repaymentMethod: 'equal-principal',
  repayment: {
    instalments: 36,
    firstDueOn: '2026-12-27',
    lastDueOn: '2029-11-27',
    totalInterestFen: 6_706_250,
  },
};

// The warrant granted with the approval above: 15% of the ¥1,000,000 loan for 1.50% of the firm.
const warrant = (language: LetterLanguage) => ({
  affiliate: {
    zh: '湖北科创银行投资管理有限公司',
    en: 'Hubei Science & Technology Bank Investment Co., Ltd.',
  }[language],
  grantedOn: '2026-11-27',
  subscriptionFen: 15_000_000,
  equityBp: 150,
});

// Each ending of a warrant is told by the bank alone, dated the day it happened (00:00 Shanghai).
const warrantNotice = (language: LetterLanguage, issuedAt: string) => ({
  ...common(language),
  issuedAt,
  policyVersions: [...common(language).policyVersions, 'warrant@2026.1'],
  decidedBy: [],
});

const byKind = {
  approval: (language) => ({
    ...common(language),
    kind: 'approval',
    terms,
    acceptBy: '2026-12-27',
    assessment: zhAssessment,
  }),
  conditional_approval: (language) => ({
    ...common(language),
    kind: 'conditional_approval',
    terms: { ...terms, amountFen: 80_000_000 },
    conditions: {
      zh: ['提供最近一期经审计的财务报表。', '实际控制人提供个人连带责任保证。'],
      en: ['Provide the latest audited accounts.', 'The controller gives a personal guarantee.'],
    }[language],
    conditionsDueOn: '2026-12-31',
    assessment: zhAssessment,
    // The credit committee decided as a body, so it is named, not its members.
    decidedBy: [people[language].decidedBy[0]!, { role: 'COMMITTEE' }],
  }),
  rejection: (language) => ({
    ...common(language),
    kind: 'rejection',
    reasons: {
      zh: ['科技人员占比低于10%，科技人员指标得分为零。', '研发投入占销售收入比例不足3%。'],
      en: ['S&T staff share below 10%.', 'R&D input below 3% of sales.'],
    }[language],
    assessment: failingAssessment,
  }),
  information_request: (language) => ({
    ...common(language),
    kind: 'information_request',
    round: 2,
    items: {
      zh: ['2025年度研发费用辅助账。', '知识产权证书（发明专利）复印件。'],
      en: ['The 2025 R&D expense ledger.', 'Copies of the invention patent certificates.'],
    }[language],
    dueOn: '2026-12-04',
  }),
  offer_expiry: (language) => ({
    ...common(language),
    kind: 'offer_expiry',
    terms: {
      amountFen: 50_000_005,
      annualRate: '0.0385',
      termMonths: 24,
      repaymentMethod: 'equal-instalment',
    },
    offeredOn: '2026-10-15',
    expiredOn: '2026-11-14',
  }),
  file_expiry: (language) => ({
    ...common(language),
    kind: 'file_expiry',
    // The deadline passed with no one deciding anything: the institution alone signs.
    decidedBy: [],
    missingDocuments: {
      zh: ['最近三年经审计的财务报告', '研发费用辅助账'],
      en: ['Audited accounts for the last three years', 'R&D expense ledger'],
    }[language],
    dueOn: '2026-11-20',
  }),
  guarantee_confirmation: (language) => ({
    ...common(language),
    kind: 'guarantee_confirmation',
    institution: {
      name: { zh: '湖北省融资担保集团有限责任公司', en: 'Hubei Financing Guarantee Group' }[
        language
      ],
    },
    decidedBy: [{ role: 'GUARANTOR', name: '赵*' }],
    guarantee: {
      lender: people[language].institution.name,
      contractNumber: 'HBG-2026-0457',
      loanAmountFen: 300_000_000,
      guaranteedFen: 240_000_000,
      termMonths: 12,
      feeRate: '0.008',
      shares: [
        { party: { zh: '担保机构', en: 'Guarantor' }[language], shareBp: 4000 },
        { party: { zh: '再担保机构', en: 'Re-guarantor' }[language], shareBp: 3000 },
        { party: { zh: '贷款银行', en: 'Lending bank' }[language], shareBp: 2000 },
        { party: { zh: '地方政府风险补偿资金池', en: 'Local risk pool' }[language], shareBp: 1000 },
      ],
    },
  }),
  compensation_notice: (language) => ({
    ...common(language),
    kind: 'compensation_notice',
    institution: {
      name: { zh: '湖北省融资担保集团有限责任公司', en: 'Hubei Financing Guarantee Group' }[
        language
      ],
    },
    decidedBy: [{ role: 'GUARANTOR', name: '赵*' }],
    compensation: {
      lender: people[language].institution.name,
      defaultedOn: '2026-09-30',
      lossFen: 123_456_789,
      shares: [
        {
          party: { zh: '担保机构', en: 'Guarantor' }[language],
          shareBp: 4000,
          amountFen: 49_382_716,
        },
        {
          party: { zh: '再担保机构', en: 'Re-guarantor' }[language],
          shareBp: 3000,
          amountFen: 37_037_037,
        },
        {
          party: { zh: '贷款银行', en: 'Lending bank' }[language],
          shareBp: 2000,
          amountFen: 24_691_358,
        },
        {
          party: { zh: '地方政府风险补偿资金池', en: 'Local risk pool' }[language],
          shareBp: 1000,
          amountFen: 12_345_678,
        },
      ],
    },
  }),
  pledge_registration: (language) => ({
    ...common(language),
    kind: 'pledge_registration',
    decidedBy: [{ role: 'OFFICER', name: '李*华' }],
    pledge: {
      registry: 'CNIPA',
      registrationNumber: 'Y2026420000123',
      registeredOn: '2026-11-25',
      securedAmountFen: 500_000_000,
      rights: [
        {
          type: 'INVENTION_PATENT',
          number: 'ZL202110123456.7',
          title: '一种硅基光电芯片的封装方法',
        },
        { type: 'INVENTION_PATENT', number: 'ZL202210765432.1', title: '光互连模块及其制造方法' },
      ],
    },
  }),
  pledge_release: (language) => ({
    ...common(language),
    kind: 'pledge_release',
    decidedBy: [{ role: 'OFFICER', name: '李*华' }],
    pledge: {
      registry: 'SAMR',
      registrationNumber: 'SAMR-PL-20261125-0042',
      registeredOn: '2026-11-25',
      releasedOn: '2028-11-27',
      rights: [
        {
          type: 'EQUITY',
          number: '91420100MA4K8NHFXF',
          title: '武汉光谷微纳科技有限公司: 张三, 30%',
        },
      ],
    },
  }),
  warrant_exercise: (language) => ({
    ...warrantNotice(language, '2028-03-14T16:00:00Z'),
    kind: 'warrant_exercise',
    warrant: {
      ...warrant(language),
      loanContract: 'DG-LN-0A1B2C3D',
      exercisedOn: '2028-03-15',
      // ¥10,000,000 of registered capital before: ⌊10⁹ × 150 ÷ 9 850⌋ fen are issued.
      capitalUnit: 'REGISTERED_CAPITAL_FEN',
      unitsIssued: 15_228_426,
    },
  }),
  warrant_expiry: (language) => ({
    ...warrantNotice(language, '2029-11-26T16:00:00Z'),
    kind: 'warrant_expiry',
    warrant: { ...warrant(language), expiresOn: '2029-11-27' },
  }),
} satisfies { [K in LetterKind]: (language: LetterLanguage) => Extract<LetterData, { kind: K }> };

export const allKinds = Object.keys(byKind) as LetterKind[];

export function sampleLetter<K extends LetterKind>(
  kind: K,
  language: LetterLanguage,
): Extract<LetterData, { kind: K }> {
  return byKind[kind](language) as Extract<LetterData, { kind: K }>;
}

export const sampleIssue: LetterIssue = {
  verificationCode: 'ABCDEFGHJKLMNPQR',
  verificationUrl: 'http://localhost:3000/v1/letters/verify/ABCDEFGHJKLMNPQR',
  revision: 1,
};
