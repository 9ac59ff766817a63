// A firm opens an equity round: the term sheet is checked against its cap table (a round needs
// one, and registered capital is never priced below its face value), written with the
// "opened" event, and the round's workflow started. A retried opening (the same
// Idempotency-Key) finds its row written and starts the workflow if Temporal missed it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar.ts';
import { roundWorkflowId } from '../../domain/contracts/equity.ts';
import { TASK_QUEUE, type Actor } from '../../domain/contracts/shared.ts';
import { termsProblems, type RoundTerms } from '../../domain/equity/round.ts';
import { holdingsOf, roundTerms, unitsByHolder } from '../../prisma/equity-store.ts';
import type { Db, Enterprise } from '../../prisma/client.ts';
import { dayOf, lockEnterprise } from '../../prisma/enterprise-store.ts';
import { recordRoundEvent } from '../../prisma/lifecycles.ts';
import type { equityRoundWorkflow } from '../../workflows/index.ts';
import { AppError } from '../errors.ts';
import { startOnce } from '../workflow-errors.ts';

export async function openRound(
  { db, temporal, taskQueue = TASK_QUEUE }: { db: Db; temporal: Client; taskQueue?: string },
  enterprise: Enterprise,
  actor: Actor,
  offer: { terms: RoundTerms; conditions: string[] },
  { id = randomUUID() }: { id?: string } = {},
): Promise<string> {
  const opened = await db.equityRound.findUnique({ where: { id } });
  if (!opened) {
    const at = new Date();
    const openedOn = shanghaiDate(at);
    const holdings = unitsByHolder(await holdingsOf(db, enterprise.id));
    const problems = termsProblems(
      offer.terms,
      { capitalUnit: enterprise.capitalUnit ?? 'SHARES', holdings },
      openedOn,
    );
    if (problems.length > 0) {
      throw new AppError(
        'business_rule',
        problems.join('; '),
        problems.map((message) => ({ field: 'body', message })),
      );
    }
    await db.$transaction(async (tx) => {
      // One round at a time: a second would price the firm before the first is settled.
      await lockEnterprise(tx, enterprise.id);
      if (
        await tx.equityRound.findFirst({ where: { enterpriseId: enterprise.id, status: 'OPEN' } })
      ) {
        throw new AppError('conflict', 'the firm has a round open');
      }
      await tx.equityRound.create({
        data: {
          id,
          enterpriseId: enterprise.id,
          instrument: offer.terms.instrument,
          preMoneyFen: BigInt(offer.terms.preMoneyFen),
          amountSoughtFen: BigInt(offer.terms.amountSoughtFen),
          minimumFen: BigInt(offer.terms.minimumFen),
          deadline: dayOf(offer.terms.deadline),
          conditions: offer.conditions,
          openedOn: dayOf(openedOn),
          openedById: actor.userId,
          workflowId: roundWorkflowId(id),
        },
      });
      await recordRoundEvent(tx, {
        subjectId: id,
        event: 'opened',
        at,
        actor,
        data: { ...offer.terms, conditions: offer.conditions },
      });
    });
  }
  const round = opened ?? (await db.equityRound.findUniqueOrThrow({ where: { id } }));
  await startOnce<typeof equityRoundWorkflow>(temporal, 'equityRoundWorkflow', {
    workflowId: round.workflowId,
    taskQueue,
    args: [{ roundId: id, terms: roundTerms(round) }],
  });
  return id;
}
