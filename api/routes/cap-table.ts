// A firm's cap table over HTTP: the owner records the founding register once (who holds what
// when the firm comes to the platform); from then on only events change it (a round's
// closing). The owner, the banks it applied to and its investors read it on any date: each
// holder's units, the ownership derived from them, and the ledger of changes behind them.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { whenWellFormed } from '../../domain/well-formed.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { capitalUnits, ownership, unitsText } from '../../domain/equity/cap-table.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { holdingsOf, unitsByHolder } from '../../prisma/equity-store.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import { visibleEnterprise } from '../access.ts';
import { capTableReader } from '../equity-access.ts';
import { AppError, notFound } from '../errors.ts';
import { plainName } from '../text.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The firm's id" }) });

const founder = z.object({
  name: plainName(2, 100),
  shareClass: z.enum(['ORDINARY', 'PREFERRED']).default('ORDINARY'),
});
const holders = <H extends z.ZodType>(holder: H) =>
  z.array(holder).min(1).max(200).meta({ description: 'Each holder once' });

const unitsOf = (holder: { capital: string } | { shares: number }) =>
  'capital' in holder ? yuanToFen(holder.capital) : holder.shares;

const foundingRegister = z
  .discriminatedUnion('capitalUnit', [
    z.object({
      capitalUnit: z.literal('REGISTERED_CAPITAL_FEN'),
      effectiveOn: z.iso.date(),
      holders: holders(founder.extend({ capital: yuanAmount })),
    }),
    z.object({
      capitalUnit: z.literal('SHARES'),
      effectiveOn: z.iso.date(),
      holders: holders(founder.extend({ shares: z.int().positive().max(Number.MAX_SAFE_INTEGER) })),
    }),
  ])
  .refine((r) => new Set(r.holders.map((h) => h.name)).size === r.holders.length, {
    ...whenWellFormed,
    message: 'each holder is named once',
    path: ['holders'],
  })
  .refine((r) => Number.isSafeInteger(r.holders.reduce((sum, h) => sum + unitsOf(h), 0)), {
    ...whenWellFormed,
    message: 'the holdings add up to more units than can be counted exactly',
    path: ['holders'],
  });

const holdingView = z.object({
  name: z.string(),
  institution: z
    .string()
    .nullable()
    .meta({ description: "The holder's institution code, if on the platform" }),
  shareClass: z.string(),
  units: z.string().meta({ description: 'Registered capital in yuan, or a count of shares' }),
  ownershipBp: z.int().meta({
    description:
      'The holder’s share of every class together, repeated on each of its lines; holders sum to 10 000',
  }),
});
const entryView = z.object({
  name: z.string(),
  shareClass: z.string(),
  change: z.string().meta({ description: 'Units added (or, negative, removed)' }),
  event: z.string(),
  sourceId: z.uuid().meta({ description: 'The founding register or the round that made it' }),
  effectiveOn: z.iso.date(),
});
const capTableView = z.object({
  enterpriseId: z.uuid(),
  capitalUnit: z.enum(capitalUnits).nullable(),
  asOf: z.iso.date(),
  totalUnits: z.string(),
  holdings: z.array(holdingView),
  ledger: z.array(entryView),
});

export function capTableRoutes(routes: RouteTable, db: Db) {
  async function loadView(enterpriseId: string, asOf: string) {
    const enterprise = await db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
    const units = (n: number | bigint) => unitsText(enterprise.capitalUnit ?? 'SHARES', n);
    const holdings = await holdingsOf(db, enterpriseId, asOf);
    const bp = new Map(ownership(unitsByHolder(holdings)).map((h) => [h.holderId, h.bp]));
    const institutions = await db.institution.findMany({
      where: { id: { in: holdings.map((h) => h.institutionId).filter((i) => i !== null) } },
    });
    const codeOf = new Map(institutions.map((i) => [i.id, i.code]));
    const entries = await db.capTableEntry.findMany({
      where: { enterpriseId, effectiveOn: { lte: dayOf(asOf) } },
      include: { shareholder: true },
      orderBy: [{ effectiveOn: 'asc' }, { recordedAt: 'asc' }],
    });
    return {
      enterpriseId,
      capitalUnit: enterprise.capitalUnit,
      asOf,
      totalUnits: units(holdings.reduce((sum, h) => sum + h.units, 0)),
      holdings: holdings.map((h) => ({
        name: h.name,
        institution: h.institutionId ? (codeOf.get(h.institutionId) ?? null) : null,
        shareClass: h.shareClass,
        units: units(h.units),
        // Ownership is the holder's, whatever the class: one holder of two classes shows it once per line.
        ownershipBp: bp.get(h.holderId)!,
      })),
      ledger: entries.map((e) => ({
        name: e.shareholder.name,
        shareClass: e.shareClass,
        change: units(e.unitsDelta),
        event: e.event,
        sourceId: e.sourceId,
        effectiveOn: e.effectiveOn.toISOString().slice(0, 10),
      })),
    };
  }

  routes.add({
    method: 'put',
    path: '/v1/enterprises/:id/cap-table',
    tag: 'Equity',
    summary: "Record the firm's founding register: who holds what when it joins the platform",
    roles: ['APPLICANT'],
    params,
    body: foundingRegister,
    responses: {
      201: { description: 'Recorded', schema: capTableView },
      404: { description: 'No such firm of yours' },
      409: { description: 'The firm has a cap table: only its events change it now' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      if (enterprise.ownerId !== principal.userId) throw notFound('enterprise');
      const sourceId = actId ? stableUuid(`founding:${actId}`) : randomUUID();
      await db.$transaction(async (tx) => {
        const claimed = await tx.enterprise.updateMany({
          where: { id: enterprise.id, capitalUnit: null },
          data: { capitalUnit: body.capitalUnit },
        });
        if (claimed.count === 0) throw new AppError('conflict', 'the firm has a cap table');
        for (const holder of body.holders) {
          const { id: shareholderId } = await tx.shareholder.create({
            data: { enterpriseId: enterprise.id, name: holder.name },
          });
          await tx.capTableEntry.create({
            data: {
              enterpriseId: enterprise.id,
              shareholderId,
              shareClass: holder.shareClass,
              unitsDelta: BigInt(unitsOf(holder)),
              event: 'FOUNDING',
              sourceId,
              effectiveOn: dayOf(body.effectiveOn),
            },
          });
        }
      });
      return { status: 201, body: await loadView(enterprise.id, body.effectiveOn) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/cap-table',
    tag: 'Equity',
    summary: "The firm's cap table on a date: holdings, ownership and the changes behind them",
    roles: ['APPLICANT', 'OFFICER', 'APPROVER', 'FUND_MANAGER'],
    params,
    query: z.object({ asOf: z.iso.date().optional().meta({ description: 'Today when omitted' }) }),
    responses: {
      200: { description: 'The cap table', schema: capTableView },
      404: { description: 'No such firm visible to you' },
    },
    handler: async ({ principal, params, query }) => {
      await capTableReader(db, principal, params.id);
      const asOf = query.asOf ?? shanghaiDate(new Date());
      return { status: 200, body: await loadView(params.id, asOf) };
    },
  });
}
