// Filing an application (the use application pins the policy versions and starts the workflow),
// listing applications, and reading one.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { identifier, plainText } from '../text.ts';
import { whenWellFormed } from '../../domain/well-formed.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import {
  claimOf,
  equityHolding,
  ipRight,
  isIpRight,
  rightKey,
  type EquityHolding,
  type IpRight,
} from '../collateral-body.ts';
import { creditApplication, stepOf } from '../../domain/credit/lifecycle.ts';
import { schemeFamilies } from '../../domain/guarantee/sharing-scheme.ts';
import { loanProducts } from '../../domain/credit/products.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { bankStaffRoles } from '../../domain/roles.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { visibleApplication } from '../access.ts';
import {
  applicantApplicationView,
  applicationView,
  audienceOf,
  loadApplicationView,
  staffApplicationView,
} from '../application-view.ts';
import type { Principal } from '../auth.ts';
import { AppError } from '../errors.ts';
import { fileApplication, type Filing } from '../use-cases/file-application.ts';
import { cursorParam, emptyPage } from '../pages.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import type { RouteTable } from './define.ts';

const MAX_PLEDGED_RIGHTS = 20;

const filingBase = z.object({
  enterpriseId: z.uuid(),
  bankCode: identifier(64).meta({ example: 'demo-bank' }),
  amount: yuanAmount,
  termMonths: z.int().min(1).max(60),
  purpose: plainText(2, 500),
});

const guaranteeRequest = z
  .object({
    guarantor: identifier(64).meta({
      description: "The guarantee company's institution code",
      example: 'demo-guarantor',
    }),
    scheme: z.enum(schemeFamilies).meta({
      description:
        'special-plan (财金〔2024〕60号: the firm must be on the whitelist) or classic-4321',
    }),
  })
  .meta({ description: 'A credit loan guaranteed under a risk-sharing scheme (政投贷担保)' });

/** Why a filing's collateral does not fit its product, if it does not. */
function collateralProblem({ product, collateral }: { product: string; collateral?: unknown[] }) {
  const items = (collateral ?? []) as (IpRight | EquityHolding)[];
  if (product === 'credit') {
    return items.length > 0 ? 'a credit loan is secured by no collateral' : undefined;
  }
  if (items.length === 0) return `a ${product} loan names the rights it pledges`;
  const ip = product === 'ip-pledge';
  if (!items.every((item) => isIpRight(item) === ip)) {
    return ip
      ? 'an ip-pledge loan pledges IP rights ({ type, number })'
      : 'an equity-pledge loan pledges holdings of shares';
  }
  // A right named twice would be pledged twice over.
  if (new Set(items.map(rightKey)).size !== items.length) return 'each right is named once';
  return undefined;
}

const filing = filingBase
  .extend({
    product: z.enum(loanProducts),
    collateral: z
      .union([
        z.array(ipRight).min(1).max(MAX_PLEDGED_RIGHTS),
        z.array(equityHolding).min(1).max(MAX_PLEDGED_RIGHTS),
      ])
      .optional()
      .meta({
        description:
          'What a pledge loan pledges: IP rights of the firm for ip-pledge, holdings of shares for equity-pledge; none for credit',
      }),
    guarantee: guaranteeRequest.optional(),
  })
  .superRefine((body, ctx) => {
    const problem = collateralProblem(body);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['collateral'] });
    if (body.guarantee && body.product !== 'credit') {
      ctx.addIssue({
        code: 'custom',
        message: 'a guarantee backs a credit loan; a pledge loan is secured by its pledges',
        path: ['guarantee'],
      });
    }
  }, whenWellFormed);

/** The filing as the use case takes it: money in fen, collateral as the registries name it. */
function filingOf(body: z.infer<typeof filing>): Filing {
  const { product, collateral = [], amount, guarantee, ...common } = body;
  const filed = { ...common, amountFen: yuanToFen(amount) };
  if (product === 'credit') return { ...filed, product, ...(guarantee && { guarantee }) };
  return {
    ...filed,
    product,
    collateral: collateral.map(claimOf),
  };
}

const listQuery = z.object({
  status: z.enum(creditApplication.statuses).optional(),
  product: z.enum(loanProducts).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam,
});

const applicationListItem = staffApplicationView
  .pick({
    id: true,
    reference: true,
    product: true,
    amount: true,
    status: true,
    step: true,
    filedAt: true,
    decisionDueAt: true,
  })
  .extend({ enterprise: z.string() });

