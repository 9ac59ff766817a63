// The activities the guarantee workflows call, by type only.
import { proxyActivities } from '@temporalio/workflow';
import type { GuaranteeActivities } from '../../activities/guarantee/index.ts';

export const activities = proxyActivities<GuaranteeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
