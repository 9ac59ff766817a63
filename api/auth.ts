// Bearer tokens. In production they come from the bank's identity provider and are checked
// against its JWKS (asymmetric keys only); on a laptop the demo key in the data folder signs
// them. The two never mix: with a JWKS configured, demo tokens are refused. Every token says
// when it was issued and expires within a day; a token naming any role beyond the applicant's
// must match the user's record (roles and institution), so a token outliving a change of
// duties, or a mistaken claim of the identity provider, grants nothing the bank did not give.
import type { RequestHandler } from 'express';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { roles, type Role } from '../domain/roles.ts';
import type { Db } from '../prisma/client.ts';
import { AppError } from './errors.ts';

export interface Principal {
  userId: string;
  username: string;
  roles: Role[];
  institutionCode?: string;
  /** Filled from the database: the id of the institution named by institutionCode. */
  institutionId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

const DEMO_ISSUER = 'diguan-demo';
const AUDIENCE_DEFAULT = 'diguan';

/** The longest a token may live, from issue to expiry. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
const CLOCK_SKEW_SECONDS = 60;

const claimsSchema = z
  .object({
    sub: z.uuid(),
    name: z.string().min(1),
    roles: z.array(z.enum(roles)).min(1),
    inst: z.string().min(1).optional(),
    iat: z.number(),
    exp: z.number(),
  })
  .refine((c) => c.exp - c.iat <= MAX_TOKEN_LIFETIME_SECONDS, {
    message: 'the token lives longer than a day',
  })
  // An issue time ahead of this clock (beyond a minute's skew) would stretch the day.
  .refine((c) => c.iat <= Date.now() / 1000 + CLOCK_SKEW_SECONDS, {
    message: 'the token is issued in the future',
  });

/** What the bank's records say a member of staff holds. */
export interface StaffRecord {
  roles: readonly Role[];
  institutionCode: string | null;
  institutionId: string | null;
}

export function demoTokenVerifier(key: Uint8Array): TokenVerifier {
  return async (token) =>
    (
      await jwtVerify(token, key, {
        issuer: DEMO_ISSUER,
        audience: AUDIENCE_DEFAULT,
        algorithms: ['HS256'],
      })
    ).payload;
}

export function jwksTokenVerifier(options: {
  jwksUrl: string;
  issuer: string;
  audience: string;
}): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  return async (token) =>
    (
      await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      })
    ).payload;
}

export interface DemoClaims {
  userId: string;
  username: string;
  roles: Role[];
  institutionCode?: string;
}

export async function signDemoToken(key: Uint8Array, claims: DemoClaims, ttl = '12h') {
  return new SignJWT({ name: claims.username, roles: claims.roles, inst: claims.institutionCode })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(DEMO_ISSUER)
    .setAudience(AUDIENCE_DEFAULT)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

export function staffRecords(db: Db) {
  return async (userId: string): Promise<StaffRecord | undefined> => {
    const user = await db.user.findUnique({
      where: { id: userId },
      include: { institution: true },
    });
    if (!user) return undefined;
    return {
      roles: user.roles,
      institutionCode: user.institution?.code ?? null,
      institutionId: user.institutionId,
    };
  };
}

/** Whether the record grants every role and the institution the token claims. */
const grants = (record: StaffRecord | undefined, held: Role[], inst: string | undefined) =>
  record !== undefined &&
  held.every((r) => record.roles.includes(r)) &&
  (record.institutionCode ?? undefined) === inst;

export function authenticate(
  verify: TokenVerifier,
  staffRecordOf: (userId: string) => Promise<StaffRecord | undefined>,
  institutionIdOf: (code: string) => Promise<string | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    // Past its budget of failed sign-ins an address is refused 429 for the next failure, not
    // shut out: a valid token from behind the same proxy or NAT still gets in.
    const refuse = (message: string) => {
      const waitSeconds = res.locals.signInsExhaustedFor as number | undefined;
      if (waitSeconds === undefined) return next(new AppError('unauthenticated', message));
      res.set('Retry-After', String(waitSeconds));
      next(new AppError('rate_limited', 'too many failed sign-ins from this address'));
    };
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (!token) return refuse('a bearer token is required');
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch {
      return refuse('the token is invalid or expired');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      const problem = claims.error.issues[0]!;
      const message =
        problem.code === 'custom' ? problem.message : 'the token lacks required claims';
      return refuse(message);
    }
    const { sub, name, roles: held, inst } = claims.data;
    try {
      let institutionId: string | undefined;
      if (held.some((r) => r !== 'APPLICANT')) {
        const record = await staffRecordOf(sub);
        if (!grants(record, held, inst)) {
          return next(
            new AppError('forbidden', "the token's roles or institution are not on your record"),
          );
        }
        institutionId = record?.institutionId ?? undefined;
      } else {
        institutionId = inst ? await institutionIdOf(inst) : undefined;
        if (inst && !institutionId)
          return next(new AppError('forbidden', `unknown institution ${inst}`));
      }
      req.principal = {
        userId: sub,
        username: name,
        roles: held,
        institutionCode: inst,
        institutionId,
      };
      next();
    } catch (error) {
      next(error);
    }
  };
}
