// Deletes the copies of personal data whose time has passed (domain/retention.ts).
import { IDEMPOTENCY_RETENTION_HOURS } from '../domain/retention.ts';
import type { Db } from './client.ts';

/** Removes expired stored replies; returns how many went. */
export async function purgeExpiredCopies(db: Db, now = new Date()): Promise<{ replies: number }> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000);
  const { count } = await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return { replies: count };
}
