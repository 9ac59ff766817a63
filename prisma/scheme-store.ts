// Risk-sharing schemes: those shipped in code and those an administrator published since. A
// version is never changed, so every deal keeps the shares it pinned; a version outside its
// family's regulation is refused before it is written.
import { shanghaiDate } from '../domain/calendar.ts';
import type { Role } from '../domain/roles.ts';
import { sharingSchemes } from '../domain/guarantee/sharing-scheme.data.ts';
import { schemeProblems, type SharingScheme } from '../domain/guarantee/sharing-scheme.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { Db, Prisma } from './client.ts';
import { PublicationRefused } from './scorecard-store.ts';

export interface SchemeEntry {
  scheme: SharingScheme;
  published: { byId: string; at: Date } | null;
}

/** Every scheme version, shipped first, then published ones by date. */
export async function schemeCatalogue(db: Db | Prisma.TransactionClient): Promise<SchemeEntry[]> {
  const rows = await db.sharingSchemeVersion.findMany({ orderBy: { effectiveFrom: 'asc' } });
  return [
    ...sharingSchemes.map((scheme) => ({ scheme, published: null })),
    ...rows.map((row) => ({
      // Checked against the regulation when written, and never changed since.
      scheme: row.definition as unknown as SharingScheme,
      published: { byId: row.publishedById, at: row.publishedAt },
    })),
  ];
}

export const allSchemes = async (db: Db | Prisma.TransactionClient) =>
  (await schemeCatalogue(db)).map((entry) => entry.scheme);

/** Why a scheme cannot be published: its regulation's problems, or a date already past. */
export class SchemeRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`the scheme breaks its rules: ${problems.join('; ')}`);
    this.name = 'SchemeRefused';
  }
}

/** Adds a version effective today or later; refused outside its family's regulation. */
export async function publishScheme(
  db: Db,
  scheme: SharingScheme,
  actor: { userId: string; role: Role },
): Promise<SchemeEntry> {
  const problems = schemeProblems(scheme);
  const today = shanghaiDate(new Date());
  if (scheme.effectiveFrom < today) {
    problems.push(`it would take effect on ${scheme.effectiveFrom}, before today (${today})`);
  }
  if (problems.length > 0) throw new SchemeRefused(problems);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`scheme:${scheme.family}`}))`;
    const versions = await allSchemes(tx);
    if (versions.some((v) => v.version === scheme.version)) {
      throw new PublicationRefused(
        'exists',
        `${scheme.version} exists; a published version never changes`,
      );
    }
    const sameDay = versions.find(
      (v) => v.family === scheme.family && v.effectiveFrom === scheme.effectiveFrom,
    );
    if (sameDay) {
      throw new PublicationRefused(
        'same-day',
        `${sameDay.version} already takes effect on ${scheme.effectiveFrom}`,
      );
    }
    const row = await tx.sharingSchemeVersion.create({
      data: {
        family: scheme.family,
        version: scheme.version,
        effectiveFrom: scheme.effectiveFrom,
        definition: JSON.parse(JSON.stringify(scheme)),
        publishedById: actor.userId,
      },
    });
    await recordAuditEvent(tx, {
      entityType: 'SharingSchemeVersion',
      entityId: row.id,
      action: 'published',
      actorId: actor.userId,
      actorRole: actor.role,
      data: { version: scheme.version, effectiveFrom: scheme.effectiveFrom },
      dedupeKey: `scheme:${scheme.version}:published`,
    });
    return { scheme, published: { byId: row.publishedById, at: row.publishedAt } };
  });
}
