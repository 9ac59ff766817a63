// The letters the platform issues and the languages it writes them in.
export const letterKinds = [
  'approval',
  'conditional_approval',
  'rejection',
  'information_request',
  'offer_expiry',
  'file_expiry',
  'guarantee_confirmation',
  'compensation_notice',
  'pledge_registration',
  'pledge_release',
  'warrant_exercise',
  'warrant_expiry',
] as const;
export type LetterKind = (typeof letterKinds)[number];

export const letterLanguages = ['zh', 'en'] as const;
export type LetterLanguage = (typeof letterLanguages)[number];

/** A firm's preferred language as a letter language: Chinese unless it asked for English. */
export const letterLanguage = (preferred: string): LetterLanguage =>
  preferred === 'en' ? 'en' : 'zh';

/**
 * The letter an application's decision calls for: conditions precedent make an approval
 * conditional. The same rule picks the kind to issue and reads the letter back, so they always
 * agree.
 */
export const decisionLetterKind = (decision: {
  outcome: 'APPROVE' | 'REJECT';
  conditions: readonly string[];
}): 'approval' | 'conditional_approval' | 'rejection' => {
  if (decision.outcome === 'REJECT') return 'rejection';
  return decision.conditions.length > 0 ? 'conditional_approval' : 'approval';
};
