// One credit application on the dedicated track (DOMAIN.md §2), from filing to a live loan:
// documents → assessment → routing → review → approval (by authority level, or committee
// vote) → letter → offer → conditions → contract → (a pledge loan's registrations) →
// disbursement → loan monitoring. People act through updates whose validators enforce the
// rules here, where the process runs, so no client can skip them. Each phase says how it
// ended; the process branches on that.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  executeChild,
  startChild,
} from '@temporalio/workflow';
import {
  findMatrix,
  requiredLevel,
  type ApprovalLevel,
} from '../../domain/credit/authority-matrix.ts';
import { authorityMatrices } from '../../domain/credit/authority-matrix.data.ts';
import { addWorkingDays, endOfShanghaiDayAfter, shanghaiDate } from '../../domain/calendar.ts';
import { creditGrade, findCreditTrackPolicy } from '../../domain/credit/track-policy.ts';
import { classificationPolicies } from '../../domain/loan/classification.data.ts';
import { versionInForce } from '../../domain/policy-versions.ts';
import { deadline, dueTime } from '../../domain/sla-clock.ts';
import type {
  ApplicationEnd,
  ApplicationSnapshot,
  CreditApplicationInput,
} from '../../domain/contracts/credit.ts';
import { guaranteeWorkflowId } from '../../domain/contracts/guarantee.ts';
import { loanWorkflowId } from '../../domain/contracts/loan.ts';
import { findPledgePolicy } from '../../domain/pledge/pledge-policy.ts';
import { pledgePolicies } from '../../domain/pledge/pledge-policy.data.ts';
import { waitFor } from '../lifecycle/acts.ts';
import { activities as guaranteeActivities } from '../guarantee/activities.ts';
import { guaranteeUnderwritingWorkflow } from '../guarantee/underwriting.ts';
import { activities as pledgeActivities } from '../pledge/activities.ts';
import { loanMonitoringWorkflow } from '../loan/monitoring.ts';
import { ApplicationState } from './application-state.ts';
import { activities } from './activities.ts';
import { registerPledgeUpdateHandlers } from './pledge-updates.ts';
import { registerPledges } from './pledges.ts';
import { registerUpdateHandlers } from './updates.ts';

/** How a phase before the decision ended: it ran its course, or the applicant withdrew. */
type PhaseEnd = 'done' | 'withdrawn';

