// Replays of state-changing requests. The same Idempotency-Key with the same request gives
// back the stored response; the same key with a different request is refused.
import { createHash } from 'node:crypto';
import type { Db } from '../prisma/client.ts';
import { AppError } from './errors.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * The id of one caller's act: the same person, route and key give the same id, anyone else's
 * a different one. It names the rows an act creates and the workflow update it runs, which
 * Temporal deduplicates per workflow, so two people's keys never collide on one case.
 */
export function actIdOf(userId: string, method: string, path: string, key: string): string {
  return createHash('sha256').update(`${userId}\n${method} ${path}\n${key}`).digest('hex');
}

export async function replayOf(
  db: Db,
  userId: string,
  key: string,
  hash: string,
): Promise<StoredResponse | undefined> {
  const stored = await db.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
  if (!stored) return undefined;
  if (stored.requestHash !== hash) {
    throw new AppError(
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different request',
    );
  }
  return { status: stored.status, body: stored.body };
}

export async function remember(
  db: Db,
  record: { userId: string; key: string; method: string; path: string; hash: string },
  response: StoredResponse,
): Promise<void> {
  await db.idempotencyRecord.createMany({
    data: [
      {
        userId: record.userId,
        key: record.key,
        method: record.method,
        path: record.path,
        requestHash: record.hash,
        status: response.status,
        body: response.body as object,
      },
    ],
    skipDuplicates: true,
  });
}
