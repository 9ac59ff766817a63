// Request budgets, each answered beyond with 429 and Retry-After: per address before the token
// is read, per person after, stricter on failed sign-ins (someone guessing tokens) and on the
// endpoints that create firms and cases. Counters live in this process's memory: behind a load
// balancer each API instance keeps its own.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError } from './errors.ts';

export interface Budget {
  requests: number;
  windowSeconds: number;
}

export interface RateLimits {
  perAddress: Budget;
  perPerson: Budget;
  failedSignInsPerAddress: Budget;
  creationsPerPerson: Budget;
}

export const defaultRateLimits: RateLimits = {
  perAddress: { requests: 300, windowSeconds: 10 },
  perPerson: { requests: 100, windowSeconds: 10 },
  failedSignInsPerAddress: { requests: 20, windowSeconds: 60 },
  creationsPerPerson: { requests: 10, windowSeconds: 60 },
};

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? '');
const personOf = (req: Request) => req.principal?.userId ?? addressOf(req);

const tooMany = (what: string) =>
  new AppError('rate_limited', `too many ${what}; retry after the time Retry-After gives`);

function limiter(budget: Budget, keyOf: (req: Request) => string, what: string): RequestHandler {
  return rateLimit({
    windowMs: budget.windowSeconds * 1000,
    limit: budget.requests,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: keyOf,
    handler: (_req, _res, next) => next(tooMany(what)),
  });
}

/**
 * Counts the requests that end in 401, once they have. Past the budget it marks the address's
 * requests (`res.locals.signInsExhaustedFor`, the seconds left) and authentication answers
 * their failures 429: a guesser is slowed, a valid token from the same address still passes.
 */
function failureLimiter(budget: Budget, keyOf: (req: Request) => string): RequestHandler {
  const failures = new Map<string, { count: number; resetAt: number }>();
  return (req, res, next) => {
    const key = keyOf(req);
    const now = Date.now();
    const entry = failures.get(key);
    if (entry && entry.resetAt <= now) failures.delete(key);
    else if (entry && entry.count >= budget.requests) {
      res.locals.signInsExhaustedFor = Math.ceil((entry.resetAt - now) / 1000);
    }
    res.once('finish', () => {
      if (res.statusCode !== 401) return;
      const current = failures.get(key) ?? {
        count: 0,
        resetAt: Date.now() + budget.windowSeconds * 1000,
      };
      failures.set(key, { ...current, count: current.count + 1 });
      // Addresses that stopped failing are forgotten once the table grows.
      if (failures.size > 10_000) {
        for (const [stale, { resetAt }] of failures) if (resetAt <= now) failures.delete(stale);
      }
    });
    next();
  };
}

export function rateLimiters(limits: RateLimits) {
  return {
    perAddress: limiter(limits.perAddress, addressOf, 'requests from this address'),
    failedSignIns: failureLimiter(limits.failedSignInsPerAddress, addressOf),
    perPerson: limiter(limits.perPerson, personOf, 'requests with this token'),
    creations: limiter(limits.creationsPerPerson, personOf, 'records created with this token'),
  };
}
export type RateLimiters = ReturnType<typeof rateLimiters>;

/** No budget worth the name: for load tests and test harnesses driving thousands of requests. */
const ample: Budget = { requests: 1_000_000, windowSeconds: 1 };
export const ampleRateLimits: RateLimits = {
  perAddress: ample,
  perPerson: ample,
  failedSignInsPerAddress: ample,
  creationsPerPerson: ample,
};
