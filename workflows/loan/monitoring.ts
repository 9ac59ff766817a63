// A disbursed loan, monitored for its term and beyond until it is repaid (post-loan
// monitoring, DOMAIN.md §2): reviewed once a Shanghai day and after every repayment, which
// the bank's officer records through an update checked here against the loan's state. A
// pledge loan's collateral is watched beside it, released once the loan is repaid, and
// disposed of by the bank's officer when it defaults.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { LoanActivities, LoanPosition } from '../../activities/loan/monitoring.ts';
import { isIsoDate, shanghaiDate } from '../../domain/calendar.ts';
import { refuse } from '../lifecycle/acts.ts';
import { activities as guaranteeActivities } from '../guarantee/activities.ts';
import { collateralWatch } from './collateral-watch.ts';
import { registerDisposalHandlers } from './disposal.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import {
  loanQuery,
  recordRepaymentUpdate,
  type LoanMonitoringInput,
  type LoanSnapshot,
  type RepaymentInput,
} from '../../domain/contracts/loan.ts';

/** A run hands the loan's last position to the next when it continues as new. */
export interface LoanMonitoringRun extends LoanMonitoringInput {
  position?: LoanPosition;
  /** The day a pledge loan's rights were last re-checked at their registries. */
  collateralCheckedOn?: string;
}

const activities = proxyActivities<LoanActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const DAY_MS = 86_400_000;
/** Reviews run a few minutes after the Shanghai date turns, never on the edge of two days. */
const REVIEW_DELAY_MS = 5 * 60_000;
/** Daily reviews per run: about two months keeps the history short. */
const REVIEWS_PER_RUN = 60;

function nextReviewAt(now: Date): number {
  return Date.parse(`${shanghaiDate(now)}T00:00:00+08:00`) + DAY_MS + REVIEW_DELAY_MS;
}

/** Refuses a repayment the loan cannot take; checks needing the position wait until it is known. */
function checkRepayment(repayment: RepaymentInput, position: LoanPosition | undefined): void {
  const { amountFen, receivedOn, reference } = repayment;
  if (position?.status === 'REPAID') refuse(RefusalType.invalidState, 'the loan is repaid');
  if (position && position.status !== 'LIVE') {
    refuse(RefusalType.invalidState, 'the loan is in disposal: record the sale of its collateral');
  }
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    refuse(RefusalType.businessRule, 'a repayment must be a positive whole number of fen');
  }
  if (reference.trim() === '') refuse(RefusalType.businessRule, "the bank's reference is missing");
  if (!isIsoDate(receivedOn)) refuse(RefusalType.businessRule, 'receivedOn must be an ISO date');
  if (receivedOn > shanghaiDate(new Date())) {
    refuse(RefusalType.businessRule, 'a repayment cannot be received after today');
  }
  if (!position) return;
  if (receivedOn < position.disbursedOn) {
    refuse(RefusalType.businessRule, `the loan was disbursed on ${position.disbursedOn}`);
  }
  if (amountFen > position.owedFen) {
    refuse(RefusalType.businessRule, `the repayment exceeds the ${position.owedFen} fen owed`);
  }
}

export async function loanMonitoringWorkflow(input: LoanMonitoringRun): Promise<LoanSnapshot> {
  const { loanId, classificationPolicy } = input;
  let position = input.position;
  const isLive = () => position?.status === 'LIVE';

  const reviewNow = async () => {
    // Nothing to review once disposal has taken the loan over.
    if (position && position.status !== 'LIVE' && position.status !== 'REPAID') return position;
    const now = new Date();
    position = await activities.reviewLoan({
      loanId,
      classificationPolicy,
      asOf: shanghaiDate(now),
      at: now.toISOString(),
    });
    return position;
  };
  // Reviews and repayments take turns, so no review result overwrites a newer one.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };

  setHandler(loanQuery, () => {
    if (!position) throw new Error('the loan is being opened');
    return snapshotOf(position);
  });

  setHandler(
    recordRepaymentUpdate,
    async (repayment: RepaymentInput) => {
      await condition(() => position !== undefined);
      return inTurn(async () => {
        // Checked again in turn: a repayment just before this one may have closed the loan.
        checkRepayment(repayment, position);
        const outcome = await activities.recordLoanRepayment({
          loanId,
          repayment,
          at: new Date().toISOString(),
        });
        if (outcome === 'reference-taken') {
          refuse(RefusalType.invalidState, `reference ${repayment.reference} is already recorded`);
        }
        return snapshotOf(await reviewNow());
      });
    },
    { validator: (repayment: RepaymentInput) => checkRepayment(repayment, position) },
  );

  const disposal = registerDisposalHandlers({
    loanId,
    collateral: input.collateral,
    position: () => position,
    setStatus: (status) => snapshotOf((position = { ...position!, status })),
    inTurn,
  });

  if (!position) await inTurn(reviewNow);
  const watch = input.collateral && collateralWatch(input.collateral, input.collateralCheckedOn);
  for (let reviews = 0; isLive();) {
    if (reviews === REVIEWS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (!isLive()) break;
      const collateralCheckedOn = watch?.checkedOn();
      return continueAsNew<typeof loanMonitoringWorkflow>({
        ...input,
        position,
        ...(collateralCheckedOn && { collateralCheckedOn }),
      });
    }
    const closed = await condition(() => !isLive(), nextReviewAt(new Date()) - Date.now());
    if (!closed) {
      await inTurn(reviewNow);
      reviews += 1;
      if (watch && isLive()) await inTurn(() => watch.checkIfDue(loanId, position!));
    }
  }
  if (position!.status === 'IN_DISPOSAL') await condition(() => disposal.unsold() !== undefined);
  await condition(allHandlersFinished);
  if (watch && position!.status === 'REPAID') await watch.release(loanId);
  if (input.guaranteed && position!.status === 'REPAID') {
    await guaranteeActivities.releaseGuarantee({ loanId, at: new Date().toISOString() });
  }
  if (watch && position!.status === 'DISPOSED') await watch.release(loanId, disposal.unsold());
  return snapshotOf(position!);
}

const snapshotOf = (p: LoanPosition): LoanSnapshot => ({
  status: p.status,
  classification: p.classification,
  daysPastDue: p.daysPastDue,
  outstandingPrincipalFen: p.outstandingPrincipalFen,
});
