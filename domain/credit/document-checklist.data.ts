import type { DocumentChecklist } from './document-checklist.ts';
import { ANY_BANK } from '../policy-versions.ts';
import { loanProducts } from './products.ts';

const pledges = ['ip-pledge', 'equity-pledge'] as const;

/** DOMAIN.md §10: the platform default, for every bank that has not set its own. */
export const documentChecklist2026: DocumentChecklist = {
  bankCode: ANY_BANK,
  version: 'documents@2026.1',
  effectiveFrom: '2026-01-01',
  items: [
    { id: 'business-licence', zh: '营业执照', en: 'Business licence', products: loanProducts },
    {
      id: 'articles-of-association',
      zh: '公司章程',
      en: 'Articles of association',
      products: loanProducts,
    },
    {
      id: 'legal-representative-id',
      zh: '法定代表人身份证件',
      en: 'ID of the legal representative',
      products: loanProducts,
    },
    {
      id: 'controller-id',
      zh: '实际控制人身份证件',
      en: 'ID of the actual controller',
      products: loanProducts,
    },
    {
      id: 'audited-accounts',
      zh: '近三年经审计的财务报表',
      en: 'Audited accounts of the last 3 years',
      products: loanProducts,
    },
    {
      id: 'latest-accounts',
      zh: '最近一期财务报表',
      en: 'Accounts of the latest period',
      products: loanProducts,
    },
    { id: 'tax-certificates', zh: '纳税证明', en: 'Tax certificates', products: loanProducts },
    { id: 'bank-statements', zh: '银行流水', en: 'Bank statements', products: loanProducts },
    {
      id: 'credit-report-authorisation',
      zh: '征信查询授权书',
      en: 'Credit-report authorisation',
      products: loanProducts,
    },
    {
      id: 'borrowing-resolution',
      zh: '董事会或股东会决议',
      en: 'Board or shareholder resolution',
      products: loanProducts,
    },
    {
      id: 'use-of-funds-contracts',
      zh: '资金用途合同',
      en: 'Use-of-funds contracts',
      products: loanProducts,
    },
    {
      id: 'ip-certificates',
      zh: '知识产权权属证书',
      en: 'IP certificates',
      products: ['ip-pledge'],
    },
    {
      id: 'equity-records',
      zh: '股权登记证明',
      en: 'Equity registration records',
      products: ['equity-pledge'],
    },
    { id: 'appraisal-report', zh: '资产评估报告', en: 'Appraisal report', products: pledges },
    {
      id: 'tech-status',
      zh: '科技企业资格证明',
      en: 'Proof of tech-firm status',
      products: loanProducts,
      oneOf: [
        {
          id: 'high-tech-certificate',
          zh: '高新技术企业证书',
          en: 'High-tech enterprise certificate',
        },
        {
          id: 'tech-sme-registration',
          zh: '科技型中小企业入库登记编号',
          en: 'Tech-SME registration number',
        },
      ],
    },
    {
      id: 'rd-expense-ledger',
      zh: '研发费用辅助账',
      en: 'R&D expense ledger',
      products: loanProducts,
    },
  ],
};

/** Every version. Old versions stay here forever. */
export const documentChecklists: readonly DocumentChecklist[] = [documentChecklist2026];
