// The activities the equity workflows call, by type only.
import { proxyActivities } from '@temporalio/workflow';
import type { EquityActivities } from '../../activities/equity/index.ts';

export const activities = proxyActivities<EquityActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
