// Every activity of the equity processes: rounds.
import type { Db } from '../../prisma/client.ts';
import { createRoundActivities } from './round.ts';

export function createEquityActivities(deps: { db: Db }) {
  return { ...createRoundActivities(deps) };
}

export type EquityActivities = ReturnType<typeof createEquityActivities>;
