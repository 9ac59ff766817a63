// The activities the credit workflow calls, by type only: workflow code never imports
// activity code.
import { proxyActivities } from '@temporalio/workflow';
import type { CreditActivities } from '../activities/credit-activities.ts';
import type { OfferActivities } from '../activities/offer-activities.ts';

export const activities = proxyActivities<CreditActivities & OfferActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
