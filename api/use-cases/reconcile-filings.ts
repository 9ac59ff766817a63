// What an outage of Temporal leaves half done, finished when it is back: a filed row whose
// workflow never started, documents stored whose workflow was never told. The API runs this
// every few seconds; every step is idempotent, so two API processes may run it at once.
import { WorkflowNotFoundError } from '@temporalio/client';
import { documentsChangedSignal } from '../../domain/contracts/credit.ts';
import { callWorkflow } from '../workflow-errors.ts';
import { startCreditWorkflow, type StartDeps } from './file-application.ts';

/** Younger than this, a row or a document may still be in the hands of its own request. */
const SETTLED_AFTER_MS = 10_000;
const BATCH = 100;

/**
 * Tells the case's workflow that documents arrived, and records that it was told. A closed
 * case has nothing left to tell.
 */
export async function deliverDocuments(
  { db, temporal }: Pick<StartDeps, 'db' | 'temporal'>,
  application: { workflowId: string },
  documentIds: string[],
): Promise<void> {
  try {
    await callWorkflow(
      temporal,
      () => temporal.workflow.getHandle(application.workflowId).signal(documentsChangedSignal),
      { gone: 'rethrow' },
    );
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  await db.document.updateMany({
    where: { id: { in: documentIds }, deliveredAt: null },
    data: { deliveredAt: new Date() },
  });
}

/** Runs the step for each item on its own, returning the items it succeeded for. */
async function eachOf<T>(items: T[], step: (item: T) => Promise<unknown>): Promise<T[]> {
  const outcomes = await Promise.allSettled(items.map(step));
  return items.filter((_, i) => outcomes[i]!.status === 'fulfilled');
}

export async function reconcileFilings(
  deps: StartDeps,
  now = new Date(),
): Promise<{ started: number; delivered: number; failed: number }> {
  const settled = new Date(now.getTime() - SETTLED_AFTER_MS);
  const unstarted = await deps.db.application.findMany({
    where: { workflowStartedAt: null, createdAt: { lt: settled } },
    select: { id: true },
    take: BATCH,
  });
  const started = await eachOf(unstarted, ({ id }) => startCreditWorkflow(deps, id));
  const undelivered = await deps.db.document.findMany({
    where: {
      deliveredAt: null,
      uploadedAt: { lt: settled },
      application: { workflowStartedAt: { not: null } },
    },
    select: { id: true, application: { select: { id: true, workflowId: true } } },
    take: BATCH,
  });
  const byCase = new Map<string, { workflowId: string; ids: string[] }>();
  for (const { id, application } of undelivered) {
    const found = byCase.get(application.id) ?? { workflowId: application.workflowId, ids: [] };
    byCase.set(application.id, { ...found, ids: [...found.ids, id] });
  }
  const cases = [...byCase.values()];
  const told = await eachOf(cases, ({ workflowId, ids }) =>
    deliverDocuments(deps, { workflowId }, ids),
  );
  return {
    started: started.length,
    delivered: told.reduce((n, c) => n + c.ids.length, 0),
    failed: unstarted.length - started.length + cases.length - told.length,
  };
}
