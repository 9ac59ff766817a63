// Every activity of a credit application's workflow, from intake to disbursement.
import type { Db } from '../../prisma/client.ts';
import type { CoreBanking } from '../core-banking.ts';
import { createDecisionActivities } from './decisions.ts';
import { createIntakeActivities } from './intake.ts';
import { createOfferActivities } from './offer.ts';
import { createTaskActivities } from './tasks.ts';

export interface CreditActivityDeps {
  db: Db;
  coreBanking: CoreBanking;
  /** Base of the verification address printed on letters (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
}

export function createCreditActivities({ db, coreBanking, publicBaseUrl }: CreditActivityDeps) {
  return {
    ...createIntakeActivities({ db }),
    ...createTaskActivities({ db }),
    ...createDecisionActivities({ db, publicBaseUrl }),
    ...createOfferActivities({ db, coreBanking }),
  };
}

export type CreditActivities = ReturnType<typeof createCreditActivities>;
