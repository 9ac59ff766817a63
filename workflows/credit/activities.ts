// The activities the credit workflow calls, by type only: workflow code never imports
// activity code.
import { proxyActivities } from '@temporalio/workflow';
import type { CreditActivities } from '../../activities/credit/index.ts';

export const activities = proxyActivities<CreditActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
