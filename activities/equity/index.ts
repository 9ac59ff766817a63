// Every activity of the equity processes: rounds and warrants.
import type { LetterDeps } from '../letters/issue.ts';
import { createRoundActivities } from './round.ts';
import { createWarrantActivities } from './warrant.ts';

export function createEquityActivities(deps: LetterDeps) {
  return { ...createRoundActivities(deps), ...createWarrantActivities(deps) };
}

export type EquityActivities = ReturnType<typeof createEquityActivities>;
