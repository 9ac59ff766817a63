// A route is declared once: its zod schemas validate the request and describe it in the
// OpenAPI document, its roles guard it, and state-changing POSTs honour Idempotency-Key.
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../../domain/roles.ts';
import type { Db } from '../../prisma/client.ts';
import type { Principal } from '../auth.ts';
import { jsonBody } from '../body.ts';
import { AppError, errorBodySchema } from '../errors.ts';
import type { RateLimiters } from '../rate-limits.ts';
import {
  actIdOf,
  claim,
  complete,
  idempotencyKeyPattern,
  release,
  requestHash,
} from '../idempotency.ts';

type AnyObject = z.ZodObject;

/** Who may call: these roles, any authenticated caller, or anyone without a token. */
export type Access = readonly Role[] | 'any' | 'public';
type PrincipalFor<A extends Access> = A extends 'public' ? undefined : Principal;

export interface HandlerContext<P, Q, B, W extends Principal | undefined = Principal> {
  req: Request;
  principal: W;
  params: P;
  query: Q;
  body: B;
  /** With an Idempotency-Key: this caller's act's stable id, to seed row ids and update ids. */
  actId?: string;
}

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteSpec<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  A extends Access = Access,
> {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  tag: string;
  roles: A;
  /** A POST that changes nothing (a calculation): no Idempotency-Key, nothing remembered. */
  readOnly?: boolean;
  /** Creates a firm or a case: held to the stricter per-person budget. */
  creates?: boolean;
  /** A body larger than the default 64 KB this route needs (a document upload). */
  maxBodyBytes?: number;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<
    number,
    { description: string; schema?: z.ZodType; contentType?: string | readonly string[] }
  >;
  handler: (
    ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>, PrincipalFor<A>>,
  ) => Promise<Reply>;
}

const errorStatuses = {
  400: 'Invalid input (details per field)',
  401: 'Missing or invalid token',
  403: 'Role not allowed',
  405: 'Method not allowed on this path',
  413: 'Body too large for this route',
  422: 'Well formed, but refused by a rule a schema cannot state (details per field), or an Idempotency-Key used before for another request',
  429: 'Too many requests: retry after the seconds Retry-After gives',
} as const;

function issuesOf(error: z.ZodError, location: string) {
  return error.issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Validates one part of the request. Breaking the published schema is a 400; a request that
 * keeps the schema but breaks a rule no schema can state (fields that contradict each other,
 * a check character) is a 422. Those rules are refinements, which run only on well-formed input.
 */
function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, location: string) {
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = issuesOf(parsed.error, location);
    if (parsed.error.issues.every((issue) => issue.code === 'custom')) {
      throw new AppError('unprocessable', `the ${location} breaks a rule`, details);
    }
    throw new AppError('validation_failed', `invalid ${location}`, details);
  }
  return parsed.data;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function authorised(req: Request, roles: readonly Role[] | 'any'): Principal {
  const principal = req.principal;
  if (!principal) throw new AppError('unauthenticated', 'a bearer token is required');
  if (roles !== 'any' && !principal.roles.some((r) => roles.includes(r))) {
    throw new AppError('forbidden', `this action needs one of the roles: ${roles.join(', ')}`);
  }
  return principal;
}

export interface RouteGuards {
  authenticate: RequestHandler;
  limiters: RateLimiters;
}

export class RouteTable {
  /** The methods declared on each path, for the 405 the others answer. */
  private readonly methods = new Map<string, Set<string>>();

  constructor(
    private readonly router: Router,
    private readonly openApi: OpenAPIRegistry,
    private readonly db: Db,
    private readonly guards: RouteGuards,
  ) {}

