import type { ClassificationPolicy } from './loan-classification.ts';

/**
 * The customary days-past-due mapping, shipped as the default (configurable): 0 days
 * normal, 1–90 special mention, 91–180 substandard, 181–360 doubtful, over 360 loss.
 * A bank whose policy is stricter ships a new version; a case keeps the one it pinned.
 */
export const classificationDefault2026: ClassificationPolicy = {
  version: 'classification@2026.1',
  effectiveFrom: '2026-01-01',
  fromDays: { 'special-mention': 1, substandard: 91, doubtful: 181, loss: 361 },
  specialMentionAtFirstDay: true,
};

/** Every version. Old versions stay here forever. */
export const classificationPolicies: readonly ClassificationPolicy[] = [classificationDefault2026];
