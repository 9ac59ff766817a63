// What people may do to a running application, and the rules that decide whether they may: four
// eyes, delegated authority, committee membership, the step the application is at. Validators are
// synchronous and run where the process runs, so no client can get past them.
import { condition, setHandler } from '@temporalio/workflow';
import { canApprove, voteRefusal } from '../../domain/credit/authority-matrix.ts';
import { addWorkingDays } from '../../domain/calendar.ts';
import { termsProblem } from '../../domain/credit/track-policy.ts';
import { accept, msUntil, refuse } from '../lifecycle/acts.ts';
import type { ApplicationState, Verdict } from './application-state.ts';
import { activities } from './activities.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import {
  applicationQuery,
  confirmConditionsUpdate,
  decideUpdate,
  documentsChangedSignal,
  provideInformationUpdate,
  requestInformationUpdate,
  respondToOfferUpdate,
  reviewUpdate,
  voteUpdate,
  withdrawUpdate,
  type DecisionInput,
  type LoanTermsInput,
} from '../../domain/contracts/credit.ts';
import { type ApplicationStep } from '../../domain/credit/lifecycle.ts';

const termsOf = (approval: Extract<DecisionInput, { outcome: 'approve' }>): LoanTermsInput => ({
  amountFen: approval.amountFen,
  annualRate: approval.annualRate,
  termMonths: approval.termMonths,
  repaymentMethod: approval.repaymentMethod,
  conditions: approval.conditions,
});

const beforeDecision: readonly ApplicationStep[] = [
  'documents',
  'assessment',
  'review',
  'approval',
];
const now = () => new Date();

