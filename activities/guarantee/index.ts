// Every activity of a guarantee: its underwriting, its contract and a claim on it.
import type { LetterDeps } from '../letters/issue.ts';
import { createClaimActivities } from './claims.ts';
import { createGuaranteeContractActivities } from './contract.ts';
import { createUnderwritingActivities } from './underwriting.ts';

export function createGuaranteeActivities(deps: LetterDeps) {
  return {
    ...createUnderwritingActivities(deps),
    ...createGuaranteeContractActivities(deps),
    ...createClaimActivities(deps),
  };
}

export type GuaranteeActivities = ReturnType<typeof createGuaranteeActivities>;
