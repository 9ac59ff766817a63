// Attacks on the shape of requests: bodies built to overflow a stack or fill memory, methods
// nobody declared, and what every answer must carry (security headers, no caching, a Bearer
// challenge). Every POST answers 400 or 413 to these, never 500.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_BYTES, MAX_BODY_DEPTH } from '../../api/body.ts';
import { caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  enterpriseBody,
  expectError,
  fileApplication,
  filingBody,
  registerEnterprise,
  type App,
} from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  [applicant, officer] = await caseCast(harness.database.db);
});

afterAll(async () => {
  await harness?.close();
});

/** `{"x":{"x":…}}` nested `depth` deep, as text: JSON.stringify itself would overflow. */
const nested = (depth: number) => '{"x":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('bodies', () => {
  it.each([10_000, 100_000])(
    'refuses a body nested %i deep with 400 before anything walks it, Idempotency-Key or not',
    async (depth) => {
      const body = nested(depth);
      const [status, code] =
        body.length > DEFAULT_BODY_BYTES
          ? ([413, 'payload_too_large'] as const)
          : ([400, 'validation_failed'] as const);
      for (const key of [randomUUID(), undefined]) {
        const req = request(app)
          .post('/v1/enterprises')
          .set(auth(applicant))
          .set('Content-Type', 'application/json');
        const res = await (key ? req.set('Idempotency-Key', key) : req).send(body);
        expectError(res, status, code);
      }
    },
  );

  it('accepts nesting up to the limit and refuses one level more', async () => {
    const within = await request(app)
      .post('/v1/enterprises')
      .set(auth(applicant))
      .set('Content-Type', 'application/json')
      .send(nested(MAX_BODY_DEPTH));
    expectError(within, 400, 'validation_failed');
    expect(within.body.error.message).toBe('invalid body');
    const beyond = await request(app)
      .post('/v1/enterprises')
      .set(auth(applicant))
      .set('Content-Type', 'application/json')
      .send(nested(MAX_BODY_DEPTH + 1));
    expectError(beyond, 400, 'validation_failed');
    expect(beyond.body.error.message).toMatch(/nests deeper/);
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const res = await request(app)
      .post('/v1/enterprises')
      .set(auth(applicant))
      .send(enterpriseBody({ name: `${'['.repeat(40)}科技有限公司` }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses a 3 MB filing with 413 without parsing it', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const res = await request(app)
      .post('/v1/applications')
      .set(auth(applicant))
      .send(filingBody(enterprise.id, { purpose: 'x'.repeat(3 * 1024 * 1024) }));
    expectError(res, 413, 'payload_too_large');
  });

  it('refuses 64 KB and more on an ordinary endpoint, and takes a 2 MB document', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const big = await request(app)
      .post('/v1/enterprises')
      .set(auth(applicant))
      .send(enterpriseBody({ padding: 'x'.repeat(DEFAULT_BODY_BYTES) }));
    expectError(big, 413, 'payload_too_large');
    const filed = await fileApplication(app, applicant, enterprise.id);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4 '), Buffer.alloc(2 * 1024 * 1024 - 9, 0x20)]);
    const upload = await request(app)
      .post(`/v1/applications/${filed.id}/documents`)
      .set(auth(applicant))
      .send({
        type: 'business-licence',
        fileName: 'licence.pdf',
        mediaType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  });

  it('answers 400 to a body that is not JSON or not an object, on every kind of POST', async () => {
    for (const body of ['{"name":', '[]', '"text"', 'null']) {
      const res = await request(app)
        .post('/v1/assessments/preview')
        .set(auth(officer))
        .set('Content-Type', 'application/json')
        .send(body);
      expectError(res, 400, 'validation_failed');
    }
  });
});

describe('methods', () => {
  it('answers 405 with Allow to a method a path does not declare', async () => {
    for (const method of ['put', 'delete', 'patch'] as const) {
      const res = await request(app)[method]('/v1/applications').set(auth(applicant));
      expectError(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
    }
    const trace = await request(app).trace('/v1/tasks').set(auth(officer));
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with the methods a path has, and 404 where no path is', async () => {
    const options = await request(app).options('/v1/enterprises');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('OPTIONS, POST');
    expectError(await request(app).put('/v1/nowhere'), 404, 'not_found');
  });
});

describe('answers', () => {
  it('carries the security headers and no-store on personal data', async () => {
    const res = await request(app).get('/v1/applications').set(auth(applicant));
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });

  it('gives the docs a policy that runs their own scripts only', async () => {
    const res = await request(app).get('/docs/');
    expect(res.status).toBe(200);
    const policy = res.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('challenges with WWW-Authenticate on every 401', async () => {
    const missing = await request(app).get('/v1/tasks');
    expectError(missing, 401, 'unauthenticated');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="diguan"');
    const bad = await request(app).get('/v1/tasks').set('Authorization', 'Bearer not.a.token');
    expectError(bad, 401, 'unauthenticated');
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="diguan", error="invalid_token"');
  });
});
