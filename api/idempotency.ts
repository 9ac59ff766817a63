// Replays of state-changing requests. A request with an Idempotency-Key first claims the key
// (one row per person and key); only the claimant acts, and every other request with the key
// waits for its answer: the same request gets the stored response, another request with the
// key is refused, even when both arrive at once.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../prisma/client.ts';
import { AppError } from './errors.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** How long a request waits for the claimant of its key to answer before saying so. */
const WAIT_FOR_CLAIMANT_MS = 15_000;
const POLL_MS = 50;
/** A claim this old was left by a request that never finished (its process died): retake it. */
const ABANDONED_AFTER_MS = 60_000;

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

export interface KeyUse {
  userId: string;
  key: string;
  method: string;
  path: string;
  hash: string;
}

/**
 * Claims the key for this request: undefined when it is ours to act on, the stored response
 * when the same request was answered before (or while we waited).
 */
export async function claim(db: Db, use: KeyUse): Promise<StoredResponse | undefined> {
  const { userId, key, method, path, hash } = use;
  const giveUpAt = Date.now() + WAIT_FOR_CLAIMANT_MS;
  for (;;) {
    const { count } = await db.idempotencyRecord.createMany({
      data: [{ userId, key, method, path, requestHash: hash }],
      skipDuplicates: true,
    });
    if (count === 1) return undefined;
    const stored = await db.idempotencyRecord.findUnique({
      where: { userId_key: { userId, key } },
    });
    if (!stored) continue; // released by a claimant that failed: claim it again
    if (stored.requestHash !== hash) {
      throw new AppError(
        'idempotency_key_reused',
        'this Idempotency-Key was already used for a different request',
      );
    }
    if (stored.status !== null) return { status: stored.status, body: stored.body };
    if (stored.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS) {
      const retaken = await db.idempotencyRecord.updateMany({
        where: { userId, key, status: null, createdAt: stored.createdAt },
        data: { createdAt: new Date() },
      });
      if (retaken.count === 1) return undefined;
    }
    if (Date.now() > giveUpAt) {
      throw new AppError(
        'request_in_progress',
        'a request with this Idempotency-Key is still being handled; retry it after Retry-After',
      );
    }
    await sleep(POLL_MS);
  }
}

/** Stores the claimant's response for every later request with the key. */
export async function complete(db: Db, use: KeyUse, response: StoredResponse): Promise<void> {
  await db.idempotencyRecord.update({
    where: { userId_key: { userId: use.userId, key: use.key } },
    data: { status: response.status, body: response.body as object },
  });
}

/** Gives the key back when the claimant failed: a refused request leaves it usable. */
export async function release(db: Db, use: KeyUse): Promise<void> {
  await db.idempotencyRecord.deleteMany({
    where: { userId: use.userId, key: use.key, status: null },
  });
}
