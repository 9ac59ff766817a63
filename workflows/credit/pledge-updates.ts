// What the bank's officer does to a pledge loan's collateral while the case runs: records an
// appraisal before the decision (rule 18: a report older than its validity does not count),
// and answers a rejected registration or an impaired right.
import { setHandler } from '@temporalio/workflow';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  recordAppraisalUpdate,
  resolveCollateralUpdate,
  type AppraisalInput,
} from '../../domain/contracts/pledge.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import type { ApplicationStep } from '../../domain/credit/lifecycle.ts';
import { appraisalExpiresOn } from '../../domain/pledge/loan-to-value.ts';
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

function checkAppraisal(state: ApplicationState, { actor, pledgeId, appraisal }: AppraisalInput) {
  if (actor.role !== 'OFFICER') refuse(RefusalType.authority, 'this needs the role OFFICER');
  const pledge = state.collateral.find((c) => c.pledgeId === pledgeId);
  if (!pledge) refuse(RefusalType.invalidState, `no pledge ${pledgeId} secures this case`);
  if (!appraisalSteps.includes(state.step) || state.verdict) {
    refuse(RefusalType.invalidState, 'appraisals are recorded before the decision');
  }
  if (!Number.isSafeInteger(appraisal.valueFen) || appraisal.valueFen <= 0) {
    refuse(RefusalType.businessRule, 'an appraised value is a positive whole number of fen');
  }
  const today = shanghaiDate(new Date());
  if (appraisal.appraisedOn > today) {
    refuse(RefusalType.businessRule, 'an appraisal cannot be dated after today');
  }
  const expiresOn = appraisalExpiresOn(appraisal, state.pledgePolicy!);
  if (expiresOn <= today) {
    refuse(
      RefusalType.businessRule,
      `the appraisal of ${pledge.label} expired on ${expiresOn}: a new report is needed`,
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
      validator: ({ actor, action }) => {
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
      },
    },
  );
}