export async function creditApplicationWorkflow(
  input: CreditApplicationInput,
): Promise<ApplicationSnapshot> {
  const { applicationId } = input;
  const matrix = findMatrix(authorityMatrices, input.bankCode, input.policy.authority);
  const pledgePolicy =
    input.policy.pledge === undefined
      ? undefined
      : findPledgePolicy(pledgePolicies, input.bankCode, input.policy.pledge);
  const trackPolicy = findCreditTrackPolicy(input.policy.creditTrack);
  // A pledge loan is decided within the pledge SLA (15 working days, DOMAIN.md §2).
  const policy = pledgePolicy
    ? { ...trackPolicy, decisionWorkingDays: pledgePolicy.decisionWorkingDays }
    : trackPolicy;
  const state = new ApplicationState(input, policy, matrix, pledgePolicy);
  registerUpdateHandlers(state);
  registerPledgeUpdateHandlers(state);

  async function close(end: ApplicationEnd): Promise<ApplicationSnapshot> {
    // Rights named for a loan that will not be made are free again (a cancelled contract has
    // already withdrawn or released its own).
    if (state.pledged && end !== 'disbursed' && end !== 'cancelled') {
      await pledgeActivities.withdrawPledges({ applicationId, at: new Date().toISOString() });
    }
    // A guarantee for a loan that will not be paid out frees the firm's headroom.
    if (input.guarantee && end !== 'disbursed') {
      await guaranteeActivities.lapseGuarantee({ applicationId, at: new Date().toISOString() });
    }
    state.step = 'closed';
    state.end = end;
    await condition(allHandlersFinished);
    return state.snapshot();
  }

  const file = await completeFile(state);
  if (file === 'deadline') {
    await activities.issueNotice({ applicationId, kind: 'file_expiry' });
    return close('expired');
  }
  let phase: PhaseEnd = file;
  for (const next of [assessAndRoute, review, approve]) {
    if (phase === 'withdrawn') break;
    phase = await next(state);
  }
  if (phase === 'withdrawn') {
    await activities.withdraw({
      applicationId,
      actor: state.withdrawal!.actor,
      reason: state.withdrawal!.reason,
      at: new Date().toISOString(),
    });
    return close('withdrawn');
  }

  const verdict = state.verdict!.input;
  if (verdict.outcome === 'approve' && input.guarantee) {
    // The guarantor's own underwriting follows the bank's approval (DOMAIN.md §5).
    state.step = 'guarantee';
    const guaranteed = await executeChild(guaranteeUnderwritingWorkflow, {
      workflowId: guaranteeWorkflowId(input.guarantee.guaranteeId),
      args: [
        {
          ...input.guarantee,
          applicationId,
          amountFen: verdict.terms.amountFen,
          termMonths: verdict.terms.termMonths,
        },
      ],
    });
    if (guaranteed.outcome === 'declined') {
      await guaranteeActivities.declineGuaranteedCase({
        guaranteeId: input.guarantee.guaranteeId,
        applicationId,
        at: new Date().toISOString(),
      });
      return close('guarantee-declined');
    }
  }
  state.step = 'letter';
  await activities.issueDecisionLetter({ applicationId });
  if (verdict.outcome !== 'approve') return close('rejected');

  const validUntil = endOfShanghaiDayAfter(new Date(), policy.offerValidDays);
  await activities.openOffer({ applicationId, validUntil: validUntil.toISOString() });
  state.step = 'offer';
  const offer = await waitFor(() => state.offerResponse, { until: validUntil });
  if (offer.outcome !== 'acted') return expireOffer();
  await offer.act.recorded;
  if (offer.act.input.response === 'decline') return close('offer-declined');

  if (verdict.terms.conditions.length > 0) {
    // Accepting a conditional offer opened the officer's CONDITIONS task.
    state.step = 'conditions';
    const met = await waitFor(() => state.conditionsMet, { until: validUntil });
    if (met.outcome !== 'acted') return expireOffer();
    await met.act.recorded;
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
    signedById: offer.act.input.actor.userId,
    dayCount: policy.dayCount,
    dueDateRule: policy.dueDateRule ?? 'unadjusted',
    classificationPolicy,
  });
  if (state.pledged && (await registerPledges(state, loanId)) === 'cancelled') {
    return close('cancelled');
  }
  if (input.guarantee) {
    // No money moves before the guarantee is in force: it is signed with the loan contract.
    await guaranteeActivities.putGuaranteeInForce({
      applicationId,
      loanId,
      at: new Date().toISOString(),
    });
  }
  state.step = 'disbursement';
  await activities.disburse({ loanId, tranche: 1 });
  // The loan outlives its application: it is watched by its own workflow for its term.
  await startChild(loanMonitoringWorkflow, {
    workflowId: loanWorkflowId(loanId),
    args: [
      {
        loanId,
        classificationPolicy,
        ...(input.guarantee && { guaranteed: true }),
        ...(state.pledged && {
          collateral: {
            bankCode: input.bankCode,
            pledgePolicy: input.policy.pledge!,
            pledges: state.collateral.map(({ pledgeId, kind }) => ({ pledgeId, kind })),
          },
        }),
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  state.loanId = loanId;
  return close('disbursed');

  async function expireOffer(): Promise<ApplicationSnapshot> {
    await activities.expireOffer({ applicationId, at: new Date().toISOString() });
    await activities.issueNotice({ applicationId, kind: 'offer_expiry' });
    return close('offer-expired');
  }
}

/**
 * Asks for whatever the checklist still misses, reminding the applicant before the deadline.
 * 'done' once the file is complete (the SLA clock starts), 'deadline' if it passed first.
 */
async function completeFile(state: ApplicationState): Promise<'done' | 'deadline' | 'withdrawn'> {
  const { applicationId } = state.input;
  const check = () =>
    activities.checkDocuments({ applicationId, checklist: state.input.policy.documents });
  // Cleared before each check, so an upload signalled while a check runs is never lost.
  state.documentsChanged = false;
  let { missing } = await check();
  if (state.withdrawn()) return 'withdrawn';
  if (missing.length > 0) {
    const due = addWorkingDays(new Date(), state.policy.documentsWorkingDays);
    const ref = { kind: 'DOCUMENTS' } as const;
    const task = state.personTask(ref, deadline(state.clock, due));
    await activities.openTask({
      applicationId,
      task: ref,
      dueAt: due.toISOString(),
      detail: { missing: missing.map((d) => ({ ...d })) },
    });
    while (missing.length > 0) {
      const waited = await state.awaitTask(
        () => state.documentsChanged,
        () => task,
      );
      if (waited === 'withdrawn') return 'withdrawn';
      if (waited === 'deadline') {
        await activities.expireFile({ applicationId, missing, at: new Date().toISOString() });
        return 'deadline';
      }
      state.documentsChanged = false;
      ({ missing } = await check());
      if (state.withdrawn()) return 'withdrawn';
    }
  }
  await activities.completeFile({ applicationId, at: new Date().toISOString() });
  state.startClock(new Date());
  return 'done';
}

async function assessAndRoute(state: ApplicationState): Promise<PhaseEnd> {
  const { applicationId, policy: pinned } = state.input;
  state.step = 'assessment';
  const assessment = await activities.assessApplication({
    applicationId,
    scorecards: pinned.scorecards,
  });
  if (state.withdrawn()) return 'withdrawn';
  state.requestedAmountFen = assessment.requestedAmountFen;
  const techSme = assessment.results.find((r) => r.model === 'tech-sme');
  const grade = creditGrade(state.policy, techSme ?? { eligible: false, points: null });
  state.level = requiredLevel(state.matrix, {
    amountFen: assessment.requestedAmountFen,
    grade,
    product: assessment.product,
  });
  await activities.recordRouting({
    applicationId,
    grade,
    level: state.level,
    matrixVersion: state.matrix.version,
    decisionDueAt: dueTime(state.clock, state.decisionDeadline()).toISOString(),
  });
  return state.withdrawn() ? 'withdrawn' : 'done';
}

async function review(state: ApplicationState): Promise<PhaseEnd> {
  const { applicationId } = state.input;
  const base = addWorkingDays(state.fileCompletedAt(), state.policy.reviewWorkingDays);
  const ref = { kind: 'REVIEW' } as const;
  const task = state.personTask(ref, deadline(state.clock, base));
  await activities.openTask({ applicationId, task: ref, dueAt: base.toISOString() });
  if (state.withdrawn()) return 'withdrawn';
  state.step = 'review';
  const waited = await state.awaitTask(
    () => state.review !== undefined,
    () => task,
    async (due) => {
      await activities.escalate({ applicationId, task: task.ref, dueAt: due.toISOString() });
    },
  );
  if (waited === 'withdrawn') return waited;
  await state.review!.recorded;
  return state.withdrawn() ? 'withdrawn' : 'done';
}

/** Opens the approval task at the application's level, escalating a level at each breach. */
async function approve(state: ApplicationState): Promise<PhaseEnd> {
  const { applicationId } = state.input;
  const open = async (level: ApprovalLevel, base: Date) => {
    const committee = level === 'CREDIT_COMMITTEE';
    if (committee) state.committee = await activities.committeeMembers({ applicationId });
    const task = committee
      ? { kind: 'COMMITTEE' as const }
      : { kind: 'DECISION' as const, qualifier: level };
    await activities.openTask({ applicationId, task, level, dueAt: base.toISOString() });
    state.approvalTask = state.personTask(task, deadline(state.clock, base));
  };
  await open(state.level!, dueTime(state.clock, state.decisionDeadline()));
  if (state.withdrawn()) return 'withdrawn';
  state.step = 'approval';
  const waited = await state.awaitTask(
    () => state.verdict !== undefined || state.committeeOutcome() !== undefined,
    () => state.approvalTask!,
    (due) =>
      state.switchingTask(async () => {
        const to = state.nextLevel();
        await activities.escalate({
          applicationId,
          task: state.approvalTask!.ref,
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
  if (waited === 'done') await state.settleDecision();
  return waited;
}
