// The warrant-loan policy as shipped (DOMAIN.md §4). The lock-up before exercise is a
// documented default: a year, so the warrant follows the firm's use of the loan, not its grant.
import type { WarrantPolicy } from './warrant.ts';

export const warrantPolicies: readonly WarrantPolicy[] = [
  {
    version: 'warrant@2026.1',
    effectiveFrom: '2026-01-01',
    lifeYears: { min: 3, max: 5 },
    subscriptionOfLoanBp: { min: 1_000, max: 2_000 },
    equityBp: { min: 100, max: 200 },
    exercisableAfterMonths: 12,
  },
];
