// Checks the audit trail's hash chain (see the audit_chain migration): every event's hash must
// be its content's, every event must link to the one before, and the last must be the head. The
// first event that fails tells where history was rewritten, removed or cut short.
import type { Db } from './client.ts';

export type ChainProblem =
  /** The event's content no longer gives its hash: it was changed. */
  | 'altered'
  /** The event does not link to the one before it: events were removed or reordered. */
  | 'unlinked'
  /** Events after this one, which the head counts, are gone. */
  | 'cut_short';

export interface ChainReport {
  intact: boolean;
  events: number;
  head: { id: string; hash: string };
  firstBroken: { id: string; problem: ChainProblem } | null;
}

interface BrokenRow {
  id: bigint;
  problem: Exclude<ChainProblem, 'cut_short'>;
}

export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const [broken, [last], [head]] = await db.$transaction(
    [
      db.$queryRaw<BrokenRow[]>`
        SELECT id, CASE WHEN "hash" IS DISTINCT FROM digest THEN 'altered' ELSE 'unlinked' END AS problem
        FROM (
          SELECT id, "hash", "prevHash",
            audit_event_digest("prevHash", id, at, "actorId", "actorRole", "entityType",
              "entityId", action, data, "dedupeKey") AS digest,
            lag("hash", 1, '') OVER (ORDER BY id) AS previous
          FROM "AuditEvent"
        ) walked
        WHERE "hash" IS DISTINCT FROM digest OR "prevHash" IS DISTINCT FROM previous
        ORDER BY id LIMIT 1`,
      db.$queryRaw<{ id: bigint | null; hash: string | null; events: bigint }[]>`
        SELECT (SELECT id FROM "AuditEvent" ORDER BY id DESC LIMIT 1) AS id,
          (SELECT "hash" FROM "AuditEvent" ORDER BY id DESC LIMIT 1) AS "hash",
          (SELECT count(*) FROM "AuditEvent") AS events`,
      db.$queryRaw<{ lastId: bigint; hash: string }[]>`
        SELECT "lastId", "hash" FROM "AuditChainHead" WHERE id = 1`,
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  const headId = head?.lastId ?? 0n;
  const lastId = last?.id ?? 0n;
  const lastHash = last?.hash ?? '';
  const firstBroken = broken[0]
    ? { id: String(broken[0].id), problem: broken[0].problem }
    : lastId !== headId
      ? { id: String(lastId), problem: 'cut_short' as const }
      : lastHash !== (head?.hash ?? '')
        ? { id: String(lastId), problem: 'altered' as const }
        : null;
  return {
    intact: firstBroken === null,
    events: Number(last?.events ?? 0n),
    head: { id: String(headId), hash: head?.hash ?? '' },
    firstBroken,
  };
}
