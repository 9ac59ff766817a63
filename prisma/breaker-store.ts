// Portfolio breakers as rows (domain/guarantee/breakers.ts): read by the API and the
// activities before new business, moved by the activities as claims settle, lifted by a
// person. Every change of state is an audit event naming the rate, the cap and who moved it.
import type { Role } from '../domain/roles.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { Db, Prisma } from './client.ts';

type Tx = Prisma.TransactionClient;

export const guarantorScope = (guarantorId: string) => `guarantor:${guarantorId}`;
export const programmeScope = (family: string) => `programme:${family}`;
export const poolScope = (poolId: string) => `pool:${poolId}`;

/** Why new guarantees are refused under these scopes, or undefined when none stops them. */
export async function breakerRefusal(db: Db | Tx, scopes: string[]): Promise<string | undefined> {
  const tripped = await db.breaker.findMany({
    where: { scope: { in: scopes }, state: 'tripped' },
    orderBy: { scope: 'asc' },
  });
  if (tripped.length === 0) return undefined;
  return tripped
    .map(
      (b) =>
        `new guarantees are stopped: the compensation rate of ${b.scope} reached ${b.rateBp} bp, at or above its cap of ${b.capBp} bp, until an authorised person lifts it`,
    )
    .join('; ');
}

/**
 * Records the breaker's rate and, when it changes, its state with an audit event. A tripped
 * compensation breaker stays tripped until lifted: a falling rate does not close it. The
 * pool's standing follows its NPL both ways.
 */
export async function moveBreaker(
  tx: Tx,
  scope: string,
  next: { state: string; rateBp: number; capBp: number },
  at: Date,
): Promise<void> {
  const current = await tx.breaker.findUnique({ where: { scope } });
  const state = current?.state === 'tripped' ? 'tripped' : next.state;
  const row = await tx.breaker.upsert({
    where: { scope },
    create: { scope, state, rateBp: next.rateBp, capBp: next.capBp, changedAt: at },
    update: {
      rateBp: next.rateBp,
      capBp: next.capBp,
      ...(state !== current?.state && { state, changedAt: at }),
    },
  });
  if (state === (current?.state ?? 'closed') || (state === 'normal' && !current)) return;
  await recordAuditEvent(tx, {
    entityType: 'Breaker',
    entityId: row.id,
    action: state,
    at,
    data: { scope, from: current?.state ?? 'closed', rateBp: next.rateBp, capBp: next.capBp },
    dedupeKey: `breaker:${scope}:${state}:${at.toISOString()}`,
  });
}

/** A person lifts a breaker: business may start again, and the trail says who and why. */
export async function liftBreaker(
  db: Db,
  id: string,
  actor: { userId: string; role: Role },
  reason: string,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const at = new Date();
    const { count } = await tx.breaker.updateMany({
      where: { id, state: 'tripped' },
      data: { state: 'closed', changedAt: at },
    });
    if (count === 0) return false;
    await recordAuditEvent(tx, {
      entityType: 'Breaker',
      entityId: id,
      action: 'lifted',
      actorId: actor.userId,
      actorRole: actor.role,
      at,
      data: { reason },
      dedupeKey: `breaker:${id}:lifted:${at.toISOString()}`,
    });
    return true;
  });
}
