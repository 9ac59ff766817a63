// A warrant attached to a loan's approval (DOMAIN.md §4): the bank's investment affiliate may
// exercise it from the end of its lock-up to the last day of its life; exercised, the units are
// issued on the firm's cap table; unexercised by the end of that day, it expires. Either way the
// firm is told by letter.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { endOfShanghaiDayAfter, shanghaiDate } from '../../domain/calendar.ts';
import {
  exerciseWarrantUpdate,
  type WarrantSnapshot,
  type WarrantWorkflowInput,
} from '../../domain/contracts/equity.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import type { WarrantStatus } from '../../domain/equity/warrant-lifecycle.ts';
import { accept, refuse, waitFor } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export async function warrantWorkflow(input: WarrantWorkflowInput): Promise<WarrantSnapshot> {
  const { warrantId, exercisableFrom, expiresOn } = input;
  let status: WarrantStatus = 'GRANTED';
  let exercise: Promise<void> | undefined;

  setHandler(
    exerciseWarrantUpdate,
    async (act) => {
      exercise = accept(act, () =>
        activities.exerciseWarrant({ warrantId, actor: act.actor, at: new Date().toISOString() }),
      ).recorded;
      await exercise;
      status = 'EXERCISED';
      return { status };
    },
    {
      validator: ({ actor }) => {
        if (actor.role !== 'FUND_MANAGER')
          refuse(RefusalType.authority, 'this needs a fund manager');
        if (exercise) refuse(RefusalType.invalidState, `the warrant is ${status}`);
        const today = shanghaiDate(new Date());
        if (today < exercisableFrom)
          refuse(RefusalType.businessRule, `the warrant may be exercised from ${exercisableFrom}`);
        if (today > expiresOn) refuse(RefusalType.invalidState, 'the warrant has expired');
      },
    },
  );

  const lastDayEnds = endOfShanghaiDayAfter(new Date(`${expiresOn}T12:00:00+08:00`), 0);
  if ((await waitFor(() => exercise, { until: lastDayEnds })).outcome === 'deadline') {
    await activities.expireWarrant({ warrantId, at: new Date().toISOString() });
    status = 'EXPIRED';
  } else {
    await exercise;
  }
  await condition(allHandlersFinished);
  return { status };
}
