// Attacks by volume, against the budgets the platform ships with: one token hammering the API,
// one address guessing tokens, one person creating records in bulk. Each is answered 429 with
// Retry-After, in the common error shape, and the budget of one does not spend another's.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../api/rate-limits.ts';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, enterpriseBody, expectError, type App } from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness({ rateLimits: defaultRateLimits });
  app = harness.app;
  [applicant, officer] = await caseCast(harness.database.db);
});

afterAll(async () => {
  await harness?.close();
});

/** Sends `count` requests at once and returns their statuses, in order. */
async function burst(count: number, send: () => request.Test) {
  const responses = await Promise.all(Array.from({ length: count }, send));
  return responses;
}

function expectLimited(res: request.Response) {
  expectError(res, 429, 'rate_limited');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('budgets', () => {
  it('stops one token after its budget, and leaves another token alone', async () => {
    const { requests } = defaultRateLimits.perPerson;
    const responses = await burst(requests + 20, () =>
      request(app).get('/v1/tasks').set(auth(officer)),
    );
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(requests);
    expect(limited).toHaveLength(20);
    expectLimited(limited[0]!);
    const other = await userWith(harness.database.db, ['OFFICER'], 'demo-bank');
    expect((await request(app).get('/v1/tasks').set(auth(other))).status).toBe(200);
  });

  it('slows an address guessing tokens, and still lets a valid token from it in', async () => {
    const { requests } = defaultRateLimits.failedSignInsPerAddress;
    const guess = () =>
      request(app).get('/v1/applications').set('Authorization', 'Bearer guessed.token.value');
    const guesses = await burst(requests, guess);
    expect(guesses.every((r) => r.status === 401)).toBe(true);
    expectLimited(await guess());
    expect((await request(app).get('/v1/applications').set(auth(applicant))).status).toBe(200);
  });
});

describe('creations', () => {
  it('holds registrations to the stricter budget', async () => {
    const fresh = await startHarness({ rateLimits: defaultRateLimits });
    try {
      const owner = await userWith(fresh.database.db, ['APPLICANT']);
      const { requests } = defaultRateLimits.creationsPerPerson;
      const responses = [];
      for (let i = 0; i <= requests; i++) {
        responses.push(
          await request(fresh.app).post('/v1/enterprises').set(auth(owner)).send(enterpriseBody()),
        );
      }
      expect(responses.slice(0, requests).every((r) => r.status === 201)).toBe(true);
      expectLimited(responses.at(-1)!);
    } finally {
      await fresh.close();
    }
  });
});
