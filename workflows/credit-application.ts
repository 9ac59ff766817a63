// One credit application on the dedicated track (DOMAIN.md §2), from filing to a live loan:
// documents → assessment → routing → review → approval (by authority level, or committee
// vote) → letter → offer → conditions → contract → disbursement → loan monitoring. People
// act through updates whose validators enforce the rules here, where the process runs, so
// no client can skip them.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  startChild,
} from '@temporalio/workflow';
import { findMatrix, requiredLevel, type ApprovalLevel } from '../domain/authority-matrix.ts';
import { authorityMatrices } from '../domain/authority-matrix.data.ts';
import { addWorkingDays, endOfShanghaiDayAfter, shanghaiDate } from '../domain/calendar.ts';
import { creditGrade, findCreditTrackPolicy } from '../domain/credit-track-policy.ts';
import { classificationPolicies } from '../domain/loan-classification.data.ts';
import { versionInForce } from '../domain/policy-versions.ts';
import { deadline, dueTime } from '../domain/sla-clock.ts';
import { CaseState, CaseWithdrawn } from './credit-case-state.ts';
import { registerPeopleHandlers } from './credit-people.ts';
import { activities } from './credit-proxies.ts';
import { loanWorkflowId } from './ids.ts';
import type { CaseEnd, CaseSnapshot, CreditApplicationInput } from './messages.ts';

