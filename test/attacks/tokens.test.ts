// Attacks with tokens that verify: one that never expires, one that lives a month, and staff
// tokens claiming more than the bank's records grant (a role, another bank, duties since
// withdrawn). Forged, expired and unsigned tokens are refused in test/api/auth.test.ts.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKEN_LIFETIME_SECONDS } from '../../api/auth.ts';
import type { Role } from '../../domain/roles.ts';
import { testSigningKey, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { expectError, type App } from '../api/client.ts';

let harness: Harness;
let app: App;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  officer = await userWith(harness.database.db, ['OFFICER'], 'demo-bank');
  await userWith(harness.database.db, ['OFFICER'], 'other-bank');
});

afterAll(async () => {
  await harness?.close();
});

const now = () => Math.floor(Date.now() / 1000);

interface Bend {
  sub?: string;
  roles?: Role[];
  inst?: string;
  issuedAt?: number | null;
  expiresAt?: number | null;
}

/** The officer's token, signed with the demo key, with single claims bent. */
function tokenWith({
  sub = officer.id,
  roles = ['OFFICER'],
  inst = 'demo-bank',
  issuedAt = now(),
  expiresAt = now() + 600,
}: Bend = {}) {
  const jwt = new SignJWT({ name: 'officer', roles, inst })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('diguan-demo')
    .setAudience('diguan');
  if (issuedAt !== null) jwt.setIssuedAt(issuedAt);
  if (expiresAt !== null) jwt.setExpirationTime(expiresAt);
  return jwt.sign(testSigningKey);
}

const inbox = async (token: string) =>
  request(app).get('/v1/tasks').set('Authorization', `Bearer ${token}`);

describe('token lifetime', () => {
  it('lets the bent token through when nothing is bent (control)', async () => {
    expect((await inbox(await tokenWith())).status).toBe(200);
  });

  it('refuses a correctly signed token without expiry, or without issue time', async () => {
    for (const bend of [{ expiresAt: null }, { issuedAt: null }]) {
      const res = await inbox(await tokenWith(bend));
      expectError(res, 401, 'unauthenticated');
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('refuses a token issued in the future, which would live past its day', async () => {
    const issuedAt = now() + 365 * 86_400;
    const res = await inbox(await tokenWith({ issuedAt, expiresAt: issuedAt + 3600 }));
    expect(expectError(res, 401, 'unauthenticated').message).toMatch(/issued in the future/);
  });

  it('refuses a token that lives longer than a day, and takes one that lives exactly a day', async () => {
    const issuedAt = now() - 60;
    const month = await inbox(await tokenWith({ issuedAt, expiresAt: issuedAt + 30 * 86_400 }));
    expect(expectError(month, 401, 'unauthenticated').message).toMatch(/longer than a day/);
    const day = await tokenWith({ issuedAt, expiresAt: issuedAt + MAX_TOKEN_LIFETIME_SECONDS });
    expect((await inbox(day)).status).toBe(200);
  });
});

describe('staff claims checked against the record', () => {
  it('refuses a role the user does not hold', async () => {
    const res = await inbox(await tokenWith({ roles: ['OFFICER', 'APPROVER'] }));
    expectError(res, 403, 'forbidden');
  });

  it('refuses another bank than the user’s, though that bank exists', async () => {
    expectError(await inbox(await tokenWith({ inst: 'other-bank' })), 403, 'forbidden');
  });

  it('refuses staff roles for someone with no record at all', async () => {
    expectError(await inbox(await tokenWith({ sub: randomUUID() })), 403, 'forbidden');
  });

  it('stops a token at once when the bank withdraws the role', async () => {
    const moved = await userWith(harness.database.db, ['OFFICER'], 'demo-bank');
    const token = await tokenWith({ sub: moved.id });
    expect((await inbox(token)).status).toBe(200);
    await harness.database.db.user.update({
      where: { id: moved.id },
      data: { roles: ['APPLICANT'] },
    });
    expectError(await inbox(token), 403, 'forbidden');
  });
});
