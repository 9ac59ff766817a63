// Sub-fund terms as shipped. The shares and tolerances are configurable defaults: a sub-fund's
// agreement may set its own (each fund its own required seed share, DOMAIN.md §6) by a new
// version that termsProblems accepts. The reporting duties are AMAC's.
import type { FundTerms } from './fund-terms.ts';

const reporting = {
  ambersFilingWorkingDays: 20,
  quarterlyReportDueMonths: 1,
  annualReportDueMonths: 4,
  // Documented default: a working week's notice.
  reminderWorkingDays: 5,
} as const;

/** Seed funds under the Hubei seed rules (rule 27): projects 100%, fund 50%, concession 100%. */
export const seedFundTerms: readonly FundTerms[] = [
  {
    version: 'seed-fund@2026.1',
    effectiveFrom: '2026-01-01',
    requiredSeedShareBp: 6_000,
    projectLossToleranceBp: 10_000,
    fundLossToleranceBp: 5_000,
    profitConcessionBp: 10_000,
    maxGuidanceStakeBp: 2_500,
    buyback: { atCostMonths: 36 },
    reporting,
  },
];

/** Start-up (venture) funds: tighter on losses, concedes half its early-stage profit. */
export const ventureFundTerms: readonly FundTerms[] = [
  {
    version: 'venture-fund@2026.1',
    effectiveFrom: '2026-01-01',
    requiredSeedShareBp: 5_000,
    projectLossToleranceBp: 10_000,
    fundLossToleranceBp: 3_000,
    profitConcessionBp: 5_000,
    maxGuidanceStakeBp: 2_500,
    buyback: { atCostMonths: 36 },
    reporting,
  },
];
