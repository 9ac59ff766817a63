// The activities the pledge workflows call, by type only.
import { proxyActivities } from '@temporalio/workflow';
import type { PledgeActivities } from '../../activities/pledge/index.ts';

export const activities = proxyActivities<PledgeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
