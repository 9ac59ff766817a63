// The annual re-evaluation of every firm in the registry (DOMAIN §7): each firm's records are
// merged and scored again on the run's date, so rights that lapsed and certificates that ran
// out during the year show, and certificates about to run out are flagged. Started yearly by
// a schedule (platform/annual-reevaluation-schedule.ts); pages through the firms and
// continues as new before its history grows large.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReevaluationActivities } from '../../activities/enterprise/reevaluation.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { noTotals, tally, type ReevaluationTotals } from '../../domain/enterprise/reevaluation.ts';

export interface AnnualReevaluationInput {
  /** Makes the run idempotent per firm; by default the workflow id, one per scheduled action. */
  runId?: string;
  /** The date records are judged on; by default the day the run starts, in Asia/Shanghai. */
  asOf?: string;
  pageSize?: number;
  /** Pages per workflow run before it continues as new. */
  pagesPerRun?: number;
  /** Carried across continue-as-new: the last firm done and the totals so far. */
  after?: string;
  totals?: ReevaluationTotals;
}

export interface AnnualReevaluationResult {
  runId: string;
  asOf: string;
  totals: ReevaluationTotals;
}

const activities = proxyActivities<ReevaluationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function annualReevaluationWorkflow(
  input: AnnualReevaluationInput = {},
): Promise<AnnualReevaluationResult> {
  const runId = input.runId ?? workflowInfo().workflowId;
  const asOf = input.asOf ?? shanghaiDate(new Date());
  const { pageSize = 50, pagesPerRun = 20 } = input;
  let { after, totals = noTotals } = input;

  for (let page = 0; ; page += 1) {
    if (page === pagesPerRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof annualReevaluationWorkflow>({
        runId,
        asOf,
        pageSize,
        pagesPerRun,
        after,
        totals,
      });
    }
    const ids = await activities.listEnterprisePage({ after, limit: pageSize });
    const outcomes = await Promise.all(
      ids.map((enterpriseId) => activities.reevaluateEnterprise({ runId, asOf, enterpriseId })),
    );
    totals = outcomes.reduce(tally, totals);
    if (ids.length < pageSize) break;
    after = ids.at(-1);
  }
  await activities.recordReevaluationRun({ runId, asOf, totals });
  return { runId, asOf, totals };
}
