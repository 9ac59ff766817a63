// The guidance fund records a sub-fund it has committed to: the sub-fund (an institution of
// kind SUB_FUND), the terms it pinned, its closing date and who committed what. The fund's
// stake is checked against rule 26 (at most the terms' cap, never the largest holder); the
// sub-fund's reporting duties start as its workflow from the closing date.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar.ts';
import { subFundWorkflowId } from '../../domain/contracts/fund.ts';
import { TASK_QUEUE, type Actor } from '../../domain/contracts/shared.ts';
import { stakeProblems } from '../../domain/fund/stake.ts';
import type { Db, Institution } from '../../prisma/client.ts';
import { asJson, dayOf } from '../../prisma/enterprise-store.ts';
import { fundTermsOf } from '../../prisma/fund-store.ts';
import { recordSubFundEvent } from '../../prisma/lifecycles.ts';
import type { subFundReportingWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { startOnce } from '../workflow-errors.ts';

export interface HolderCommitment {
  holder: string;
  institutionId: string | null;
  isGuidanceFund: boolean;
  amountFen: number;
}

/** Refuses commitments that break rule 26 under `maxStakeBp`, naming each breach. */
export function assertStake(commitments: readonly HolderCommitment[], maxStakeBp: number) {
  if (!Number.isSafeInteger(commitments.reduce((sum, c) => sum + c.amountFen, 0))) {
    throw new AppError('business_rule', 'the commitments add up to more than can be counted');
  }
  const problems = stakeProblems({
    commitments: commitments.map((c) => ({
      holder: c.holder,
      fen: c.amountFen,
      isGuidanceFund: c.isGuidanceFund,
    })),
    maxStakeBp,
  });
  if (problems.length > 0) {
    throw new AppError(
      'business_rule',
      problems.join('; '),
      problems.map((message) => ({ field: 'body.commitments', message })),
    );
  }
}

export async function createSubFund(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  fund: { guidanceFund: Institution; subFund: Institution; actor: Actor },
  terms: { version: string; closedOn: string; commitments: HolderCommitment[] },
  { id = randomUUID() }: { id?: string } = {},
): Promise<string> {
  const pinned = fundTermsOf({ termsVersion: terms.version });
  assertStake(terms.commitments, pinned.maxGuidanceStakeBp);
  const existing = await db.subFund.findUnique({ where: { institutionId: fund.subFund.id } });
  if (existing && existing.id !== id) {
    throw new AppError('conflict', `${fund.subFund.code} is already a sub-fund`);
  }
  if (!existing) {
    await db.$transaction(async (tx) => {
      await tx.subFund.create({
        data: {
          id,
          institutionId: fund.subFund.id,
          guidanceFundId: fund.guidanceFund.id,
          termsVersion: pinned.version,
          closedOn: dayOf(terms.closedOn),
          createdById: fund.actor.userId,
          workflowId: subFundWorkflowId(id),
          commitments: {
            create: terms.commitments.map((c) => ({
              holder: c.holder,
              institutionId: c.institutionId,
              isGuidanceFund: c.isGuidanceFund,
              amountFen: BigInt(c.amountFen),
              committedOn: dayOf(terms.closedOn),
            })),
          },
        },
      });
      await recordSubFundEvent(tx, {
        subjectId: id,
        event: 'created',
        at: new Date(),
        actor: fund.actor,
        data: asJson({
          terms: pinned.version,
          closedOn: terms.closedOn,
          commitments: terms.commitments,
        }),
      });
    });
  }
  await startOnce<typeof subFundReportingWorkflow>(temporal, 'subFundReportingWorkflow', {
    workflowId: subFundWorkflowId(id),
    taskQueue,
    args: [
      {
        subFundId: id,
        closedOn: terms.closedOn,
        reporting: pinned.reporting,
        // A sub-fund recorded after it closed owes the duties from today on, not the past's.
        from: [terms.closedOn, shanghaiDate(new Date())].sort()[1]!,
        awaited: [],
      },
    ],
  });
  return id;
}
