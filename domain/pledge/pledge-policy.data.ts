// The platform's default pledge policy; a bank sets its own by adding a version with its code.
import { ANY_BANK } from '../policy-versions.ts';
import type { PledgePolicy } from './pledge-policy.ts';

export const pledgePolicies: readonly PledgePolicy[] = [
  {
    version: 'pledge@2026.1',
    bankCode: ANY_BANK,
    effectiveFrom: '2026-01-01',
    // Rule 15 for patents of invention, utility models and trademarks. Designs and software
    // copyrights, and equity of an unlisted firm, are documented defaults: DOMAIN.md sets none.
    ltvBp: {
      INVENTION_PATENT: 2500,
      UTILITY_MODEL: 1500,
      DESIGN_PATENT: 1000,
      TRADEMARK: 5000,
      SOFTWARE_COPYRIGHT: 1000,
      EQUITY: 3000,
    },
    maxTermMonths: { 'ip-pledge': 36, 'equity-pledge': 36 },
    appraisalValidMonths: 12,
    decisionWorkingDays: 15,
    // Rule 16: CNIPA decides patent pledges in 7 working days and trademark pledges in 5; the
    // copyright centre's 10 and the market-regulation bureau's promised 5 and statutory 20
    // are documented defaults.
    registrationWorkingDays: {
      INVENTION_PATENT: [7],
      UTILITY_MODEL: [7],
      DESIGN_PATENT: [7],
      TRADEMARK: [5],
      SOFTWARE_COPYRIGHT: [10],
      EQUITY: [5, 20],
    },
    resolutionWorkingDays: 5,
    recheckMonths: 3,
    // Documented default: a month of working days to pledge more or repay down the shortfall.
    topUpWorkingDays: 20,
  },
];
