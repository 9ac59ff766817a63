// Every recorded history replays on today's workflow code: a change that would break a case
// in flight fails here. Such a change goes behind `patched()`, and the history stays.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/temporal.ts';
import { recordedHistories } from './histories.ts';

const histories = await recordedHistories();

describe('recorded histories', () => {
  it('cover every workflow type and the branches that matter', () => {
    expect(histories.map((h) => h.workflowId)).toEqual([
      'annual-reevaluation',
      'credit-approved-disbursed',
      'credit-committee',
      'credit-escalated-rejected',
      'credit-offer-expired',
      'credit-withdrawn',
      'equity-round-closed',
      'equity-round-lapsed',
      'fund-buyback-settled',
      'guarantee-case-disbursed',
      'guarantee-claim-settled',
      'guarantee-underwriting',
      'loan-monitoring',
      'pledge-case-disbursed',
      'pledge-filing-overdue',
      'pledge-loan-released',
      'sub-fund-reporting',
      'warrant-exercised',
      'warrant-expired',
    ]);
  });

  it.each(histories)(
    'replay without nondeterminism: $workflowId',
    async ({ workflowId, history }) => {
      await Worker.runReplayHistory(
        { workflowBundle: await workflowBundle() },
        history,
        workflowId,
      );
    },
  );
});
