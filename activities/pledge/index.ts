// Every activity of a pledge: the case's collateral, the filings with the registries, and
// the watch over a live loan's pledged rights, and their disposal when it defaults.
import type { Registries } from '../../domain/contracts/registries.ts';
import type { Db } from '../../prisma/client.ts';
import { createCollateralActivities } from './collateral.ts';
import { createDisposalActivities } from './disposal.ts';
import { createRegistrationActivities } from './registration.ts';
import { createWatchActivities } from './watch.ts';

export interface PledgeActivityDeps {
  db: Db;
  registries: Registries;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
}

export function createPledgeActivities(deps: PledgeActivityDeps) {
  return {
    ...createCollateralActivities(deps),
    ...createRegistrationActivities(deps),
    ...createWatchActivities(deps),
    ...createDisposalActivities(deps),
  };
}

export type PledgeActivities = ReturnType<typeof createPledgeActivities>;
