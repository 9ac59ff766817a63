// Attacks with characters that hide: a right-to-left override that makes a firm's name read
// backwards, zero-width spaces that make two names look alike, control characters in file names.
// Each is refused with a 400 that names the character; full-width letters are normalised.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  enterpriseBody,
  expectFieldIssues,
  fileApplication,
  registerEnterprise,
  type App,
} from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  applicant = await userWith(harness.database.db, ['APPLICANT']);
});

afterAll(async () => {
  await harness?.close();
});

const register = (name: string) =>
  request(app).post('/v1/enterprises').set(auth(applicant)).send(enterpriseBody({ name }));

describe('names', () => {
  it.each([
    ['a right-to-left override', '光谷\u202E司公限有技科', 'U+202E'],
    ['a zero-width space', '光谷\u200B微电子科技有限公司', 'U+200B'],
    ['a bidi isolate', '\u2066光谷微电子科技有限公司', 'U+2066'],
    ['a control character', '光谷微电子\u0007科技有限公司', 'U+0007'],
    ['a NUL', '光谷微电子\u0000科技有限公司', 'U+0000'],
  ])('refuses %s, naming it', async (_what, name, codePoint) => {
    const [issue] = expectFieldIssues(await register(name));
    expect(issue).toMatchObject({ field: 'body.name' });
    expect(issue!.message).toContain(codePoint);
  });

  it('stores full-width letters and digits as the usual ones (NFKC)', async () => {
    const res = await register('ＡＢＣ光谷１２３科技有限公司');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('ABC光谷123科技有限公司');
  });
});

describe('file names and sentences', () => {
  it('refuses a file name hiding its extension behind an override, naming it', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const filed = await fileApplication(app, applicant, enterprise.id);
    const res = await request(app)
      .post(`/v1/applications/${filed.id}/documents`)
      .set(auth(applicant))
      .send({
        type: 'business-licence',
        fileName: 'licence\u202Efdp.exe',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4 scan').toString('base64'),
      });
    const [issue] = expectFieldIssues(res);
    expect(issue).toMatchObject({ field: 'body.fileName' });
    expect(issue!.message).toContain('U+202E');
  });

  it('keeps the full-width punctuation of Chinese prose (NFC, not NFKC)', async () => {
    const enterprise = await registerEnterprise(app, applicant);
    const filed = await fileApplication(app, applicant, enterprise.id, {
      purpose: '研发设备采购（光刻机），流动资金',
    });
    expect(filed.purpose).toBe('研发设备采购（光刻机），流动资金');
  });
});
