// A sub-fund's reporting duties (DOMAIN.md §6): its AMBERS filing within 20 working days of
// closing, then each quarter's and each year's report from its manager. On a duty's reminder
// day the report becomes a task in the guidance fund's inbox; the manager files it; once its
// due day ends unfiled it is flagged overdue and still awaited. A run watches the duties due
// in two years and then continues as new, carrying the reports still awaited (each already
// flagged, since its due day was in the run before).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { endOfShanghaiDayAfter } from '../../domain/calendar.ts';
import {
  fileReportUpdate,
  reportsQuery,
  type SubFundReportingInput,
} from '../../domain/contracts/fund.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import { dutiesDue } from '../../domain/fund/reporting.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { accept, msUntil, refuse } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

/** Months of duties one run watches before it continues as new. */
const RUN_MONTHS = 24;

const startOf = (isoDate: string) => new Date(`${isoDate}T00:00:00+08:00`);
const endOf = (isoDate: string) => endOfShanghaiDayAfter(new Date(`${isoDate}T12:00:00+08:00`), 0);

export async function subFundReportingWorkflow(input: SubFundReportingInput): Promise<void> {
  const { subFundId, closedOn, reporting } = input;
  const awaited = new Map(input.awaited.map((d) => [d.key, d]));
  const at = () => new Date().toISOString();

  setHandler(reportsQuery, () => ({ awaited: [...awaited.values()] }));
  setHandler(
    fileReportUpdate,
    async (report) => {
      awaited.delete(report.key);
      await accept(report, () => activities.recordReport({ subFundId, report, at: at() })).recorded;
      return { awaited: [...awaited.values()] };
    },
    {
      validator: ({ actor, key }) => {
        if (actor.role !== 'FUND_MANAGER')
          refuse(RefusalType.authority, 'this needs a fund manager');
        if (!awaited.has(key)) refuse(RefusalType.invalidState, `no report ${key} is awaited`);
      },
    },
  );

  // Each duty has two moments: its reminder opens the task, the end of its due day flags it.
  const to = monthsAfter(input.from, RUN_MONTHS);
  const duties = dutiesDue(reporting, { closedOn, from: input.from, to });
  const moments = [
    ...duties.map((duty) => ({ instant: startOf(duty.reminderDate), duty, open: true })),
    ...duties.map((duty) => ({
      instant: endOf(duty.dueDate),
      duty,
      open: false,
    })),
  ].sort((a, b) => a.instant.getTime() - b.instant.getTime() || Number(b.open) - Number(a.open));

  for (const { instant, duty, open } of moments) {
    await sleep(msUntil(instant));
    if (open) {
      // Awaited once its task is open, so a filing always has a task to close.
      await activities.openReportTask({
        subFundId,
        duty,
        dueAt: endOf(duty.dueDate).toISOString(),
        at: at(),
      });
      awaited.set(duty.key, duty);
    } else if (awaited.has(duty.key)) {
      await activities.flagReportOverdue({ subFundId, duty, at: at() });
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof subFundReportingWorkflow>({
    ...input,
    from: nextDay(to),
    awaited: [...awaited.values()],
  });
}

const nextDay = (isoDate: string) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
