import { z } from 'zod';
import { requireIndicators, type EnterpriseIndicators } from './indicators.ts';
import {
  atLeastPercent,
  atMostCount,
  atMostYuan,
  failedOnly,
  maxAge,
  mustBeAbsent,
} from './gates.ts';
import { Dec, ratio } from './numbers.ts';
import type { FailedGate, ScorecardBase } from './types.ts';

/** The start-up stage test of the guidance fund (DOMAIN §6) as policy data. */
export interface StartupSmeScorecard extends ScorecardBase {
  readonly model: 'startup-sme';
  readonly maxYearsOld: number;
  readonly maxEmployees: number;
  /** College-educated S&T staff / employees; the platform's stStaff is read as that count. */
  readonly minStStaffPercent: string;
  readonly minRdStaffPercent: string;
  readonly maxSalesYuan: string;
  readonly maxNetAssetsYuan: string;
  readonly minRdOfSalesPercent: string;
}

/** What the enterprise indicators do not hold. */
export const startupFacts = z.object({ listed: z.boolean() });
export type StartupFacts = z.infer<typeof startupFacts>;

export interface StartupSmeResult {
  readonly model: 'startup-sme';
  readonly version: string;
  readonly eligible: boolean;
  readonly failedGates: FailedGate[];
}

export function evaluateStartupSme(
  card: StartupSmeScorecard,
  input: EnterpriseIndicators,
  facts: StartupFacts,
): StartupSmeResult {
  const firm = requireIndicators(input, 'startup-sme', ['rdStaff', 'netAssets']);
  const { listed } = startupFacts.parse(facts);
  // Without sales R&D / sales has no value; a firm spending on R&D before its first sale is
  // exactly the seed-stage firm the fund targets, so that counts as meeting the minimum.
  const rdBeforeSales = new Dec(firm.revenue).isZero() && new Dec(firm.rdExpense).gt(0);

  const failedGates = failedOnly(
    maxAge('registered', firm.registeredOn, firm.asOf, card.maxYearsOld),
    mustBeAbsent('listed', listed),
    atMostCount('employees', firm.employees, card.maxEmployees),
    atLeastPercent('st-staff', ratio(firm.stStaff, firm.employees), {
      atLeast: card.minStStaffPercent,
    }),
    atLeastPercent('rd-staff', ratio(firm.rdStaff, firm.employees), {
      atLeast: card.minRdStaffPercent,
    }),
    atMostYuan('sales', firm.revenue, card.maxSalesYuan),
    atMostYuan('net-assets', firm.netAssets, card.maxNetAssetsYuan),
    rdBeforeSales
      ? undefined
      : atLeastPercent('rd-of-sales', ratio(firm.rdExpense, firm.revenue), {
          atLeast: card.minRdOfSalesPercent,
        }),
  );

  return {
    model: 'startup-sme',
    version: card.version,
    eligible: failedGates.length === 0,
    failedGates,
  };
}
