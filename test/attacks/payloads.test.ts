// What Temporal keeps is ciphertext: someone reading its database or its Web UI without the key
// sees no firm's figures and no one's words. The administrator, through the codec endpoint the
// Web UI calls, reads them decrypted; no one else does.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { testUiOrigin } from '../support/temporal.ts';
import { auth, caseAtReview, expectError, type App } from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let admin: TestUser;
const question = '请说明光刻胶中试线的设备清单，并提供联系人电话';

interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}
/** Every payload the case's history holds, in the JSON form the Web UI sends the codec. */
let payloads: JsonPayload[];

/** The payloads anywhere in a history event, however deep. */
function payloadsIn(node: unknown): { metadata?: object; data?: Uint8Array }[] {
  if (typeof node !== 'object' || node === null) return [];
  if ('data' in node && 'metadata' in node && node.data instanceof Uint8Array) {
    return [node as { metadata?: object; data?: Uint8Array }];
  }
  return Object.values(node).flatMap(payloadsIn);
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  [applicant, officer] = await caseCast(harness.database.db);
  admin = await userWith(harness.database.db, ['ADMIN']);
  const { filed } = await caseAtReview(app, applicant);
  const asked = await request(app)
    .post(`/v1/applications/${filed.id}/information-requests`)
    .set(auth(officer))
    .send({ questions: [question] });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const history = await harness.env.client.workflow
    .getHandle(creditApplicationWorkflowId(filed.id))
    .fetchHistory();
  payloads = payloadsIn(history.events).map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  }));
});

afterAll(async () => {
  await harness?.close();
});

const text = (payload: JsonPayload) => Buffer.from(payload.data, 'base64').toString('utf8');
const decodeAs = (user: TestUser, payloads: JsonPayload[]) =>
  request(app).post('/v1/codec/decode').set(auth(user)).send({ payloads });

describe('the history Temporal keeps', () => {
  it('holds every payload encrypted, with no trace of what the bank asked', () => {
    expect(payloads.length).toBeGreaterThan(5);
    for (const payload of payloads) {
      expect(Buffer.from(payload.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
      expect(text(payload)).not.toContain('光刻胶');
    }
  });
});

describe('the codec endpoint', () => {
  it('decrypts for the administrator', async () => {
    const res = await decodeAs(admin, payloads);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const decoded = res.body.payloads as JsonPayload[];
    expect(decoded).toHaveLength(payloads.length);
    expect(decoded.map(text).join('\n')).toContain(question);
  });

  it('decrypts for no one else', async () => {
    expectError(await decodeAs(officer, payloads), 403, 'forbidden');
    expectError(
      await request(app).post('/v1/codec/decode').send({ payloads }),
      401,
      'unauthenticated',
    );
  });

  it('refuses a payload altered on the way, naming no key', async () => {
    const sealed = Buffer.from(payloads[0]!.data, 'base64');
    sealed[sealed.length - 1]! ^= 0xff;
    const altered = { ...payloads[0]!, data: sealed.toString('base64') };
    expectError(await decodeAs(admin, [altered]), 422, 'unprocessable');
  });

  it('lets the Web UI’s origin call it, and no other', async () => {
    const preflight = (origin: string) =>
      request(app)
        .options('/v1/codec/decode')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
    const ui = await preflight(testUiOrigin);
    expect(ui.status).toBe(204);
    expect(ui.headers['access-control-allow-origin']).toBe(testUiOrigin);
    expect(ui.headers['access-control-allow-headers']).toContain('Authorization');
    const stranger = await preflight('https://evil.example');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});
