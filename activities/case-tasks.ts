import type { Prisma } from '../prisma/client.ts';

/** Closes a case's task by its key, if still open: a retried close changes nothing. */
export async function closeTask(
  tx: Prisma.TransactionClient,
  key: string,
  status: 'DONE' | 'CANCELLED',
  at: Date,
  completedById?: string,
) {
  await tx.task.updateMany({
    where: { key, status: 'OPEN' },
    data: { status, completedAt: at, completedById },
  });
}
