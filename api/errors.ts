// One error type and one table from error code to HTTP status. Handlers throw AppError;
// the error middleware renders `{ error: { code, message, requestId, details? } }`.
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { MAX_BODY_DEPTH } from './body.ts';

const statusOf = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  insufficient_authority: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  request_in_progress: 409,
  invalid_state: 409,
  four_eyes_violation: 409,
  idempotency_key_reused: 422,
  unprocessable: 422,
  business_rule: 422,
  collateral_ineligible: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusOf;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});

/** Prisma's codes for a database it cannot reach or that dropped the connection. */
const prismaDatabaseGone = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

interface ThrownFault {
  type?: string;
  status?: number;
  code?: string;
  message?: string;
  meta?: { driverAdapterError?: { cause?: { code?: string } } };
}

/**
 * Whether the database went away under the request, which may succeed when retried (503, not
 * 500): Prisma's codes for it; the server's SQLSTATE for a lost connection (class 08) or a
 * server stopping or starting (57P); or, for a query in flight when the server died (or sent
 * on a connection that already had), pg's own words, which carry no code.
 */
function databaseGone(error: ThrownFault): boolean {
  if (error.code && prismaDatabaseGone.has(error.code)) return true;
  const sqlState = error.meta?.driverAdapterError?.cause?.code;
  if (sqlState && /^(08|57P)/.test(sqlState)) return true;
  return error.code === undefined && pgConnectionLost.test(error.message ?? '');
}

/** pg's uncoded errors for a connection lost under a query, or a pool that cannot connect. */
const pgConnectionLost =
  /^(Connection terminated|Client has encountered a connection error and is not queryable$|timeout exceeded when trying to connect$)/;

/**
 * Errors no handler named that are not the server's fault: the client's (body-parser's, a
 * unique constraint hit by a request racing its own twin, Prisma's P2002) or an outage's.
 */
function knownFault(error: ThrownFault): AppError | undefined {
  if (error.code === 'P2002') return new AppError('conflict', 'this record already exists');
  if (databaseGone(error)) {
    return new AppError('unavailable', 'the database is not answering; retry shortly');
  }
  if (error.type === 'entity.parse.failed')
    return new AppError('validation_failed', 'body is not valid JSON');
  if (error.type === 'entity.too.large')
    return new AppError('payload_too_large', 'body is too large');
  if (error.type === 'entity.too.deep')
    return new AppError('validation_failed', `body nests deeper than ${MAX_BODY_DEPTH} levels`);
  if (error.status && error.status >= 400 && error.status < 500) {
    return new AppError('validation_failed', 'the request could not be read');
  }
  return undefined;
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof AppError ? error : knownFault(error as ThrownFault);
  const appError = known ?? new AppError('internal', 'internal error');
  if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
  // An outage passes, and so does the request before: a client retrying with the same
  // Idempotency-Key gets the one result.
  const passes = appError.status === 503 || appError.code === 'request_in_progress';
  if (passes && !res.get('Retry-After')) res.set('Retry-After', '5');
  if (appError.status === 401) {
    const challenge = req.headers.authorization ? ', error="invalid_token"' : '';
    res.set('WWW-Authenticate', `Bearer realm="diguan"${challenge}`);
  }
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: appError.message,
      requestId: String(req.id),
      ...(appError.details === undefined ? {} : { details: appError.details }),
    },
  });
};
