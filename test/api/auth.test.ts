// Who may call: bearer tokens, roles, and the error shape every refusal shares.
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDemoToken } from '../../api/auth.ts';
import type { Role } from '../../domain/roles.ts';
import { testSigningKey, caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, enterpriseBody, expectError, type App, approveReview } from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver] = await caseCast(db);
});

afterAll(async () => {
  await harness?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

/** A demo-style token built by hand, so single claims can be bent. */
function handMadeToken(
  claims: { sub: string; name?: string; roles?: Role[]; inst?: string },
  { key = testSigningKey, expiresAt = now() + 600 }: { key?: Uint8Array; expiresAt?: number } = {},
) {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('diguan-demo')
    .setAudience('diguan')
    .setIssuedAt(expiresAt - 3600)
    .setExpirationTime(expiresAt)
    .sign(key);
}

describe('authentication', () => {
  it('answers 401 unauthenticated in the common error shape without a token', async () => {
    const res = await request(app).get('/v1/tasks');
    const error = expectError(res, 401, 'unauthenticated');
    expect(error.details).toBeUndefined();
  });

  it('refuses a header that is not a bearer token', async () => {
    for (const header of [`Basic ${officer.token}`, 'Bearer', `Bearer ${officer.token} extra`]) {
      const res = await request(app).get('/v1/tasks').set('Authorization', header);
      expectError(res, 401, 'unauthenticated');
    }
  });

  it('accepts a hand-made token signed with the demo key (control for the cases below)', async () => {
    const token = await handMadeToken({
      sub: officer.id,
      name: 'o',
      roles: ['OFFICER'],
      inst: 'demo-bank',
    });
    const res = await request(app).get('/v1/tasks').set(bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('refuses a token signed with another key', async () => {
    const claims = { sub: officer.id, name: 'o', roles: ['OFFICER'] as Role[], inst: 'demo-bank' };
    const forged = await handMadeToken(claims, { key: randomBytes(32) });
    expectError(await request(app).get('/v1/tasks').set(bearer(forged)), 401, 'unauthenticated');

    const viaHelper = await signDemoToken(randomBytes(32), {
      userId: officer.id,
      username: 'o',
      roles: ['OFFICER'],
      institutionCode: 'demo-bank',
    });
    expectError(await request(app).get('/v1/tasks').set(bearer(viaHelper)), 401, 'unauthenticated');
  });

  it('refuses an expired token, an unsigned one and one without roles', async () => {
    const claims = { sub: officer.id, name: 'o', roles: ['OFFICER'] as Role[], inst: 'demo-bank' };
    const expired = await handMadeToken(claims, { expiresAt: now() - 60 });
    const unsigned = new UnsecuredJWT({ name: 'o', roles: ['OFFICER'], inst: 'demo-bank' })
      .setSubject(officer.id)
      .setIssuer('diguan-demo')
      .setAudience('diguan')
      .setExpirationTime(now() + 600)
      .encode();
    const roleless = await handMadeToken({ sub: officer.id, name: 'o', inst: 'demo-bank' });
    const unknownRole = await handMadeToken({
      sub: officer.id,
      name: 'o',
      roles: ['ROOT' as Role],
      inst: 'demo-bank',
    });
    for (const token of [expired, unsigned, roleless, unknownRole]) {
      expectError(await request(app).get('/v1/tasks').set(bearer(token)), 401, 'unauthenticated');
    }
  });

  it('refuses a valid token that names an unknown institution', async () => {
    const token = await handMadeToken({
      sub: officer.id,
      name: 'o',
      roles: ['OFFICER'],
      inst: 'no-such-bank',
    });
    expectError(await request(app).get('/v1/tasks').set(bearer(token)), 403, 'forbidden');
  });

  it('keeps health checks open', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('says in /readyz which years of the working-day calendar are provisional', async () => {
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ready',
      calendar: {
        official: { from: 2025, to: 2026 },
        provisional: { from: 2027, to: 2032 },
        warning: expect.stringMatching(/2027–2032 are provisional/),
      },
    });
  });
});

describe('roles', () => {
  it('forbids an applicant the task inbox', async () => {
    expectError(await request(app).get('/v1/tasks').set(auth(applicant)), 403, 'forbidden');
  });

  it('forbids an officer to register a firm, even with a valid body', async () => {
    const res = await request(app)
      .post('/v1/enterprises')
      .set(auth(officer))
      .send(enterpriseBody());
    expectError(res, 403, 'forbidden');
    expect(await harness.database.db.enterprise.count({ where: { ownerId: officer.id } })).toBe(0);
  });

  it('forbids an officer to decide and an approver to review', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const decision = { outcome: 'reject', reasons: ['研发投入不足'] };
    const decided = await request(app)
      .post(`/v1/applications/${id}/decision`)
      .set(auth(officer))
      .send(decision);
    expectError(decided, 403, 'forbidden');
    const reviewed = await request(app)
      .post(`/v1/applications/${id}/review`)
      .set(auth(approver))
      .send(approveReview);
    expectError(reviewed, 403, 'forbidden');
  });

  it('forbids bank staff to file an application', async () => {
    const res = await request(app).post('/v1/applications').set(auth(officer)).send({});
    expectError(res, 403, 'forbidden');
  });

  it('lets the roles that hold a route through', async () => {
    expect((await request(app).get('/v1/tasks').set(auth(officer))).status).toBe(200);
    expect((await request(app).get('/v1/tasks').set(auth(approver))).status).toBe(200);
  });
});

describe('request ids and unknown routes', () => {
  it('echoes X-Request-Id and reports it as the requestId of an error', async () => {
    const requestId = `test-${randomBytes(8).toString('hex')}`;
    const res = await request(app).get('/v1/tasks').set('X-Request-Id', requestId);
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(expectError(res, 401, 'unauthenticated').requestId).toBe(requestId);
  });

  it('gives every request an id of its own when none (or a malformed one) is sent', async () => {
    const first = await request(app).get('/v1/tasks');
    const second = await request(app).get('/v1/tasks');
    const bad = await request(app).get('/v1/tasks').set('X-Request-Id', 'bad id!');
    const ids = [first, second, bad].map(
      (res) => expectError(res, 401, 'unauthenticated').requestId,
    );
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain('bad id!');
    expect(ids.every((id) => id.length >= 8)).toBe(true);
  });

  it('echoes the request id on success too', async () => {
    const requestId = `ok-${randomBytes(8).toString('hex')}`;
    const res = await request(app)
      .get('/v1/tasks')
      .set(auth(officer))
      .set('X-Request-Id', requestId);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
  });

  it('answers an unknown route with 404 not_found in the error shape', async () => {
    const requestId = `nf-${randomBytes(8).toString('hex')}`;
    for (const [method, path] of [
      ['get', '/v1/no-such-thing'],
      ['post', '/v1/applications/00000000-0000-4000-8000-000000000000/teleport'],
      ['get', '/v2/tasks'],
    ] as const) {
      const res = await request(app)
        [method](path)
        .set(auth(officer))
        .set('X-Request-Id', requestId);
      expect(expectError(res, 404, 'not_found').requestId).toBe(requestId);
    }
    // Outside /v1 nothing needs a token, so an unknown path is plainly not found.
    expectError(await request(app).get('/no-such-page'), 404, 'not_found');
  });
});
