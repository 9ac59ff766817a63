// Every activity of a guarantee: its underwriting and its contract.
import type { LetterDeps } from '../letters/issue.ts';
import { createGuaranteeContractActivities } from './contract.ts';
import { createUnderwritingActivities } from './underwriting.ts';

export function createGuaranteeActivities(deps: LetterDeps) {
  return {
    ...createUnderwritingActivities(deps),
    ...createGuaranteeContractActivities(deps),
  };
}

export type GuaranteeActivities = ReturnType<typeof createGuaranteeActivities>;
