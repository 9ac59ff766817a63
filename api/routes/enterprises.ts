import { z } from 'zod';
import { plainName } from '../text.ts';
import { fenToYuan } from '../../domain/money.ts';
import { enterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { normaliseUscc, usccProblem } from '../../domain/uscc.ts';
import { Prisma, type Db } from '../../prisma/client.ts';
import { visibleEnterprise } from '../access.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

/**
 * The code's shape is the schema's pattern; its two check characters (GB 32100-2015) are the
 * custom format `uscc`, which no pattern can state: a wrong one answers 422.
 */
export const uscc = z
  .string()
  .regex(
    /^\s*[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy]{10}\s*$/,
    {
      message: '18 characters: 0-9 and A-Y without I, O, S, V; positions 3–8 digits',
      abort: true,
    },
  )
  .transform(normaliseUscc)
  .superRefine((code, ctx) => {
    const problem = usccProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description: 'Unified social credit code (GB 32100-2015), 18 characters',
    format: 'uscc',
    example: '91420100MA4K8NHFXF',
  });

const registration = z.object({
  name: plainName(2, 200),
  uscc,
  region: plainName(2, 100).meta({ example: '湖北省武汉市' }),
  preferredLanguage: z.enum(['zh', 'en']).default('zh'),
  indicators: enterpriseIndicators,
});

const enterpriseView = z.object({
  id: z.uuid(),
  name: z.string(),
  uscc: z.string(),
  region: z.string(),
  preferredLanguage: z.enum(['zh', 'en']),
  indicators: z.unknown(),
  createdAt: z.iso.datetime(),
  equityRounds: z
    .array(
      z.object({
        id: z.uuid(),
        closedOn: z.iso.date(),
        raised: z.string(),
        postMoney: z.string(),
      }),
    )
    .meta({
      description:
        'Equity financing received in rounds closed on the platform, which feeds the innovation-points indicator',
    }),
});

type EnterpriseRow = Awaited<ReturnType<Db['enterprise']['findUniqueOrThrow']>>;

async function view(db: Db, e: EnterpriseRow): Promise<z.infer<typeof enterpriseView>> {
  const rounds = await db.equityRound.findMany({
    where: { enterpriseId: e.id, status: 'CLOSED' },
    include: { commitments: { where: { status: 'INVESTED' } } },
    orderBy: { closedOn: 'asc' },
  });
  return {
    id: e.id,
    name: e.name,
    uscc: e.uscc,
    region: e.region,
    preferredLanguage: e.preferredLanguage === 'en' ? 'en' : 'zh',
    indicators: e.indicators,
    createdAt: e.createdAt.toISOString(),
    equityRounds: rounds.map((r) => ({
      id: r.id,
      closedOn: r.closedOn!.toISOString().slice(0, 10),
      raised: fenToYuan(r.commitments.reduce((sum, c) => sum + Number(c.amountFen), 0)),
      postMoney: fenToYuan(Number(r.postMoneyFen)),
    })),
  };
}

export function enterpriseRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/enterprises',
    tag: 'Enterprises',
    summary: 'Register a tech firm; the applicant becomes its owner',
    roles: ['APPLICANT'],
    creates: true,
    body: registration,
    responses: {
      201: { description: 'Registered', schema: enterpriseView },
      409: { description: 'A firm with this credit code is already registered' },
    },
    handler: async ({ principal, body }) => {
      try {
        const enterprise = await db.$transaction(async (tx) => {
          await tx.user.upsert({
            where: { id: principal.userId },
            create: {
              id: principal.userId,
              username: principal.username,
              displayName: principal.username,
              roles: principal.roles,
            },
            update: {},
          });
          return tx.enterprise.create({
            data: { ...body, indicators: body.indicators, ownerId: principal.userId },
          });
        });
        return { status: 201, body: await view(db, enterprise) };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new AppError(
            'conflict',
            'a firm with this unified social credit code is already registered',
          );
        }
        throw error;
      }
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id',
    tag: 'Enterprises',
    summary: 'A firm, to its owner and to the banks it applied to',
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    responses: {
      200: { description: 'The firm', schema: enterpriseView },
      404: { description: 'No such firm visible to you' },
    },
    handler: async ({ principal, params }) => ({
      status: 200,
      body: await view(db, await visibleEnterprise(db, principal, params.id)),
    }),
  });
}
