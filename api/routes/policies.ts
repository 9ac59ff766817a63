// Scorecard policy as data: every version of every model, shipped or published, readable by
// anyone signed in; new versions published by an administrator, never edited afterwards.
import { z } from 'zod';
import { identifier } from '../text.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { publicationOf, scorecardPublication } from '../../domain/scorecards/definitions.ts';
import { createScorecardCatalogue, type Scorecard } from '../../domain/scorecards/catalogue.ts';
import type { Db } from '../../prisma/client.ts';
import {
  PublicationRefused,
  publishScorecard,
  scorecardCatalogue,
} from '../../prisma/scorecard-store.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

const versionView = z.object({
  model: z.string(),
  version: z.string().meta({ example: '2017.1' }),
  effectiveFrom: z.iso.date(),
  source: z.string().meta({ description: 'The policy text the figures come from' }),
  origin: z.enum(['shipped', 'published']),
  publishedById: z.uuid().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  inForce: z.boolean().meta({ description: 'The version new assessments use today' }),
});
type VersionView = z.infer<typeof versionView>;

const catalogueView = z.object({
  asOf: z.iso.date().meta({ description: 'Today in Asia/Shanghai' }),
  models: z.array(
    z.object({
      model: z.string(),
      inForce: z.string().nullable().meta({ description: 'The version in force today' }),
      versions: z.array(versionView),
    }),
  ),
});

const detailView = versionView.extend({
  definition: z.record(z.string(), z.unknown()).meta({
    description: 'The card without its identity: what POST /v1/policies/scorecards accepts',
  }),
});

const idOf = (card: Scorecard) => `${card.model}@${card.version}`;

/** Every version with its origin and whether it is the one in force today. */
async function versionsToday(db: Db) {
  const asOf = shanghaiDate(new Date());
  const catalogue = await scorecardCatalogue(db);
  const cards = createScorecardCatalogue(catalogue.map((entry) => entry.card));
  const inForce = new Set(cards.scorecardsInForce(asOf).map(idOf));
  const versions = catalogue
    .map(({ card, published }) => ({
      card,
      view: {
        model: card.model,
        version: card.version,
        effectiveFrom: card.effectiveFrom,
        source: card.source,
        origin: published ? 'published' : 'shipped',
        publishedById: published?.byId ?? null,
        publishedAt: published?.at.toISOString() ?? null,
        inForce: inForce.has(idOf(card)),
      } satisfies VersionView,
    }))
    .sort(
      (a, b) =>
        a.card.model.localeCompare(b.card.model) ||
        a.card.effectiveFrom.localeCompare(b.card.effectiveFrom),
    );
  return { asOf, versions };
}

async function detail(db: Db, model: string, version: string) {
  const { versions } = await versionsToday(db);
  const found = versions.find((v) => v.card.model === model && v.card.version === version);
  if (!found) throw notFound(`scorecard ${model}@${version}`);
  return { ...found.view, definition: publicationOf(found.card).definition };
}

export function policyRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/policies/scorecards',
    tag: 'Policies',
    summary: 'Every scorecard model with all its versions, and the one in force today',
    roles: 'any',
    responses: { 200: { description: 'The scorecard versions', schema: catalogueView } },
    handler: async () => {
      const { asOf, versions } = await versionsToday(db);
      const models = [...new Set(versions.map((v) => v.card.model))].map((model) => {
        const own = versions.filter((v) => v.card.model === model).map((v) => v.view);
        return { model, inForce: own.find((v) => v.inForce)?.version ?? null, versions: own };
      });
      return { status: 200, body: { asOf, models } };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/policies/scorecards/:model/:version',
    tag: 'Policies',
    summary: 'One scorecard version with its full definition, however old',
    roles: 'any',
    params: z.object({
      model: identifier(64).meta({ example: 'tech-sme' }),
      version: identifier(32).meta({ example: '2017.1' }),
    }),
    responses: {
      200: { description: 'The version', schema: detailView },
      404: { description: 'No such version' },
    },
    handler: async ({ params }) => ({
      status: 200,
      body: await detail(db, params.model, params.version),
    }),
  });

  routes.add({
    method: 'post',
    path: '/v1/policies/scorecards',
    tag: 'Policies',
    summary: 'Publish a new scorecard version, effective today or later (Asia/Shanghai)',
    roles: ['ADMIN'],
    body: scorecardPublication,
    responses: {
      201: { description: 'Published', schema: detailView },
      409: { description: 'The version exists, or another version starts the same day' },
      422: { description: 'The effective date is in the past' },
    },
    handler: async ({ principal, body }) => {
      try {
        await publishScorecard(db, body, { userId: principal.userId, role: 'ADMIN' });
      } catch (error) {
        if (!(error instanceof PublicationRefused)) throw error;
        throw new AppError(error.reason === 'past' ? 'business_rule' : 'conflict', error.message);
      }
      return { status: 201, body: await detail(db, body.model, body.version) };
    },
  });
}
