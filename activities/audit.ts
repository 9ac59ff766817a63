// The append-only decision trail. Each entry carries a dedupe key made from the case and
// the step, so an activity retried after a crash records its event exactly once.
import type { Prisma } from '../prisma/client.ts';
import type { Role } from '../domain/roles.ts';

export interface AuditEntry {
  entityType: 'Application' | 'Enterprise';
  entityId: string;
  action: string;
  actorId?: string;
  actorRole?: Role;
  at?: Date;
  data: Prisma.InputJsonValue;
  dedupeKey: string;
}

export async function appendAudit(db: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.createMany({ data: [entry], skipDuplicates: true });
}
