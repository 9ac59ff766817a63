// An equity round (DOMAIN.md §4; rule 25): open for investors' commitments until its deadline;
// it closes as soon as the minimum is committed and the firm has confirmed the closing
// conditions, which issues the units and records the post-money valuation; otherwise it
// lapses at the end of its deadline day and every commitment is released. After a closing,
// the investors in a tax-qualified start-up are told, 24 months on, that 70% is deductible.
import { allHandlersFinished, condition, setHandler, sleep } from '@temporalio/workflow';
import { endOfShanghaiDayAfter, shanghaiDate } from '../../domain/calendar.ts';
import {
  commitToRoundUpdate,
  confirmRoundConditionsUpdate,
  type RoundSnapshot,
  type RoundWorkflowInput,
} from '../../domain/contracts/equity.ts';
import { RefusalType, type Actor } from '../../domain/contracts/shared.ts';
import type { RoundStatus } from '../../domain/equity/lifecycle.ts';
import { closable, commitmentProblems } from '../../domain/equity/round.ts';
import { accept, msUntil, refuse, waitFor } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export async function equityRoundWorkflow(input: RoundWorkflowInput): Promise<RoundSnapshot> {
  const { roundId, terms } = input;
  let status: RoundStatus = 'OPEN';
  /** Set once the round stops taking acts: a closing or a lapse is under way. */
  let ending = false;
  const commitments = new Map<string, number>();
  const recording: Promise<void>[] = [];
  let conditionsMet = false;
  const committedFen = () => [...commitments.values()].reduce((a, b) => a + b, 0);
  const snapshot = (): RoundSnapshot => ({
    status,
    committedFen: committedFen(),
    investorIds: [...commitments.keys()],
    conditionsMet,
  });
  const expectOpen = (actor: Actor, role: Actor['role']) => {
    if (actor.role !== role) refuse(RefusalType.authority, `this needs the role ${role}`);
    if (ending)
      refuse(RefusalType.invalidState, `the round is ${status === 'OPEN' ? 'closing' : status}`);
  };

  setHandler(
    commitToRoundUpdate,
    async (commitment) => {
      commitments.set(commitment.investorId, commitment.amountFen);
      const act = accept(commitment, () =>
        activities.recordCommitment({ roundId, commitment, at: new Date().toISOString() }),
      );
      recording.push(act.recorded);
      await act.recorded;
      return snapshot();
    },
    {
      validator: ({ actor, investorId, amountFen }) => {
        expectOpen(actor, 'FUND_MANAGER');
        if (commitments.has(investorId))
          refuse(RefusalType.invalidState, 'this investor has committed to the round');
        const problems = commitmentProblems(
          terms,
          committedFen(),
          amountFen,
          shanghaiDate(new Date()),
        );
        if (problems.length > 0) refuse(RefusalType.businessRule, problems.join('; '));
      },
    },
  );
  setHandler(
    confirmRoundConditionsUpdate,
    async (confirmation) => {
      conditionsMet = true;
      const act = accept(confirmation, () =>
        activities.confirmRoundConditions({ roundId, confirmation, at: new Date().toISOString() }),
      );
      recording.push(act.recorded);
      await act.recorded;
      return snapshot();
    },
    {
      validator: ({ actor }) => {
        expectOpen(actor, 'APPLICANT');
        if (conditionsMet) refuse(RefusalType.invalidState, 'the conditions are confirmed');
      },
    },
  );

  // The deadline is a day: commitments are taken until it ends in Shanghai.
  const deadlineEnds = endOfShanghaiDayAfter(new Date(`${terms.deadline}T12:00:00+08:00`), 0);
  const waited = await waitFor(
    () => (closable(terms, committedFen(), conditionsMet) ? true : undefined),
    { until: deadlineEnds },
  );
  ending = true;
  await Promise.all(recording);
  const at = () => new Date().toISOString();
  if (waited.outcome !== 'acted') {
    await activities.lapseRound({ roundId, at: at() });
    status = 'LAPSED';
  } else {
    const closed = await activities.closeRound({
      roundId,
      closedOn: shanghaiDate(new Date()),
      at: at(),
    });
    status = 'CLOSED';
    if (closed.deductibleFrom) {
      await sleep(msUntil(new Date(`${closed.deductibleFrom}T00:00:00+08:00`)));
      await activities.announceDeduction({ roundId, at: at() });
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}
