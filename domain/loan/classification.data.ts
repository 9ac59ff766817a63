import type { ClassificationPolicy } from './classification.ts';

/**
 * The default follows the days-past-due floors of 《商业银行金融资产风险分类办法》 (中国银行
 * 保险监督管理委员会 中国人民银行令2023年第1号, in force 1 July 2023): any principal, interest
 * or income past due makes an asset at least special mention, over 90 days at least
 * substandard, over 270 days at least doubtful, over 360 days loss. So: 0 days normal, 1–90
 * special mention, 91–270 substandard, 271–360 doubtful, over 360 loss. The measures excuse
 * operational or technical delays of up to 7 days from special mention; the default does not
 * assume any delay is technical. A bank that grades otherwise ships a new version; a loan
 * keeps the one it pinned.
 */
export const classificationDefault2026: ClassificationPolicy = {
  version: 'classification@2026.1',
  effectiveFrom: '2026-01-01',
  fromDays: { 'special-mention': 1, substandard: 91, doubtful: 271, loss: 361 },
  specialMentionAtFirstDay: true,
};

/** Every version. Old versions stay here forever. */
export const classificationPolicies: readonly ClassificationPolicy[] = [classificationDefault2026];