export async function creditApplicationWorkflow(
  input: CreditApplicationInput,
): Promise<CaseSnapshot> {
  const { applicationId } = input;
  const policy = findCreditTrackPolicy(input.policy.creditTrack);
  const matrix = findMatrix(authorityMatrices, input.bankCode, input.policy.authority);
  const state = new CaseState(input, policy, matrix);
  registerPeopleHandlers(state);

  async function close(end: CaseEnd): Promise<CaseSnapshot> {
    state.step = 'closed';
    state.end = end;
    await condition(allHandlersFinished);
    return state.snapshot();
  }

  try {
    if (!(await completeFile(state))) {
      await activities.issueNotice({ applicationId, kind: 'file_expiry' });
      return await close('expired');
    }
    await assessAndRoute(state);
    await review(state);
    await approve(state);
  } catch (error) {
    if (!(error instanceof CaseWithdrawn) || !state.withdrawal) throw error;
    await activities.withdraw({
      applicationId,
      actor: state.withdrawal.actor,
      reason: state.withdrawal.reason,
      at: new Date().toISOString(),
    });
    return close('withdrawn');
  }

  state.step = 'letter';
  await activities.issueDecisionLetter({ applicationId });
  if (state.verdict?.outcome !== 'approve') return close('rejected');

  const validUntil = endOfShanghaiDayAfter(new Date(), policy.offerValidDays);
  await activities.openOffer({ applicationId, validUntil: validUntil.toISOString() });
  state.step = 'offer';
  if (!(await condition(() => state.offerResponse !== undefined, msUntil(validUntil)))) {
    return expireOffer();
  }
  await condition(() => state.offerRecorded);
  if (state.offerResponse?.response === 'decline') return close('offer-declined');

  const conditions = state.verdict.terms.conditions;
  if (conditions.length > 0) {
    // Accepting a conditional offer opened the officer's CONDITIONS task.
    state.step = 'conditions';
    if (!(await condition(() => state.conditionsMet !== undefined, msUntil(validUntil)))) {
      return expireOffer();
    }
    await condition(() => state.conditionsRecorded);
  }

  state.step = 'contract';
  const classificationPolicy = versionInForce(
    classificationPolicies,
    shanghaiDate(new Date()),
    'classification policy',
  ).version;
  const { loanId } = await activities.signContract({
    applicationId,
    at: new Date().toISOString(),
    signedById: state.offerResponse!.actor.userId,
    dayCount: policy.dayCount,
    classificationPolicy,
  });
  state.step = 'disbursement';
  await activities.disburse({ loanId, tranche: 1 });
  // The loan outlives its application: it is watched by its own workflow for its term.
  await startChild('loanMonitoringWorkflow', {
    workflowId: loanWorkflowId(loanId),
    args: [{ loanId, classificationPolicy }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  state.loanId = loanId;
  return close('disbursed');

  async function expireOffer(): Promise<CaseSnapshot> {
    await activities.expireOffer({ applicationId, at: new Date().toISOString() });
    await activities.issueNotice({ applicationId, kind: 'offer_expiry' });
    return close('offer-expired');
  }
}

/**
 * Asks for whatever the checklist still misses, reminding the applicant before the deadline.
 * True once the file is complete (the SLA clock starts), false if the deadline passed first.
 */
async function completeFile(state: CaseState): Promise<boolean> {
  const { applicationId } = state.input;
  const check = async () =>
    state.afterActivity(
      activities.checkDocuments({ applicationId, checklist: state.input.policy.documents }),
    );
  // Cleared before each check, so an upload signalled while a check runs is never lost.
  state.documentsChanged = false;
  let { missing } = await check();
  if (missing.length > 0) {
    const key = `${applicationId}:DOCUMENTS`;
    const due = addWorkingDays(new Date(), state.policy.documentsWorkingDays);
    await activities.openTask({
      applicationId,
      key,
      kind: 'DOCUMENTS',
      dueAt: due.toISOString(),
      detail: { missing: missing.map((d) => ({ ...d })) },
    });
    const task = state.personTask(key, deadline(state.clock, due));
    while (missing.length > 0) {
      const outcome = await state.awaitChange(() => state.documentsChanged, task);
      if (outcome === 'breached') {
        await activities.expireFile({ applicationId, missing, at: new Date().toISOString() });
        return false;
      }
      state.documentsChanged = false;
      ({ missing } = await check());
    }
  }
  await activities.completeFile({ applicationId, at: new Date().toISOString() });
  state.startClock(new Date());
  return true;
}

async function assessAndRoute(state: CaseState): Promise<void> {
  const { applicationId, policy: pinned } = state.input;
  state.step = 'assessment';
  const assessment = await state.afterActivity(
    activities.assessApplication({ applicationId, scorecards: pinned.scorecards }),
  );
  state.requestedAmountFen = assessment.requestedAmountFen;
  const techSme = assessment.results.find((r) => r.model === 'tech-sme');
  const grade = creditGrade(state.policy, techSme ?? { eligible: false, points: null });
  state.level = requiredLevel(state.matrix, {
    amountFen: assessment.requestedAmountFen,
    grade,
    product: assessment.product,
  });
  await state.afterActivity(
    activities.recordRouting({
      applicationId,
      grade,
      level: state.level,
      matrixVersion: state.matrix.version,
      decisionDueAt: dueTime(state.clock, state.decisionDeadline()).toISOString(),
    }),
  );
}

async function review(state: CaseState): Promise<void> {
  const { applicationId } = state.input;
  const key = `${applicationId}:REVIEW`;
  const base = addWorkingDays(state.fileCompletedAt(), state.policy.reviewWorkingDays);
  await state.afterActivity(
    activities.openTask({ applicationId, key, kind: 'REVIEW', dueAt: base.toISOString() }),
  );
  const task = state.personTask(key, deadline(state.clock, base));
  state.step = 'review';
  await state.awaitPerson(
    () => state.reviewed,
    () => task,
    async (due) => {
      await activities.escalate({ applicationId, taskKey: key, dueAt: due.toISOString() });
    },
  );
}

/** Opens the approval task at the case's level, escalating a level at each breach. */
async function approve(state: CaseState): Promise<void> {
  const { applicationId } = state.input;
  const open = async (level: ApprovalLevel, base: Date) => {
    const committee = level === 'CREDIT_COMMITTEE';
    const key = committee ? `${applicationId}:COMMITTEE` : `${applicationId}:DECISION:${level}`;
    if (committee) state.committee = await activities.committeeMembers({ applicationId });
    await activities.openTask({
      applicationId,
      key,
      kind: committee ? 'COMMITTEE' : 'DECISION',
      level,
      dueAt: base.toISOString(),
    });
    state.approvalTask = state.personTask(key, deadline(state.clock, base));
  };
  await state.afterActivity(open(state.level!, dueTime(state.clock, state.decisionDeadline())));
  state.step = 'approval';
  await state.awaitPerson(
    () => state.verdict !== undefined || state.committeeOutcome() !== undefined,
    () => state.approvalTask!,
    (due) =>
      state.switchingTask(async () => {
        const to = state.nextLevel();
        await activities.escalate({
          applicationId,
          taskKey: state.approvalTask!.key,
          dueAt: due.toISOString(),
          to,
        });
        if (!to) {
          state.committeeClosed = true; // voting ends once the quorum has voted
          return;
        }
        state.level = to;
        await open(to, addWorkingDays(new Date(), state.policy.escalationWorkingDays));
      }),
  );
  await state.settleDecision();
}

const msUntil = (instant: Date) => Math.max(instant.getTime() - Date.now(), 1);
