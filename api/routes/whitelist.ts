// The science bureau's whitelist for the special guarantee plan: read by the staff who check
// eligibility, replaced or edited by the administrator or the pool manager. Every change is
// the next version, so the list a deal was checked against stays readable.
import { z } from 'zod';
import { whitelistBases, type WhitelistEntry } from '../../domain/guarantee/whitelist.ts';
import type { Role } from '../../domain/roles.ts';
import type { Db } from '../../prisma/client.ts';
import {
  currentWhitelist,
  publishWhitelist,
  whitelistVersion,
  WhitelistRefused,
  type Whitelist,
} from '../../prisma/whitelist-store.ts';
import { bodyBytesForText } from '../body.ts';
import { AppError, notFound } from '../errors.ts';
import { identifier, plainName } from '../text.ts';
import type { RouteTable } from './define.ts';
import { uscc } from './enterprises.ts';

const editors: readonly Role[] = ['ADMIN', 'POOL_MANAGER'];
/** Entries an upload or an edit may carry, and the body that many need at most. */
const MAX_UPLOAD = 10_000;
const MAX_EDIT = 1_000;
const ENTRY_CHARACTERS = 20 + 200 + 20 + 64;
const readers: readonly Role[] = [
  ...editors,
  'GUARANTOR',
  'GUARANTEE_APPROVER',
  'OFFICER',
  'APPROVER',
];

const entry = z.object({
  uscc,
  name: plainName(2, 200),
  basis: z.enum(whitelistBases).meta({
    description:
      'TECH_SME (科技型中小企业 number), HIGH_TECH (高新技术企业 certificate), SPECIALISED (专精特新), INNOVATION_POINTS (创新积分 list)',
  }),
  reference: identifier(64).meta({
    description: 'The number the basis rests on',
    example: 'GR202442000123',
  }),
});

const listView = z.object({
  version: z.int(),
  publishedById: z.uuid(),
  publishedAt: z.iso.datetime(),
  entries: z.array(entry),
});

const view = (list: Whitelist) => ({
  version: list.version,
  publishedById: list.publishedById,
  publishedAt: list.publishedAt.toISOString(),
  entries: list.entries,
});

export function whitelistRoutes(routes: RouteTable, db: Db) {
  const publish = async (
    principal: { userId: string; roles: Role[] },
    change: (entries: WhitelistEntry[]) => WhitelistEntry[],
  ) => {
    const role = editors.find((r) => principal.roles.includes(r))!;
    try {
      return view(await publishWhitelist(db, change, { userId: principal.userId, role }));
    } catch (error) {
      if (error instanceof WhitelistRefused) throw new AppError('business_rule', error.message);
      throw error;
    }
  };

  routes.add({
    method: 'get',
    path: '/v1/whitelist',
    tag: 'Combined deals',
    summary: "The science bureau's list in force for the special guarantee plan",
    roles: readers,
    responses: {
      200: { description: 'The latest version', schema: listView },
      404: { description: 'No list has been uploaded yet' },
    },
    handler: async () => {
      const list = await currentWhitelist(db);
      if (!list) throw notFound('whitelist');
      return { status: 200, body: view(list) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/whitelist/versions/:version',
    tag: 'Combined deals',
    summary: 'One version of the list, however old',
    roles: readers,
    params: z.object({ version: z.coerce.number().int().min(1).max(1_000_000) }),
    responses: {
      200: { description: 'The version', schema: listView },
      404: { description: 'No such version' },
    },
    handler: async ({ params }) => {
      const list = await whitelistVersion(db, params.version);
      if (!list) throw notFound(`whitelist version ${params.version}`);
      return { status: 200, body: view(list) };
    },
  });

  routes.add({
    method: 'put',
    path: '/v1/whitelist',
    tag: 'Combined deals',
    summary: 'Upload the whole list: it becomes the next version',
    roles: editors,
    body: z.object({ entries: z.array(entry).max(MAX_UPLOAD) }),
    maxBodyBytes: bodyBytesForText(MAX_UPLOAD * ENTRY_CHARACTERS),
    responses: {
      201: { description: 'Published as the next version', schema: listView },
      422: { description: 'A firm listed twice, or a code whose check character is wrong' },
    },
    handler: async ({ principal, body }) => ({
      status: 201,
      body: await publish(principal, () => body.entries),
    }),
  });

  routes.add({
    method: 'patch',
    path: '/v1/whitelist',
    tag: 'Combined deals',
    summary: 'Add, replace or remove entries: the result becomes the next version',
    roles: editors,
    maxBodyBytes: bodyBytesForText(MAX_EDIT * (ENTRY_CHARACTERS + 20)),
    body: z
      .object({
        upsert: z.array(entry).max(MAX_EDIT).default([]),
        remove: z.array(uscc).max(MAX_EDIT).default([]),
      })
      .refine((b) => b.upsert.length + b.remove.length > 0, 'name at least one change'),
    responses: {
      201: { description: 'Published as the next version', schema: listView },
      422: { description: 'A firm to remove that is not listed, or a firm named twice' },
    },
    handler: async ({ principal, body }) => ({
      status: 201,
      body: await publish(principal, (entries) => {
        const listed = new Set(entries.map((e) => e.uscc));
        const missing = body.remove.filter((code) => !listed.has(code));
        if (missing.length > 0) throw new WhitelistRefused(`not listed: ${missing.join(', ')}`);
        const changed = new Set([...body.remove, ...body.upsert.map((e) => e.uscc)]);
        return [...entries.filter((e) => !changed.has(e.uscc)), ...body.upsert];
      }),
    }),
  });
}
