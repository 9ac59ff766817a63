// Sentences several kinds share: the decision letters open alike, and both approvals close
// with the same reminder that the contract, not the letter, binds.
import type { LetterLanguage } from '../../domain/letter-kinds.ts';

type Opening = (product: string, institution: string) => string;
type Outcome = 'approved' | 'conditional' | 'rejected';

const track = {
  zh: (institution: string) => `经${institution}科技型企业专属审批流程审查`,
  en: (institution: string) =>
    `has been reviewed under ${institution}'s dedicated credit-approval track for technology enterprises`,
};

export const decisionIntro: Record<LetterLanguage, Record<Outcome, Opening>> = {
  zh: {
    approved: (product, institution) =>
      `贵公司申请的“${product}”业务，${track.zh(institution)}，决定予以批准。主要条款如下：`,
    conditional: (product, institution) =>
      `贵公司申请的“${product}”业务，${track.zh(institution)}，决定在满足下列条件的前提下予以批准。主要条款如下：`,
    rejected: (product, institution) =>
      `贵公司申请的“${product}”业务，${track.zh(institution)}，决定不予批准。主要原因如下：`,
  },
  en: {
    approved: (product, institution) =>
      `Your application for the ${product} ${track.en(institution)} and is approved on the following terms:`,
    conditional: (product, institution) =>
      `Your application for the ${product} ${track.en(institution)} and is approved on the following terms, subject to the conditions below:`,
    rejected: (product, institution) =>
      `Your application for the ${product} ${track.en(institution)} and is not approved, for the following reasons:`,
  },
};

export const contractClosing: Record<LetterLanguage, string> = {
  zh: '本通知书不构成贷款合同，双方的权利义务以正式签订的合同为准。请贵公司按约定办理合同签署等后续手续。',
  en: 'This letter is not a loan contract; the rights and obligations of both parties are those of the contract signed. Please complete the contract and the further steps as agreed.',
};
