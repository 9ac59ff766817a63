// Every activity of the guidance fund's processes: a sub-fund's reporting, a buy-back.
import type { Db } from '../../prisma/client.ts';
import { createBuybackActivities } from './buyback.ts';
import { createReportingActivities } from './reporting.ts';

export function createFundActivities(deps: { db: Db }) {
  return { ...createReportingActivities(deps), ...createBuybackActivities(deps) };
}

export type FundActivities = ReturnType<typeof createFundActivities>;
