// The letters the platform issues and the languages it writes them in.
export const letterKinds = [
  'approval',
  'conditional_approval',
  'rejection',
  'information_request',
  'offer_expiry',
  'guarantee_confirmation',
  'compensation_notice',
  'pledge_registration',
] as const;
export type LetterKind = (typeof letterKinds)[number];

export const letterLanguages = ['zh', 'en'] as const;
export type LetterLanguage = (typeof letterLanguages)[number];

/** A firm's preferred language as a letter language: Chinese unless it asked for English. */
export const letterLanguage = (preferred: string): LetterLanguage =>
  preferred === 'en' ? 'en' : 'zh';
