// A pledge loan between contract and money (DOMAIN.md §3.4–§3.5; rules 16–17): each right is
// registered by a filing workflow of its own, and the money waits until every pledge exists
// and every right is still sound at its registry. A rejected filing or an impaired right goes
// back to the officer, who files again, replaces the refused right, checks again, or cancels
// the contract (releasing whatever was registered).
import { executeChild } from '@temporalio/workflow';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import {
  pledgeFilingWorkflowId,
  type CollateralIssue,
  type CollateralRef,
  type CollateralResolutionInput,
} from '../../domain/contracts/pledge.ts';
import type { FilingKind } from '../../domain/pledge/lifecycle.ts';
import { deadline } from '../../domain/sla-clock.ts';
import { activities as pledgeActivities } from '../pledge/activities.ts';
import { pledgeFilingWorkflow } from '../pledge/filing.ts';
import type { ApplicationState } from './application-state.ts';
import { activities } from './activities.ts';

/** 'registered' once every pledge exists and is sound; 'cancelled' if the officer cancelled. */
export async function registerPledges(
  state: ApplicationState,
  loanId: string,
): Promise<'registered' | 'cancelled'> {
  const { applicationId } = state.input;
  const attempts = new Map<string, number>();
  const file = (pledge: CollateralRef, filing: FilingKind) => {
    const attempt = filing === 'registration' ? (attempts.get(pledge.pledgeId) ?? 0) + 1 : 1;
    if (filing === 'registration') attempts.set(pledge.pledgeId, attempt);
    return executeChild(pledgeFilingWorkflow, {
      workflowId: pledgeFilingWorkflowId(pledge.pledgeId, filing, attempt),
      args: [
        {
          pledgeId: pledge.pledgeId,
          filing,
          attempt,
          workingDays: state.pledgePolicy!.registrationWorkingDays[pledge.kind],
        },
      ],
    });
  };

  state.step = 'registration';
  /** Why the registry refused each pledge still refused, by pledge id. */
  const refused = new Map<string, string>();
  let toFile: readonly CollateralRef[] = state.collateral;
  for (;;) {
    const outcomes = await Promise.all(toFile.map((pledge) => file(pledge, 'registration')));
    toFile.forEach((pledge, i) => {
      const outcome = outcomes[i]!;
      if (outcome.state === 'rejected') refused.set(pledge.pledgeId, outcome.reason);
      else refused.delete(pledge.pledgeId);
    });
    const rejected = state.collateral.filter((p) => refused.has(p.pledgeId));
    const issues: CollateralIssue[] =
      rejected.length > 0
        ? rejected.map((pledge) => ({
            pledgeId: pledge.pledgeId,
            label: pledge.label,
            problems: [`rejected by the registry: ${refused.get(pledge.pledgeId)}`],
          }))
        : await pledgeActivities.checkPledges({
            applicationId,
            asOf: shanghaiDate(new Date()),
            at: new Date().toISOString(),
          });
    if (issues.length === 0) break;
    const answer = await askOfficer(
      state,
      issues,
      rejected.length > 0 ? ['refile', 'replace', 'cancel'] : ['recheck', 'cancel'],
    );
    if (answer.action === 'cancel') {
      const registered = await pledgeActivities.cancelPledgedContract({
        applicationId,
        actor: answer.actor,
        note: answer.note,
        at: new Date().toISOString(),
      });
      const release = state.collateral.filter((p) => registered.includes(p.pledgeId));
      const released = await Promise.all(release.map((pledge) => file(pledge, 'release')));
      for (const [i, outcome] of released.entries()) {
        if (outcome.state !== 'rejected') continue;
        const now = new Date();
        await pledgeActivities.flagRejectedRelease({
          loanId,
          pledgeId: release[i]!.pledgeId,
          reason: outcome.reason,
          asOf: shanghaiDate(now),
          at: now.toISOString(),
        });
      }
      return 'cancelled';
    }
    if (answer.action === 'replace') {
      // The replacement takes the refused right's place; it is filed, the others wait.
      refused.delete(answer.replaces);
      toFile = [answer.replacement];
    } else {
      toFile = answer.action === 'refile' ? rejected : [];
    }
  }
  await pledgeActivities.completeRegistration({ applicationId, at: new Date().toISOString() });
  return 'registered';
}

/** Opens the officer's COLLATERAL task and waits for their answer, escalating at its breach. */
async function askOfficer(
  state: ApplicationState,
  issues: CollateralIssue[],
  actions: CollateralResolutionInput['action'][],
): Promise<CollateralResolutionInput> {
  const { applicationId } = state.input;
  const round = (state.collateralQuestion?.round ?? 0) + 1;
  const ref = { kind: 'COLLATERAL' as const, qualifier: round };
  const due = addWorkingDays(new Date(), state.pledgePolicy!.resolutionWorkingDays);
  await activities.openTask({
    applicationId,
    task: ref,
    dueAt: due.toISOString(),
    detail: { round, issues: issues.map((i) => ({ ...i })), actions },
  });
  state.collateralAnswer = undefined;
  state.collateralQuestion = { round, issues, actions };
  const task = state.personTask(ref, deadline(state.clock, due));
  await state.awaitTask(
    () => state.collateralAnswer !== undefined,
    () => task,
    async (dueAt) => {
      await activities.escalate({ applicationId, task: ref, dueAt: dueAt.toISOString() });
    },
  );
  const answer = state.collateralAnswer!;
  await answer.recorded;
  state.collateralQuestion = undefined;
  return answer.input;
}
