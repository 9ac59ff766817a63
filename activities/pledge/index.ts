// Every activity of a pledge: the case's collateral and the filings with the registries.
import type { Registries } from '../../domain/contracts/registries.ts';
import type { Db } from '../../prisma/client.ts';
import { createCollateralActivities } from './collateral.ts';
import { createRegistrationActivities } from './registration.ts';

export interface PledgeActivityDeps {
  db: Db;
  registries: Registries;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
}

export function createPledgeActivities(deps: PledgeActivityDeps) {
  return { ...createCollateralActivities(deps), ...createRegistrationActivities(deps) };
}

export type PledgeActivities = ReturnType<typeof createPledgeActivities>;
