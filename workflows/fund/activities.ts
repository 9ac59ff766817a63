// The activities the guidance fund's workflows call, by type only.
import { proxyActivities } from '@temporalio/workflow';
import type { FundActivities } from '../../activities/fund/index.ts';

export const activities = proxyActivities<FundActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