export function registerUpdateHandlers(state: ApplicationState) {
  const { applicationId, filedById } = state.input;

  const expectStep = (step: ApplicationStep, what: string) => {
    if (state.step !== step)
      refuse(RefusalType.invalidState, `${what}: the case is at ${state.step}`);
  };
  const expectRole = (actor: Actor, ...roles: Actor['role'][]) => {
    if (!roles.includes(actor.role)) {
      refuse(RefusalType.authority, `this needs the role ${roles.join(' or ')}`);
    }
  };
  const expectNoOpenRound = () => {
    if (state.informationRound !== undefined) {
      refuse(
        RefusalType.invalidState,
        `the applicant has not yet answered information request ${state.informationRound}`,
      );
    }
  };

  setHandler(applicationQuery, () => state.snapshot());
  setHandler(documentsChangedSignal, () => {
    state.documentsChanged = true;
  });

  setHandler(
    withdrawUpdate,
    async (withdrawal) => {
      state.withdrawal = withdrawal;
      await condition(() => state.step === 'closed');
      return state.snapshot();
    },
    {
      validator: ({ actor }) => {
        expectRole(actor, 'APPLICANT');
        const decided = state.verdict !== undefined || state.committeeOutcome() !== undefined;
        if (!beforeDecision.includes(state.step) || decided || state.withdrawal) {
          refuse(RefusalType.invalidState, 'a case can be withdrawn only before its decision');
        }
      },
    },
  );

  setHandler(
    reviewUpdate,
    async (review) => {
      state.review = accept(review, () =>
        activities.recordReview({ applicationId, review, at: now().toISOString() }),
      );
      await state.review.recorded;
      return state.snapshot();
    },
    {
      validator: (review) => {
        expectStep('review', 'no review is due');
        expectRole(review.actor, 'OFFICER');
        if (state.reviewerId) refuse(RefusalType.invalidState, 'the case is already reviewed');
        expectNoOpenRound();
        if (review.actor.userId === filedById) {
          refuse(RefusalType.fourEyes, 'the originator of a case may not review it');
        }
        if (review.proposal && review.proposal.amountFen > state.requestedAmountFen) {
          refuse(RefusalType.businessRule, 'the proposed amount exceeds the amount applied for');
        }
        // The plan travels with the application: an approver may lower it, and an application that
        // escalates to the committee is voted on it.
        if (review.recommendation === 'approve' && !review.proposal) {
          refuse(RefusalType.businessRule, 'a recommendation to approve proposes its terms');
        }
        const problem =
          review.proposal &&
          (termsProblem(state.policy, review.proposal) ?? state.pledgeProblem(review.proposal));
        if (problem) refuse(RefusalType.businessRule, problem);
      },
    },
  );

  setHandler(
    decideUpdate,
    async (proposed) => {
      const decision: Verdict =
        proposed.outcome === 'approve'
          ? { outcome: 'approve', terms: termsOf(proposed) }
          : { outcome: 'reject', reasons: proposed.reasons };
      state.verdict = accept({ ...decision, by: proposed.actor }, () =>
        activities.recordDecision({
          applicationId,
          task: state.approvalTask!.ref,
          level: state.level!,
          actor: proposed.actor,
          decision,
          at: now().toISOString(),
        }),
      );
      await state.verdict.recorded;
      return state.snapshot();
    },
    {
      validator: (proposed) => {
        expectStep('approval', 'no decision is due');
        expectRole(proposed.actor, 'APPROVER');
        if (state.verdict) refuse(RefusalType.invalidState, 'the case is already decided');
        if (state.taskSwitching) {
          refuse(RefusalType.invalidState, 'the case is moving to a higher authority');
        }
        expectNoOpenRound();
        if (state.level === 'CREDIT_COMMITTEE') {
          refuse(RefusalType.authority, 'the credit committee decides this case by its vote');
        }
        const approver = proposed.actor.userId;
        if (approver === state.reviewerId || approver === filedById) {
          refuse(RefusalType.fourEyes, 'whoever originated or reviewed a case may not approve it');
        }
        const amountFen =
          proposed.outcome === 'approve' ? proposed.amountFen : state.requestedAmountFen;
        if (proposed.outcome === 'approve' && amountFen > state.requestedAmountFen) {
          refuse(RefusalType.businessRule, 'the approved amount exceeds the amount applied for');
        }
        const problem =
          proposed.outcome === 'approve' &&
          (termsProblem(state.policy, proposed) ?? state.pledgeProblem(proposed));
        if (problem) refuse(RefusalType.businessRule, problem);
        const level = proposed.actor.level;
        if (!level || !canApprove(state.matrix, level, { level: state.level!, amountFen })) {
          refuse(
            RefusalType.authority,
            `this case needs an approver at ${state.level} or above, within their limit`,
          );
        }
      },
    },
  );

  setHandler(
    voteUpdate,
    async (vote) => {
      const cast = accept(vote, () =>
        activities.recordVote({ applicationId, vote, at: now().toISOString() }),
      );
      state.votes.push(cast);
      await cast.recorded;
      return state.snapshot();
    },
    {
      validator: (vote) => {
        expectStep('approval', 'no vote is due');
        if (state.level !== 'CREDIT_COMMITTEE' || state.taskSwitching) {
          refuse(RefusalType.invalidState, 'the case is not before the credit committee');
        }
        if (state.verdict || state.committeeOutcome()) {
          refuse(RefusalType.invalidState, 'the committee has decided');
        }
        expectNoOpenRound();
        const votes = state.votes.map(({ input }) => ({
          memberId: input.actor.userId,
          choice: input.choice,
        }));
        const refusal = voteRefusal(
          { members: state.committee, conflicted: state.conflicted(), votes },
          { memberId: vote.actor.userId, choice: vote.choice },
        );
        if (refusal === 'not-a-member') {
          refuse(RefusalType.authority, 'only members of the credit committee vote');
        }
        if (refusal === 'conflicted') {
          refuse(RefusalType.fourEyes, 'whoever originated or reviewed a case may not vote on it');
        }
        if (refusal === 'already-voted') refuse(RefusalType.invalidState, 'you have voted');
        const proposal = state.review?.input.proposal;
        if (vote.choice === 'approve' && !proposal) {
          refuse(RefusalType.businessRule, 'the review recommended rejection: no terms to approve');
        }
        const problem = vote.choice === 'approve' && state.pledgeProblem(proposal!);
        if (problem) refuse(RefusalType.businessRule, problem);
      },
    },
  );

  setHandler(
    requestInformationUpdate,
    async (request) => {
      const round = (state.rounds += 1);
      state.informationRound = round;
      state.pause(now());
      const workingDays = request.dueWorkingDays ?? state.policy.informationWorkingDays;
      const due = addWorkingDays(now(), workingDays);
      await activities.requestInformation({
        applicationId,
        round,
        questions: request.questions,
        actor: request.actor,
        dueAt: due.toISOString(),
        at: now().toISOString(),
      });
      void lapseUnanswered(round, due);
      return state.snapshot();
    },
    {
      validator: (request) => {
        if (state.step !== 'review' && state.step !== 'approval') {
          refuse(RefusalType.invalidState, `no questions at this step: ${state.step}`);
        }
        expectRole(request.actor, 'OFFICER', 'APPROVER', 'COMMITTEE_MEMBER');
        if (state.verdict) refuse(RefusalType.invalidState, 'the case is already decided');
        expectNoOpenRound();
        if (request.actor.userId === filedById) {
          refuse(RefusalType.fourEyes, 'the originator of a case may not question it');
        }
      },
    },
  );

  /** A round not answered by its due time lapses; the bank goes on with what it has. */
  async function lapseUnanswered(round: number, due: Date) {
    const settled = () => state.informationRound !== round || state.step === 'closed';
    if (await condition(settled, msUntil(due))) return;
    state.informationRound = undefined;
    await activities.lapseInformation({ applicationId, round, at: now().toISOString() });
    await state.resume(now());
  }

  setHandler(
    provideInformationUpdate,
    async (answer) => {
      state.informationRound = undefined;
      await activities.recordInformation({
        applicationId,
        round: answer.round,
        answers: answer.answers,
        actor: answer.actor,
        at: now().toISOString(),
      });
      await state.resume(now());
      return state.snapshot();
    },
    {
      validator: (answer) => {
        expectRole(answer.actor, 'APPLICANT');
        if (state.informationRound !== answer.round) {
          refuse(RefusalType.invalidState, `information request ${answer.round} is not open`);
        }
      },
    },
  );

  setHandler(
    respondToOfferUpdate,
    async (response) => {
      state.offerResponse = accept(response, () =>
        activities.recordOfferResponse({
          applicationId,
          response: response.response,
          actor: response.actor,
          at: now().toISOString(),
        }),
      );
      await state.offerResponse.recorded;
      return state.snapshot();
    },
    {
      validator: (response) => {
        expectRole(response.actor, 'APPLICANT');
        expectStep('offer', 'no offer is open');
        if (state.offerResponse) refuse(RefusalType.invalidState, 'the offer has been answered');
      },
    },
  );

  setHandler(
    confirmConditionsUpdate,
    async (met) => {
      state.conditionsMet = accept(met, () =>
        activities.recordConditionsMet({
          applicationId,
          actor: met.actor,
          evidence: met.evidence,
          at: now().toISOString(),
        }),
      );
      await state.conditionsMet.recorded;
      return state.snapshot();
    },
    {
      validator: (met) => {
        expectRole(met.actor, 'OFFICER');
        expectStep('conditions', 'no conditions are pending');
        if (state.conditionsMet) refuse(RefusalType.invalidState, 'the conditions are confirmed');
        if (met.actor.userId === state.approverId) {
          refuse(RefusalType.fourEyes, 'the approver may not confirm the conditions they set');
        }
      },
    },
  );
}
