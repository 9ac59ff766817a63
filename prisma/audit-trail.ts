// The append-only trail (a trigger refuses UPDATE and DELETE), written from the API and the
// activities alike. The dedupe key makes a retried write record its event once.
import type { Role } from '../domain/roles.ts';
import type { Db, Prisma } from './client.ts';

export interface AuditEventInput {
  entityType: string;
  entityId: string;
  action: string;
  actorId?: string;
  actorRole?: Role;
  /** When it happened, if not now: a person's act is dated when the workflow accepted it. */
  at?: Date;
  data: Prisma.InputJsonValue;
  dedupeKey: string;
}

/** True when the event was recorded, false when its dedupe key was already in the trail. */
export async function recordAuditEvent(
  tx: Prisma.TransactionClient | Db,
  event: AuditEventInput,
): Promise<boolean> {
  const { count } = await tx.auditEvent.createMany({ data: [event], skipDuplicates: true });
  return count === 1;
}
