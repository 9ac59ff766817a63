// Scorecard versions: the ones shipped in code and the ones published since, as rows. A
// version is written once and never changed or removed, so an application can keep the version it
// pinned and any past assessment can be re-explained with the exact tiers it applied.
import { shanghaiDate } from '../domain/calendar.ts';
import type { Role } from '../domain/roles.ts';
import {
  scorecardOf,
  scorecardPublication,
  type ScorecardPublication,
} from '../domain/scorecards/definitions.ts';
import {
  createScorecardCatalogue,
  shippedScorecards,
  type Scorecard,
  type ScorecardCatalogue,
} from '../domain/scorecards/catalogue.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { Db } from './client.ts';

export interface CatalogueEntry {
  card: Scorecard;
  /** Null for a version shipped with the code. */
  published: { byId: string; at: Date } | null;
}

/** Every version of every model, shipped first, then published ones by model and date. */
export async function scorecardCatalogue(db: Db): Promise<CatalogueEntry[]> {
  const rows = await db.scorecardVersion.findMany({
    orderBy: [{ model: 'asc' }, { effectiveFrom: 'asc' }],
  });
  const published = rows.map(({ model, version, effectiveFrom, definition, ...row }) => {
    const parsed = scorecardPublication.safeParse({ model, version, effectiveFrom, definition });
    if (!parsed.success) {
      // Published data was valid when written: a failure here is a schema change that broke it.
      throw new Error(`stored scorecard ${model}@${version} does not parse`, {
        cause: parsed.error,
      });
    }
    return {
      card: scorecardOf(parsed.data),
      published: { byId: row.publishedById, at: row.publishedAt },
    };
  });
  return [...shippedScorecards.map((card) => ({ card, published: null })), ...published];
}

/** The shipped cards and every published version, in one catalogue. */
export async function loadScorecardCatalogue(db: Db): Promise<ScorecardCatalogue> {
  return createScorecardCatalogue((await scorecardCatalogue(db)).map((entry) => entry.card));
}

export class PublicationRefused extends Error {
  constructor(
    /** exists: the version is taken; same-day: another version starts that day; past: too late. */
    readonly reason: 'exists' | 'same-day' | 'past',
    message: string,
  ) {
    super(message);
    this.name = 'PublicationRefused';
  }
}

/**
 * Adds a version that takes effect today or later (Asia/Shanghai), so it changes no
 * assessment already made and no application already pinned; the trail records who published it.
 */
export async function publishScorecard(
  db: Db,
  input: ScorecardPublication,
  actor: { userId: string; role: Role },
): Promise<CatalogueEntry> {
  // Parsed again whoever the caller: this is the only way into the table.
  const publication = scorecardPublication.parse(input);
  const card = scorecardOf(publication);
  const id = `${card.model}@${card.version}`;
  const today = shanghaiDate(new Date());
  if (card.effectiveFrom < today) {
    throw new PublicationRefused(
      'past',
      `${id} would take effect on ${card.effectiveFrom}, before today (${today}): a new version never rewrites history`,
    );
  }
  return db.$transaction(async (tx) => {
    // One publisher per model at a time, so two versions can never claim the same day.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`scorecard:${card.model}`}))`;
    const stored = await tx.scorecardVersion.findMany({ where: { model: card.model } });
    const versions = [...shippedScorecards.filter((c) => c.model === card.model), ...stored];
    if (versions.some((v) => v.version === card.version)) {
      throw new PublicationRefused('exists', `${id} exists; a published version never changes`);
    }
    const sameDay = versions.find((v) => v.effectiveFrom === card.effectiveFrom);
    if (sameDay) {
      throw new PublicationRefused(
        'same-day',
        `${card.model}@${sameDay.version} already takes effect on ${card.effectiveFrom}`,
      );
    }
    const row = await tx.scorecardVersion.create({
      data: {
        model: card.model,
        version: card.version,
        effectiveFrom: card.effectiveFrom,
        definition: JSON.parse(JSON.stringify(publication.definition)),
        publishedById: actor.userId,
      },
    });
    await recordAuditEvent(tx, {
      entityType: 'ScorecardVersion',
      entityId: row.id,
      action: 'published',
      actorId: actor.userId,
      actorRole: actor.role,
      data: { model: card.model, version: card.version, effectiveFrom: card.effectiveFrom },
      dedupeKey: `scorecard:${id}:published`,
    });
    return { card, published: { byId: row.publishedById, at: row.publishedAt } };
  });
}