/** Applications the caller may list: its firms' as an applicant, its bank's as bank staff. */
function listScope(principal: Principal): Prisma.ApplicationWhereInput {
  const scopes: Prisma.ApplicationWhereInput[] = [];
  if (principal.roles.includes('APPLICANT')) {
    scopes.push({ enterprise: { ownerId: principal.userId } });
  }
  if (principal.roles.some((r) => bankStaffRoles.includes(r))) {
    if (!principal.institutionId) {
      throw new AppError('forbidden', 'bank staff tokens name their bank');
    }
    scopes.push({ bankId: principal.institutionId });
  }
  return { OR: scopes };
}

/** A retried filing with the same Idempotency-Key lands on the same row and workflow. */
const applicationIdFor = (actId: string | undefined) =>
  actId ? stableUuid(`application:${actId}`) : randomUUID();

export function applicationRoutes(
  routes: RouteTable,
  db: Db,
  temporal: Client,
  registries: Registries,
) {
  routes.add({
    method: 'post',
    path: '/v1/applications',
    tag: 'Applications',
    summary:
      'File an application with a bank (credit, guaranteed credit, IP pledge or equity pledge); the track starts at once',
    roles: ['APPLICANT'],
    creates: true,
    body: filing,
    responses: {
      201: { description: 'Filed', schema: applicantApplicationView },
      202: {
        description:
          'Filed; the workflow service did not answer, and the case starts as soon as it is back',
        schema: applicantApplicationView,
      },
      404: { description: 'Enterprise not found' },
      422: {
        description:
          "Outside the product rules (amount, term), unknown bank, or a bank without an authority matrix; collateral_ineligible: a pledged right that is unknown, not the firm's, lapsed, unpaid, disputed, frozen, forbidden or already pledged (details name each); for a guaranteed loan, an unknown guarantor, a special-plan firm not on the whitelist, or a firm whose guarantee balance would pass its cap",
      },
    },
    handler: async ({ principal, body, actId }) => {
      const { id, started } = await fileApplication(
        { db, temporal, registries },
        principal.userId,
        filingOf(body),
        { id: applicationIdFor(actId) },
      );
      return {
        status: started ? 201 : 202,
        body: await loadApplicationView(db, id, 'applicant'),
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/applications',
    tag: 'Applications',
    summary: "Your firms' cases, or your bank's, newest first",
    roles: ['APPLICANT', ...bankStaffRoles],
    query: listQuery,
    responses: {
      200: {
        description: 'One page of cases',
        schema: z.object({ items: z.array(applicationListItem), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      const where: Prisma.ApplicationWhereInput = {
        AND: [
          listScope(principal),
          {
            ...(query.status && { status: query.status }),
            ...(query.product && { product: query.product }),
          },
        ],
      };
      if (
        query.cursor &&
        (await db.application.count({ where: { AND: [where, { id: query.cursor }] } })) === 0
      ) {
        return emptyPage;
      }
      const applications = await db.application.findMany({
        where,
        include: {
          enterprise: { select: { name: true } },
          tasks: { where: { status: 'OPEN' }, select: { kind: true } },
          letters: { select: { kind: true } },
          offer: { select: { status: true } },
          pledges: { select: { status: true } },
          guarantee: { select: { status: true } },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
      });
      const page = applications.slice(0, query.limit);
      return {
        status: 200,
        body: {
          items: page.map((application) => ({
            id: application.id,
            reference: application.reference,
            enterprise: application.enterprise.name,
            product: application.product,
            amount: fenToYuan(Number(application.amountFen)),
            status: application.status,
            step: stepOf(application),
            filedAt: application.createdAt.toISOString(),
            decisionDueAt: application.decisionDueAt?.toISOString() ?? null,
          })),
          nextCursor: applications.length > query.limit ? page.at(-1)!.id : null,
        },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/applications/:id',
    tag: 'Applications',
    summary: 'A case: status, current step, assessment, decisions and its history',
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    responses: {
      200: { description: 'The case', schema: applicationView },
      404: { description: 'No such case visible to you' },
    },
    handler: async ({ principal, params }) => {
      const application = await visibleApplication(db, principal, params.id);
      const audience = audienceOf(principal, application);
      return { status: 200, body: await loadApplicationView(db, application.id, audience) };
    },
  });
}
