// A pledge case for workflow tests: the people who act on it, its filing with patents, its
// appraisal, review, approval and accepted offer, and ways to let workflow time pass.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { expect } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  decideUpdate,
  respondToOfferUpdate,
  reviewUpdate,
  type DecisionInput,
} from '../../domain/contracts/credit.ts';
import { recordAppraisalUpdate } from '../../domain/contracts/pledge.ts';
import type { ApplicationTestbed, FiledApplication, FilingOptions } from './application-testbed.ts';

/** The address letters print when the worker is given none. */
export const LETTER_BASE_URL = 'http://localhost:3000';

export const officer = { userId: randomUUID(), role: 'OFFICER' as const };
const approver = {
  userId: randomUUID(),
  role: 'APPROVER' as const,
  level: 'BRANCH_APPROVER' as const,
};

export const patent = () => ({
  type: 'INVENTION_PATENT' as const,
  number: `ZL${randomUUID().slice(0, 12)}`,
});

export const ipPledge = (...rights: ReturnType<typeof patent>[]): FilingOptions => ({
  pledge: { product: 'ip-pledge', rights },
});

export const terms = (amountFen: number) => ({
  amountFen,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-instalment' as const,
  conditions: [],
});

export const approval = (amountFen: number): DecisionInput => ({
  actor: approver,
  outcome: 'approve',
  ...terms(amountFen),
});

/** The refusal an update met: its type and message. */
export const refusalOf = async (update: Promise<unknown>) => {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
};

/** The steps of a pledge case on the testbed (started later), dated on its workflows' clock. */
export function pledgeCases(bed: () => ApplicationTestbed) {
  /** The workflows' date: the time-skipping server runs ahead of the wall clock. */
  const today = async () => shanghaiDate(new Date(await bed().env.currentTimeMs()));

  const pledgesOf = (c: FiledApplication) =>
    bed().database.db.pledge.findMany({
      where: { applicationId: c.id },
      orderBy: { ordinal: 'asc' },
    });

  /** Records an appraisal of `valueFen`, dated `on` (today), for every pledge of the case. */
  async function appraiseAll(c: FiledApplication, valueFen: number, on?: string) {
    const appraisedOn = on ?? (await today());
    const report = await bed().database.db.document.findFirstOrThrow({
      where: { applicationId: c.id, type: 'appraisal-report' },
    });
    for (const pledge of await pledgesOf(c)) {
      await c.handle.executeUpdate(recordAppraisalUpdate, {
        args: [
          {
            actor: officer,
            pledgeId: pledge.id,
            appraisal: {
              appraiser: '湖北众联资产评估有限公司',
              appraisedOn,
              valueFen,
              method: 'income',
              documentId: report.id,
            },
          },
        ],
      });
    }
  }

  /** Appraised, reviewed, approved and accepted: the contract is signed next. */
  async function toContract(c: FiledApplication, amountFen = 100_000_000) {
    await c.untilStep('review');
    await appraiseAll(c, 500_000_000);
    await c.handle.executeUpdate(reviewUpdate, {
      args: [
        { actor: officer, recommendation: 'approve', reasons: [], proposal: terms(amountFen) },
      ],
    });
    await c.untilStep('approval');
    await c.handle.executeUpdate(decideUpdate, { args: [approval(amountFen)] });
    await c.untilStep('offer');
    await c.handle.executeUpdate(respondToOfferUpdate, {
      args: [{ actor: { userId: c.applicant.id, role: 'APPLICANT' }, response: 'accept' }],
    });
  }

  /** Advances workflow time `stepDays` at a time, up to `days`, until `check` holds. */
  async function skipUntil(check: () => Promise<boolean>, days = 30, stepDays = 1) {
    for (let day = 0; day < days; day += stepDays) {
      if (await check()) return;
      await bed().env.sleep(`${stepDays} days`);
    }
    throw new Error(`still not so after ${days} days`);
  }

  /** The loan the case became, once its workflow has paid it out. */
  const loanOf = async (c: FiledApplication) => {
    const { loanId } = await c.handle.result();
    return bed().database.db.loan.findUniqueOrThrow({ where: { id: loanId } });
  };

  return { today, pledgesOf, appraiseAll, toContract, skipUntil, loanOf };
}
