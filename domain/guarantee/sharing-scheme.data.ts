// The schemes the platform ships; an administrator publishes later versions through the API.
import type { ClaimTimes, FeeCaps, SharingScheme } from './sharing-scheme.ts';

const ruleFees: FeeCaps = {
  guaranteeBelowBp: 100,
  reguarantee: { thresholdFen: 5_000_000_00, aboveBp: 50, upToBp: 30 },
};

// Documented defaults: DOMAIN.md names the 90 days; the payment times are the province's
// usual terms.
const claims: ClaimTimes = {
  daysPastDue: 90,
  guarantorPaysWorkingDays: 10,
  counterGuaranteePaysWorkingDays: 15,
};

// Documented default: a week for the guarantor's own review, three days for its decision.
const diligenceWorkingDays = { review: 5, decision: 3 };

export const sharingSchemes: readonly SharingScheme[] = [
  {
    version: 'special-plan@2026.1',
    family: 'special-plan',
    effectiveFrom: '2026-01-01',
    // Rule 20 at its usual split: the bank its 20%, the national fund its 40%, the
    // re-guarantor 20% and the guarantor the other 20%. The pool compensates the guarantor
    // under its own rules (rule 19), so it holds no share here. The bank takes the odd fen:
    // its share has a floor and no cap, so the capped shares never pass their caps.
    sharesBp: {
      BANK: 2000,
      GUARANTOR: 2000,
      REGUARANTOR: 2000,
      NATIONAL_FUND: 4000,
      GOVERNMENT: 0,
    },
    residueParty: 'BANK',
    fees: ruleFees,
    perFirmBalanceCapFen: 30_000_000_00,
    compensationRateCapBp: 500,
    compensationWindowMonths: 12,
    claims,
    diligenceWorkingDays,
  },
  {
    version: 'classic-4321@2026.1',
    family: 'classic-4321',
    effectiveFrom: '2026-01-01',
    sharesBp: {
      BANK: 2000,
      GUARANTOR: 4000,
      REGUARANTOR: 3000,
      NATIONAL_FUND: 0,
      GOVERNMENT: 1000,
    },
    residueParty: 'GUARANTOR',
    fees: ruleFees,
    perFirmBalanceCapFen: 30_000_000_00,
    compensationRateCapBp: 500,
    compensationWindowMonths: 12,
    claims,
    diligenceWorkingDays,
  },
];
