// The yardstick for the credit-track bench, never part of the production bundle: a workflow that
// runs as many activities, one after another, as a credit application does, each doing nothing.
import { proxyActivities } from '@temporalio/workflow';

export interface EmptyCaseActivities {
  step(): Promise<void>;
}

const { step } = proxyActivities<EmptyCaseActivities>({ startToCloseTimeout: '1 minute' });

export async function emptyCaseWorkflow(activities: number): Promise<void> {
  for (let i = 0; i < activities; i++) await step();
}
