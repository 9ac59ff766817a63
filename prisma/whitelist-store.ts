// The science bureau's whitelist as versions: every upload or edit writes the next version in
// full, so the list any deal was checked against can be read again as it stood.
import type { Role } from '../domain/roles.ts';
import { whitelistProblems, type WhitelistEntry } from '../domain/guarantee/whitelist.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { Db, Prisma } from './client.ts';

export interface Whitelist {
  version: number;
  publishedById: string;
  publishedAt: Date;
  entries: WhitelistEntry[];
}

export class WhitelistRefused extends Error {
  override name = 'WhitelistRefused';
}

const withEntries = { entries: { orderBy: { uscc: 'asc' } } } as const;

function whitelistOf(row: Prisma.WhitelistVersionGetPayload<{ include: typeof withEntries }>) {
  return {
    version: row.version,
    publishedById: row.publishedById,
    publishedAt: row.publishedAt,
    entries: row.entries.map(({ uscc, name, basis, reference }) => ({
      uscc,
      name,
      basis: basis as WhitelistEntry['basis'],
      reference,
    })),
  };
}

/** The list in force: the latest version, or undefined before the first upload. */
export async function currentWhitelist(db: Db | Prisma.TransactionClient) {
  const row = await db.whitelistVersion.findFirst({
    orderBy: { version: 'desc' },
    include: withEntries,
  });
  return row ? whitelistOf(row) : undefined;
}

export async function whitelistVersion(db: Db, version: number) {
  const row = await db.whitelistVersion.findUnique({ where: { version }, include: withEntries });
  return row ? whitelistOf(row) : undefined;
}

/** The entry for one firm on the list in force, with the version it was read from. */
export async function whitelistEntry(db: Db | Prisma.TransactionClient, uscc: string) {
  const latest = await db.whitelistVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!latest) return { version: undefined, entry: undefined };
  const entry = await db.whitelistEntry.findUnique({
    where: { versionId_uscc: { versionId: latest.id, uscc } },
  });
  return {
    version: latest.version,
    entry: entry ? { ...entry, basis: entry.basis as WhitelistEntry['basis'] } : undefined,
  };
}

/**
 * Publishes the next version from the one in force: `change` returns the new entries. One
 * publisher at a time, so two edits never both build on the same version and lose one.
 */
export async function publishWhitelist(
  db: Db,
  change: (entries: WhitelistEntry[]) => WhitelistEntry[],
  actor: { userId: string; role: Role },
): Promise<Whitelist> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('whitelist'))`;
    const current = await currentWhitelist(tx);
    const entries = change(current?.entries ?? []);
    const problems = whitelistProblems(entries);
    if (problems.length > 0) throw new WhitelistRefused(problems.join('; '));
    const version = (current?.version ?? 0) + 1;
    const row = await tx.whitelistVersion.create({
      data: { version, publishedById: actor.userId, entries: { create: entries } },
      include: withEntries,
    });
    await recordAuditEvent(tx, {
      entityType: 'WhitelistVersion',
      entityId: row.id,
      action: 'published',
      actorId: actor.userId,
      actorRole: actor.role,
      data: { version, entries: entries.length },
      dedupeKey: `whitelist:${version}:published`,
    });
    return whitelistOf(row);
  });
}
