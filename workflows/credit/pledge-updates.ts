// What the bank's officer does to a pledge loan's collateral while the case runs: records an
// appraisal before the decision (rule 18: a report older than its validity does not count),
// and answers a rejected registration (file again, or replace the right) or an impaired right.
import { setHandler } from '@temporalio/workflow';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  recordAppraisalUpdate,
  resolveCollateralUpdate,
  type AppraisalInput,
  type CollateralResolutionInput,
} from '../../domain/contracts/pledge.ts';
import { productOf } from '../../domain/pledge/collateral.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import type { ApplicationStep } from '../../domain/credit/lifecycle.ts';
import {
  appraisalExpiresOn,
  loanToValue,
  type Appraisal,
} from '../../domain/pledge/loan-to-value.ts';
import { accept, refuse } from '../lifecycle/acts.ts';
import { activities as pledgeActivities } from '../pledge/activities.ts';
import type { ApplicationState } from './application-state.ts';

/** Appraisals count for the decision, so they are taken until it is made. */
const appraisalSteps: readonly ApplicationStep[] = [
  'documents',
  'assessment',
  'review',
  'approval',
];

/** Why an appraisal report cannot count today, or undefined when it can (rule 18). */
function appraisalProblem(state: ApplicationState, label: string, appraisal: Appraisal) {
  if (!Number.isSafeInteger(appraisal.valueFen) || appraisal.valueFen <= 0) {
    return 'an appraised value is a positive whole number of fen';
  }
  const today = shanghaiDate(new Date());
  if (appraisal.appraisedOn > today) return 'an appraisal cannot be dated after today';
  const expiresOn = appraisalExpiresOn(appraisal, state.pledgePolicy!);
  if (expiresOn <= today) {
    return `the appraisal of ${label} expired on ${expiresOn}: a new report is needed`;
  }
  return undefined;
}

function checkAppraisal(state: ApplicationState, { actor, pledgeId, appraisal }: AppraisalInput) {
  if (actor.role !== 'OFFICER') refuse(RefusalType.authority, 'this needs the role OFFICER');
  const pledge = state.collateral.find((c) => c.pledgeId === pledgeId);
  if (!pledge) refuse(RefusalType.invalidState, `no pledge ${pledgeId} secures this case`);
  if (!appraisalSteps.includes(state.step) || state.verdict) {
    refuse(RefusalType.invalidState, 'appraisals are recorded before the decision');
  }
  const problem = appraisalProblem(state, pledge.label, appraisal);
  if (problem) refuse(RefusalType.businessRule, problem);
}

/**
 * A refused right replaced by another: of the case's kind, its report valid today, and the
 * collateral with it still securing the approved amount (Σ LTV × appraised value).
 */
function checkReplacement(
  state: ApplicationState,
  { replaces, replacement, appraisal }: Extract<CollateralResolutionInput, { action: 'replace' }>,
) {
  if (!state.collateralQuestion!.issues.some((i) => i.pledgeId === replaces)) {
    refuse(RefusalType.invalidState, `pledge ${replaces} was not refused`);
  }
  if (productOf(replacement.kind) !== productOf(state.collateral[0]!.kind)) {
    refuse(RefusalType.businessRule, `${replacement.label} cannot secure this loan`);
  }
  const problem = appraisalProblem(state, replacement.label, appraisal);
  if (problem) refuse(RefusalType.businessRule, problem);
  const items = state.collateral
    .filter((c) => c.pledgeId !== replaces)
    .map((c) => ({ kind: c.kind, valueFen: state.appraisals.get(c.pledgeId)?.valueFen ?? 0 }));
  items.push({ kind: replacement.kind, valueFen: appraisal.valueFen });
  const { totalFen } = loanToValue(items, state.pledgePolicy!);
  const verdict = state.verdict!.input;
  const approvedFen = verdict.outcome === 'approve' ? verdict.terms.amountFen : 0;
  if (approvedFen > totalFen) {
    refuse(
      RefusalType.businessRule,
      `with ${replacement.label} the collateral secures ${totalFen} fen, less than the ${approvedFen} approved`,
    );
  }
}

export function registerPledgeUpdateHandlers(state: ApplicationState) {
  const { applicationId } = state.input;
  const now = () => new Date();

  setHandler(
    recordAppraisalUpdate,
    async (input) => {
      state.appraisals.set(input.pledgeId, input.appraisal);
      const write = state.appraisalWrites.then(() =>
        pledgeActivities.recordAppraisal({
          pledgeId: input.pledgeId,
          appraisal: input.appraisal,
          actor: input.actor,
          at: now().toISOString(),
        }),
      );
      state.appraisalWrites = write.catch(() => undefined);
      await write;
      return state.snapshot();
    },
    { validator: (input) => checkAppraisal(state, input) },
  );

  setHandler(
    resolveCollateralUpdate,
    async (resolution) => {
      const { round } = state.collateralQuestion!;
      if (resolution.action === 'replace') {
        const at = state.collateral.findIndex((c) => c.pledgeId === resolution.replaces);
        const { pledgeId, kind, label } = resolution.replacement;
        state.collateral[at] = { pledgeId, kind, label };
        state.appraisals.set(pledgeId, resolution.appraisal);
      }
      state.collateralAnswer = accept(resolution, () =>
        pledgeActivities.recordCollateralResolution({
          applicationId,
          round,
          resolution,
          at: now().toISOString(),
        }),
      );
      await state.collateralAnswer.recorded;
      return state.snapshot();
    },
    {
      validator: (resolution) => {
        const { actor, action } = resolution;
        if (actor.role !== 'OFFICER') refuse(RefusalType.authority, 'this needs the role OFFICER');
        const question = state.collateralQuestion;
        if (!question || state.collateralAnswer) {
          refuse(RefusalType.invalidState, 'no collateral problem awaits an answer');
        }
        if (!question.actions.includes(action)) {
          refuse(
            RefusalType.businessRule,
            `the answer here is one of: ${question.actions.join(', ')}`,
          );
        }
        if (resolution.action === 'replace') checkReplacement(state, resolution);
      },
    },
  );
}