  add<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, const A extends Access>(
    spec: RouteSpec<P, Q, B, A>,
  ) {
    const isPublic = spec.roles === 'public';
    const idempotent = spec.method === 'post' && !spec.readOnly && !isPublic;
    this.describe(spec, idempotent);
    const declared = this.methods.get(spec.path) ?? new Set(['OPTIONS']);
    this.methods.set(spec.path, declared.add(spec.method.toUpperCase()));
    if (spec.method === 'get') declared.add('HEAD');
    const { authenticate, limiters } = this.guards;
    const guards = isPublic
      ? []
      : [
          limiters.failedSignIns,
          authenticate,
          limiters.perPerson,
          ...(spec.creates ? [limiters.creations] : []),
        ];
    const body = spec.body ? [jsonBody(spec.maxBodyBytes)] : [];
    this.router[spec.method](
      spec.path,
      ...guards,
      ...body,
      async (req: Request, res: Response, next) => {
        try {
          const ctx = {
            req,
            principal: isPublic
              ? undefined
              : authorised(req, spec.roles as Exclude<Access, 'public'>),
            params: parse(spec.params, req.params, 'params'),
            query: parse(spec.query, req.query, 'query'),
            body: parse(spec.body, req.body, 'body'),
          } as HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>, PrincipalFor<A>>;
          const reply = idempotent
            ? await this.runIdempotently(
                req,
                ctx as HandlerContext<unknown, unknown, unknown>,
                spec.handler as never,
              )
            : await spec.handler(ctx);
          if (reply.headers) res.set(reply.headers);
          if (reply.contentType) res.status(reply.status).type(reply.contentType).send(reply.body);
          else res.status(reply.status).json(reply.body);
        } catch (error) {
          next(error);
        }
      },
    );
  }

  /** Every declared path answers other methods with 405 and the methods it has. */
  refuseOtherMethods() {
    for (const [path, declared] of this.methods) {
      const allow = [...declared].sort().join(', ');
      this.router.all(path, (req, res, next) => {
        res.set('Allow', allow);
        if (req.method === 'OPTIONS') res.status(204).end();
        else
          next(
            new AppError('method_not_allowed', `${req.method} is not allowed here; use ${allow}`),
          );
      });
    }
  }

  private async runIdempotently<C extends HandlerContext<unknown, unknown, unknown>>(
    req: Request,
    ctx: C,
    handler: (ctx: C) => Promise<Reply>,
  ): Promise<Reply> {
    const key = req.header('Idempotency-Key');
    if (key === undefined) return handler(ctx);
    if (!idempotencyKeyPattern.test(key)) {
      throw new AppError('validation_failed', 'invalid Idempotency-Key', [
        {
          field: 'headers.idempotency-key',
          message: 'use 8–128 characters of A-Z a-z 0-9 . _ : -',
        },
      ]);
    }
    const use = {
      userId: ctx.principal.userId,
      key,
      method: req.method,
      path: req.path,
      hash: requestHash(req.method, req.path, req.body),
    };
    const replay = await claim(this.db, use);
    if (replay) return replay;
    let reply: Reply;
    try {
      reply = await handler({ ...ctx, actId: actIdOf(use.userId, use.method, use.path, key) });
    } catch (error) {
      await release(this.db, use);
      throw error;
    }
    // Accepted but not yet handed on (202) is not the final answer: the key is freed, and the
    // retry, landing on the same recorded act, gets the answer of its workflow.
    if (reply.status === 202) await release(this.db, use);
    else await complete(this.db, use, reply);
    return reply;
  }

  private describe(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>, idempotent: boolean) {
    const isPublic = spec.roles === 'public';
    const responses: RouteConfig['responses'] = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema && {
          // A download may come in several types (a report as PDF or CSV), each with the schema.
          content: Object.fromEntries(
            [response.contentType ?? 'application/json']
              .flat()
              .map((type) => [type, { schema: response.schema }]),
          ),
        }),
      };
    }
    const statuses = Object.entries(errorStatuses).filter(
      ([status]) =>
        !(isPublic && ['401', '403'].includes(status)) && !(status === '413' && !spec.body),
    );
    for (const [status, description] of statuses) {
      responses[status] ??= {
        description,
        content: { 'application/json': { schema: errorBodySchema } },
      };
    }
    this.openApi.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      summary: spec.summary,
      tags: [spec.tag],
      security: isPublic ? [] : [{ bearerAuth: [] }],
      request: {
        params: spec.params,
        query: spec.query,
        headers: idempotent
          ? z.object({ 'Idempotency-Key': z.string().regex(idempotencyKeyPattern).optional() })
          : undefined,
        body: spec.body && {
          content: { 'application/json': { schema: spec.body } },
          required: !spec.body.safeParse(undefined).success,
        },
      },
      responses,
    });
  }
}
