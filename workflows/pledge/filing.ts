// One filing with a registry, a pledge's registration or its release (DOMAIN.md §3.4; rule
// 16), followed to its outcome: the registry decides in working days and is asked once a
// Shanghai day; past each of its promised times the officer gets a task to chase it. The
// filing ends when the registry registers, releases or rejects; the caller decides what next.
import { sleep } from '@temporalio/workflow';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import type { PledgeFilingInput, PledgeFilingResult } from '../../domain/contracts/pledge.ts';
import { msUntil } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

const DAY_MS = 86_400_000;
/** The registry is asked a few minutes into each Shanghai day, never on the edge of two. */
const ASK_DELAY_MS = 5 * 60_000;

const nextMorning = (now: Date) =>
  new Date(Date.parse(`${shanghaiDate(now)}T00:00:00+08:00`) + DAY_MS + ASK_DELAY_MS);

export async function pledgeFilingWorkflow(input: PledgeFilingInput): Promise<PledgeFilingResult> {
  const ref = { pledgeId: input.pledgeId, filing: input.filing, attempt: input.attempt };
  const filedAt = new Date();
  const { reference } = await activities.fileWithRegistry({
    ...ref,
    at: filedAt.toISOString(),
    filedOn: shanghaiDate(filedAt),
  });
  const dueTimes = input.workingDays.map((days) => addWorkingDays(filedAt, days));
  let overdue = 0;
  for (;;) {
    const now = new Date();
    const outcome = await activities.filingOutcome({
      ...ref,
      reference,
      asOf: shanghaiDate(now),
      at: now.toISOString(),
      overdue,
    });
    if (outcome.state !== 'pending') return outcome;
    while (overdue < dueTimes.length && dueTimes[overdue]! <= now) {
      overdue += 1;
      await activities.flagOverdueFiling({
        ...ref,
        deadline: overdue,
        dueAt: dueTimes[overdue - 1]!.toISOString(),
        at: now.toISOString(),
      });
    }
    await sleep(msUntil(nextMorning(now)));
  }
}
