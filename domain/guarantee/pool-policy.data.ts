// The pool's rules as shipped (rules 10 and 19 at their example defaults).
import type { PoolPolicy } from './pool-policy.ts';

export const poolPolicies: readonly PoolPolicy[] = [
  {
    version: 'pool@2026.1',
    effectiveFrom: '2026-01-01',
    directRateBp: 3000,
    guaranteedRateBp: 2000,
    bonusBp: 500,
    capOfBorneBp: 8000,
    nplWarningBp: 500,
    nplSuspendBp: 800,
    // Documented default: four working weeks.
    decisionWorkingDays: 20,
  },
];
