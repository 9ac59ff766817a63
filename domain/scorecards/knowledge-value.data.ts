import type { KnowledgeValueScorecard } from './knowledge-value.ts';

/**
 * 湖北省科技型企业知识价值信用贷款实施办法（试行）, 鄂科技规〔2025〕3号, launched 2025-03-25.
 * Only the A (¥10m) and E (¥1m) ceilings are published; B, C and D are defaults to configure.
 */
export const knowledgeValue2025: KnowledgeValueScorecard = {
  model: 'knowledge-value',
  version: '2025.1',
  effectiveFrom: '2025-03-25',
  source: '鄂科技规〔2025〕3号',
  ceilingFen: {
    A: 1_000_000_000,
    B: 800_000_000,
    C: 500_000_000,
    D: 300_000_000,
    E: 100_000_000,
  },
  maxLoanFen: 1_000_000_000,
  maxTermMonths: 36,
};
