// Risk-sharing schemes as policy: every version, shipped or published, readable by anyone
// signed in; new versions published by an administrator, and refused (422, naming each rule
// broken) when their shares do not sum to 10 000 bp or leave their family's regulation.
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  riskParties,
  schemeFamilies,
  type SharingScheme,
} from '../../domain/guarantee/sharing-scheme.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import {
  publishScheme,
  schemeCatalogue,
  SchemeRefused,
  type SchemeEntry,
} from '../../prisma/scheme-store.ts';
import { PublicationRefused } from '../../prisma/scorecard-store.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

const bp = z.int().min(0).max(10_000);
const workingDays = z.int().min(1).max(250);

const scheme = z
  .object({
    family: z.enum(schemeFamilies),
    version: z
      .string()
      .regex(/^[a-z0-9-]{1,24}@[A-Za-z0-9._-]{1,24}$/, 'family@release, e.g. special-plan@2027.1')
      .meta({ example: 'special-plan@2027.1' }),
    effectiveFrom: z.iso.date(),
    sharesBp: z
      .object(
        Object.fromEntries(riskParties.map((p) => [p, bp])) as Record<
          (typeof riskParties)[number],
          typeof bp
        >,
      )
      .meta({
        description: 'Each party’s share of a loss in basis points; they must sum to 10 000',
      }),
    residueParty: z.enum(riskParties),
    fees: z.object({
      guaranteeBelowBp: bp,
      reguarantee: z.object({ threshold: yuanAmount, aboveBp: bp, upToBp: bp }),
    }),
    perFirmBalanceCap: yuanAmount,
    compensationRateCapBp: bp,
    compensationWindowMonths: z.int().min(1).max(120),
    claims: z.object({
      daysPastDue: z.int().min(1).max(720),
      guarantorPaysWorkingDays: workingDays,
      counterGuaranteePaysWorkingDays: workingDays,
    }),
    diligenceWorkingDays: z.object({ review: workingDays, decision: workingDays }),
  })
  .refine((s) => s.version.startsWith(`${s.family}@`), {
    message: 'the version starts with its family, e.g. special-plan@2027.1',
    path: ['version'],
  });
type SchemeBody = z.infer<typeof scheme>;

const schemeView = scheme.safeExtend({
  origin: z.enum(['shipped', 'published']),
  publishedById: z.uuid().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  inForce: z.boolean().meta({ description: 'The version of its family new deals pin today' }),
});

function schemeOf(body: SchemeBody): SharingScheme {
  const { perFirmBalanceCap, fees, ...rest } = body;
  return {
    ...rest,
    perFirmBalanceCapFen: yuanToFen(perFirmBalanceCap),
    fees: {
      guaranteeBelowBp: fees.guaranteeBelowBp,
      reguarantee: {
        thresholdFen: yuanToFen(fees.reguarantee.threshold),
        aboveBp: fees.reguarantee.aboveBp,
        upToBp: fees.reguarantee.upToBp,
      },
    },
  };
}

function view({ scheme: s, published }: SchemeEntry, inForce: boolean) {
  const { perFirmBalanceCapFen, fees, ...rest } = s;
  return {
    ...rest,
    perFirmBalanceCap: fenToYuan(perFirmBalanceCapFen),
    fees: {
      guaranteeBelowBp: fees.guaranteeBelowBp,
      reguarantee: {
        threshold: fenToYuan(fees.reguarantee.thresholdFen),
        aboveBp: fees.reguarantee.aboveBp,
        upToBp: fees.reguarantee.upToBp,
      },
    },
    origin: published ? ('published' as const) : ('shipped' as const),
    publishedById: published?.byId ?? null,
    publishedAt: published?.at.toISOString() ?? null,
    inForce,
  };
}

async function catalogueView(db: Db) {
  const today = shanghaiDate(new Date());
  const entries = await schemeCatalogue(db);
  const inForce = new Set(
    schemeFamilies.map(
      (family) =>
        entries
          .map((e) => e.scheme)
          .filter((s) => s.family === family && s.effectiveFrom <= today)
          .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]?.version,
    ),
  );
  return entries.map((entry) => view(entry, inForce.has(entry.scheme.version)));
}

export function sharingSchemeRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/policies/sharing-schemes',
    tag: 'Policies',
    summary: 'Every risk-sharing scheme version, and which one each family uses today',
    roles: 'any',
    responses: {
      200: { description: 'The versions', schema: z.object({ items: z.array(schemeView) }) },
    },
    handler: async () => ({ status: 200, body: { items: await catalogueView(db) } }),
  });

  routes.add({
    method: 'post',
    path: '/v1/policies/sharing-schemes',
    tag: 'Policies',
    summary: 'Publish a scheme version, effective today or later (Asia/Shanghai)',
    roles: ['ADMIN'],
    body: scheme,
    responses: {
      201: { description: 'Published', schema: schemeView },
      409: { description: 'The version exists, or another version of the family starts that day' },
      422: {
        description: 'Shares not summing to 10 000, outside the regulation, or dated in the past',
      },
    },
    handler: async ({ principal, body }) => {
      try {
        await publishScheme(db, schemeOf(body), { userId: principal.userId, role: 'ADMIN' });
      } catch (error) {
        if (error instanceof SchemeRefused) {
          throw new AppError(
            'unprocessable',
            error.message,
            error.problems.map((message) => ({ field: 'body', message })),
          );
        }
        if (error instanceof PublicationRefused) throw new AppError('conflict', error.message);
        throw error;
      }
      const published = (await catalogueView(db)).find((v) => v.version === body.version)!;
      return { status: 201, body: published };
    },
  });
}
