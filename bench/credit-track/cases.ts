// Cases run at once on the platform, timed from filing to disbursement.
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import type { creditApplicationWorkflow } from '../../workflows/index.ts';

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Files `count` cases at once and waits until every one is paid out: the seconds that took, and
 * each case with the seconds it took from its filing. Fails as soon as `failed` does (a bot).
 */
export async function casesAtOnce(
  count: number,
  fileOne: () => Promise<WorkflowHandle<typeof creditApplicationWorkflow>>,
  failed: Promise<never>,
) {
  const started = performance.now();
  const cases = Promise.all(
    Array.from({ length: count }, async () => {
      const handle = await fileOne();
      const { end } = await handle.result();
      if (end !== 'disbursed') throw new Error(`case ${handle.workflowId} ended ${end}`);
      return { handle, seconds: (performance.now() - started) / 1000 };
    }),
  );
  const done = await Promise.race([cases, failed]);
  return { done, seconds: (performance.now() - started) / 1000 };
}
