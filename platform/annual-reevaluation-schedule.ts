// The registry's yearly re-evaluation as a Temporal schedule: 1 July, 02:00 Asia/Shanghai, once
// the statutory annual reports (due 30 June) are in. Created once with a fixed id; operators
// change its timing in Temporal (UI or `temporal schedule update`), where it then stays.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { annualReevaluationWorkflow } from '../workflows/enterprise/annual-reevaluation.ts';
import { TASK_QUEUE } from '../domain/contracts/shared.ts';

export const ANNUAL_REEVALUATION_SCHEDULE_ID = 'annual-reevaluation';

/** Safe on every start of every worker replica: an existing schedule is left as it is. */
export async function ensureAnnualReevaluationSchedule(
  client: Client,
): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: ANNUAL_REEVALUATION_SCHEDULE_ID,
      spec: {
        calendars: [{ month: 'JULY', dayOfMonth: 1, hour: 2 }],
        timezone: 'Asia/Shanghai',
      },
      action: {
        type: 'startWorkflow',
        workflowType: annualReevaluationWorkflow,
        // The schedule appends the scheduled time, so each year's run has its own id.
        workflowId: 'annual-reevaluation',
        taskQueue: TASK_QUEUE,
        args: [{}],
      },
      // A run missed while the platform was down still happens if it comes back within a month.
      policies: { overlap: 'SKIP', catchupWindow: '30 days' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
