// A guarantee's underwriting (DOMAIN.md §5), a child of the guaranteed case once the bank has
// approved: taken on at once under a batch agreement with the bank (见贷即保), or by the
// guarantor's own diligence, an officer's report and then an approver's decision (four eyes:
// never the officer who reviewed). An approval takes the deal on atomically (the firm's cap,
// the counter-guarantees); a refusal tells the approver why and leaves the decision open.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
} from '@temporalio/workflow';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import {
  decideGuaranteeUpdate,
  guaranteeQuery,
  reviewGuaranteeUpdate,
  type GuaranteeDecisionInput,
  type GuaranteeOutcome,
  type GuaranteeReviewInput,
  type GuaranteeSnapshot,
  type GuaranteeUnderwritingInput,
} from '../../domain/contracts/guarantee.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import { feeProblems } from '../../domain/guarantee/fees.ts';
import { accept, refuse, type Act } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export async function guaranteeUnderwritingWorkflow(
  input: GuaranteeUnderwritingInput,
): Promise<GuaranteeOutcome> {
  const { guaranteeId, scheme } = input;
  let step: GuaranteeSnapshot['step'] = 'routing';
  let route: GuaranteeSnapshot['route'] = undefined;
  let review: Act<GuaranteeReviewInput> | undefined;
  let decision: GuaranteeDecisionInput | undefined;
  /** An approver's decision is being recorded; a second one waits its answer. */
  let deciding = false;
  const snapshot = (): GuaranteeSnapshot => ({
    step,
    ...(route && { route }),
    ...(review && { reviewerId: review.input.actor.userId }),
    ...(decision && { outcome: decision.outcome === 'approve' ? 'approved' : 'declined' }),
  });
  const expectRole = (actor: Actor, role: Actor['role']) => {
    if (actor.role !== role) refuse(RefusalType.authority, `this needs the role ${role}`);
  };

  setHandler(guaranteeQuery, snapshot);
  setHandler(
    reviewGuaranteeUpdate,
    async (input) => {
      // The review task opens with the routing, a moment before this workflow hears of it.
      await condition(() => step !== 'routing');
      if (step !== 'review' || review) {
        refuse(RefusalType.invalidState, `the guarantee is at ${step}`);
      }
      review = accept(input, () =>
        activities.recordGuaranteeReview({
          guaranteeId,
          review: input,
          decisionDueAt: addWorkingDays(
            new Date(),
            scheme.diligenceWorkingDays.decision,
          ).toISOString(),
          at: new Date().toISOString(),
        }),
      );
      await review.recorded;
      // The decision is due once the review is recorded: an approver answering the reply finds it so.
      step = 'decision';
      return snapshot();
    },
    {
      validator: ({ actor }) => {
        expectRole(actor, 'GUARANTOR');
        if (!['routing', 'review'].includes(step) || review) {
          refuse(RefusalType.invalidState, `the guarantee is at ${step}`);
        }
      },
    },
  );
  setHandler(
    decideGuaranteeUpdate,
    async (choice) => {
      deciding = true;
      try {
        await activities.decideGuarantee({
          ...input,
          decision: choice,
          asOf: shanghaiDate(new Date()),
          at: new Date().toISOString(),
        });
      } catch (error) {
        deciding = false;
        // The activity's typed refusal (the firm's cap, no counter-guarantee) is the person's answer.
        if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
          refuse(RefusalType.businessRule, error.cause.message);
        }
        throw error;
      }
      decision = choice;
      return snapshot();
    },
    {
      validator: (choice) => {
        expectRole(choice.actor, 'GUARANTEE_APPROVER');
        if (step !== 'decision' || deciding || decision) {
          refuse(RefusalType.invalidState, `the guarantee is at ${step}`);
        }
        if (choice.actor.userId === review!.input.actor.userId) {
          refuse(RefusalType.fourEyes, 'the officer who reviewed the guarantee cannot decide it');
        }
        if (choice.outcome === 'approve') {
          const problems = feeProblems(scheme, input.amountFen, choice.fees);
          if (problems.length > 0) {
            refuse(RefusalType.businessRule, problems.map((p) => p.message).join('; '));
          }
        }
      },
    },
  );

  const now = new Date();
  const routed = await activities.routeGuarantee({
    ...input,
    asOf: shanghaiDate(now),
    at: now.toISOString(),
    reviewDueAt: addWorkingDays(now, scheme.diligenceWorkingDays.review).toISOString(),
  });
  route = routed.route;
  if (route === 'batch') {
    step = 'decided';
    return { outcome: 'approved', route };
  }
  step = 'review';
  await condition(() => step === 'decision');
  await condition(() => decision !== undefined);
  step = 'decided';
  await condition(allHandlersFinished);
  return decision!.outcome === 'approve'
    ? { outcome: 'approved', route }
    : { outcome: 'declined', reasons: decision!.reasons };
}
