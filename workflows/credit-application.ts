// One credit application on the dedicated track: assessment, officer review, approval
// (four eyes), decision letter. People act through updates whose validators enforce the
// rules here, where the process runs, so no client can skip them.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CreditActivities } from '../activities/credit-activities.ts';
import { addWorkingDays } from '../domain/calendar.ts';
import { findCreditTrackPolicy } from '../domain/credit-track-policy.ts';
import {
  RefusalType,
  caseQuery,
  decideUpdate,
  reviewUpdate,
  type CaseSnapshot,
  type CaseStep,
  type CreditApplicationInput,
  type DecisionInput,
  type ReviewInput,
} from './messages.ts';

const activities = proxyActivities<CreditActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function creditApplicationWorkflow(
  input: CreditApplicationInput,
): Promise<CaseSnapshot> {
  const { applicationId } = input;
  const policy = findCreditTrackPolicy(input.policy.creditTrack);
  const fileCompletedAt = new Date(workflowInfo().startTime);
  let step: CaseStep = 'assessment';
  let reviewerId: string | undefined;
  let reviewed = false;
  let decision: DecisionInput | undefined;
  let decided = false;
  let requestedAmountFen = 0;

  const snapshot = (): CaseSnapshot => ({ step, reviewerId, outcome: decision?.outcome });
  setHandler(caseQuery, snapshot);

  setHandler(
    reviewUpdate,
    async (review: ReviewInput) => {
      reviewerId = review.actor.userId;
      await activities.recordReview({ applicationId, review, at: new Date().toISOString() });
      reviewed = true;
      return snapshot();
    },
    {
      validator: (review: ReviewInput) => {
        if (step !== 'review' || reviewerId) refuse(RefusalType.invalidState, `case is at ${step}`);
        if (review.actor.userId === input.filedById) {
          refuse(RefusalType.fourEyes, 'the originator of a case may not review it');
        }
      },
    },
  );

  setHandler(
    decideUpdate,
    async (proposed: DecisionInput) => {
      decision = proposed;
      const at = new Date().toISOString();
      // A decision that arrives while the decision task is being opened waits for it, so
      // the read model never sees the task opened after the case was decided.
      await condition(() => step === 'decision');
      await activities.recordDecision({ applicationId, decision, at });
      decided = true;
      return snapshot();
    },
    {
      validator: (proposed: DecisionInput) => {
        if (!reviewed || decision) refuse(RefusalType.invalidState, `case is at ${step}`);
        const approver = proposed.actor.userId;
        if (approver === reviewerId || approver === input.filedById) {
          refuse(RefusalType.fourEyes, 'whoever originated or reviewed a case may not approve it');
        }
        if (proposed.outcome === 'approve' && proposed.amountFen > requestedAmountFen) {
          refuse(RefusalType.businessRule, 'the approved amount exceeds the amount applied for');
        }
      },
    },
  );

  // A person who does not act in time is a domain outcome: the case escalates and waits on.
  async function awaitPerson(done: () => boolean, dueAt: Date, task: 'REVIEW' | 'DECISION') {
    if (await condition(done, Math.max(dueAt.getTime() - Date.now(), 1))) return;
    await activities.recordEscalation({ applicationId, task, dueAt: dueAt.toISOString() });
    await condition(done);
  }

  const assessment = await activities.assessApplication({
    applicationId,
    scorecards: input.policy.scorecards,
  });
  requestedAmountFen = assessment.requestedAmountFen;

  // A step opens for people only once its task is in the inbox.
  const reviewDue = addWorkingDays(fileCompletedAt, policy.reviewWorkingDays);
  await activities.openTask({ applicationId, kind: 'REVIEW', dueAt: reviewDue.toISOString() });
  step = 'review';
  await awaitPerson(() => reviewed, reviewDue, 'REVIEW');

  const decisionDue = addWorkingDays(fileCompletedAt, policy.decisionWorkingDays);
  await activities.openTask({ applicationId, kind: 'DECISION', dueAt: decisionDue.toISOString() });
  step = 'decision';
  await awaitPerson(() => decided, decisionDue, 'DECISION');

  step = 'letter';
  await activities.issueLetter({ applicationId });
  step = 'closed';
  await condition(allHandlersFinished);
  return snapshot();
}
