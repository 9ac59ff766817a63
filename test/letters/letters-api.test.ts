// Letters over HTTP, after real cases ran the credit track: the decision letter in either
// language, and the public verification of a real, a tampered and an unknown code.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCorrection } from '../../activities/letters/issue.ts';
import { groupedCode } from '../../templates/format.ts';
import { caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  approveReview,
  caseAtReview,
  expectError,
  expectFieldIssues,
  getCase,
  getLetter as getLetterOf,
  pdfText,
  postDecision,
  postReview,
  waitForCase,
  waitForTask,
  type App,
} from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let approver: TestUser;
let approved: string;
let rejected: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** GET a case's letter; the PDF body is kept as bytes, an error body parsed as JSON. */
const getLetter = (user: TestUser, id: string, query: Record<string, string> = {}) =>
  getLetterOf(app, user, id, query);

const verify = (code: string) => request(app).get(`/v1/letters/verify/${code}`);

async function decide(outcome: 'approve' | 'reject'): Promise<string> {
  const { filed } = await caseAtReview(app, applicant);
  const reviewed = await postReview(
    app,
    officer,
    filed.id,
    outcome === 'approve' ? approveReview : { recommendation: outcome, reasons: ['研发投入不足'] },
  );
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  await waitForTask(app, approver, filed.id, 'DECISION');
  const body =
    outcome === 'approve'
      ? {
          outcome,
          amount: '800000.00',
          annualRate: '0.0385',
          termMonths: 24,
          repaymentMethod: 'equal-instalment',
        }
      : { outcome, reasons: ['科技人员占比不足百分之十'] };
  const decided = await postDecision(app, approver, filed.id, body);
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  // The decision letters are issued in both languages before the case moves on.
  await waitForCase(
    app,
    applicant,
    filed.id,
    'applicant',
    (c) => c.letters.length === 2,
    'its letters',
  );
  return filed.id;
}

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, officer, approver] = await caseCast(db);
  [approved, rejected] = await Promise.all([decide('approve'), decide('reject')]);
});

afterAll(async () => {
  await harness?.close();
});

describe('a case’s letter', () => {
  it.each([
    ['approved', 'approval', '贷款批准通知书', 'Loan Approval Letter'],
    ['rejected', 'rejection', '贷款不予批准通知书', 'Loan Decision: Not Approved'],
  ])(
    'of a %s case comes in Chinese, and in English on request',
    async (which, kind, zhTitle, enTitle) => {
      const id = which === 'approved' ? approved : rejected;
      const zh = await getLetter(applicant, id);
      expect(zh.status).toBe(200);
      expect(zh.headers['content-type']).toMatch(/^application\/pdf/);
      expect(await pdfText(zh.body as Buffer)).toContain(zhTitle);

      const en = await getLetter(applicant, id, { lang: 'en' });
      expect(en.status).toBe(200);
      const enText = await pdfText(en.body as Buffer);
      expect(enText).toContain(enTitle);
      // Served again, the English letter is the one stored, not a new rendering.
      const again = await getLetter(officer, id, { lang: 'en', kind });
      expect(sha256(again.body as Buffer)).toBe(sha256(en.body as Buffer));

      const view = await getCase(app, applicant, id, 'applicant');
      expect(view.letters.map((l) => [l.kind, l.language]).sort()).toEqual([
        [kind, 'en'],
        [kind, 'zh'],
      ]);
      for (const letter of view.letters) {
        const served = letter.language === 'zh' ? zh : en;
        expect(sha256(served.body as Buffer)).toBe(letter.sha256);
      }
    },
  );

  it('is 404 for a kind the case never had, and 400 for a language or kind that does not exist', async () => {
    expectError(await getLetter(applicant, approved, { kind: 'offer_expiry' }), 404, 'not_found');
    expectError(await getLetter(applicant, approved, { kind: 'rejection' }), 404, 'not_found');
    const issues = expectFieldIssues(
      await getLetter(applicant, approved, { lang: 'fr', kind: 'memo' }),
    );
    expect(issues.map((i) => i.field).sort()).toEqual(['query.kind', 'query.lang']);
  });
});

describe('verifying a letter, without logging in', () => {
  async function issuedLetter(id: string, lang: 'zh' | 'en') {
    const res = await getLetter(applicant, id, { lang });
    const pdf = res.body as Buffer;
    const code = /验证码 ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})|Verification code ([A-Z2-9-]{19})/.exec(
      await pdfText(pdf),
    );
    const printed = code?.[1] ?? code?.[2];
    expect(printed).toBeDefined();
    return { pdf, code: printed!.replaceAll('-', '') };
  }

  it('answers for a real code: kind, date and hash of the letter, and nothing private', async () => {
    const { pdf, code } = await issuedLetter(approved, 'zh');
    const res = await verify(code);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'issuedAt',
        'kind',
        'sequence',
        'language',
        'revision',
        'sha256',
        'status',
        'verificationCode',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      verificationCode: code,
      kind: 'approval',
      sequence: 1,
      language: 'zh',
      revision: 1,
      status: 'current',
      sha256: sha256(pdf),
    });
    // The code as printed, grouped and in any case, is the same code.
    const typed = await verify(groupedCode(code).toLowerCase());
    expect(typed.status).toBe(200);
    expect(typed.body).toEqual(res.body);
  });

  it('shows that a tampered file is not the letter issued', async () => {
    const { pdf, code } = await issuedLetter(rejected, 'en');
    // An incremental update appended to a PDF changes what it shows and keeps it valid.
    const tampered = Buffer.concat([pdf, Buffer.from('\n% edited\n')]);
    const res = await verify(code);
    expect(res.status).toBe(200);
    expect(res.body.sha256).toBe(sha256(pdf));
    expect(res.body.sha256).not.toBe(sha256(tampered));
  });

  it('does not know a tampered or unknown code, and refuses what is not a code', async () => {
    const { code } = await issuedLetter(approved, 'en');
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    expectError(await verify(`${code.slice(0, -1)}${last}`), 404, 'not_found');
    expectError(await verify('ZZZZ-ZZZZ-ZZZZ-ZZZZ'), 404, 'not_found');
    const issues = expectFieldIssues(await verify('not-a-code'));
    expect(issues.map((i) => i.field)).toEqual(['params.code']);
  });

  it('says a corrected letter was superseded, and by which code', async () => {
    const { code } = await issuedLetter(rejected, 'zh');
    const { db } = harness.database;
    const letter = await db.letter.findUniqueOrThrow({ where: { verificationCode: code } });
    const corrected = await issueCorrection({ db }, letter.id, {
      reason: '原函拒绝原因表述不完整',
      issuedAt: new Date('2026-12-01T02:00:00Z'),
    });
    const old = await verify(code);
    expect(old.body).toMatchObject({
      status: 'superseded',
      supersededBy: { verificationCode: corrected.verificationCode },
    });
    const current = await verify(corrected.verificationCode);
    expect(current.body).toMatchObject({ status: 'current', revision: 2, replaces: code });
    // The case's letter is now the correction.
    const served = await getLetter(applicant, rejected, { lang: 'zh' });
    expect(sha256(served.body as Buffer)).toBe(corrected.sha256);
  });

  it('is described in the OpenAPI document as needing no token', async () => {
    const doc = (await request(app).get('/openapi.json')).body as {
      paths: Record<string, { get: { security?: unknown[] } }>;
    };
    expect(doc.paths['/v1/letters/verify/{code}']?.get.security).toEqual([]);
    expect(doc.paths['/v1/applications/{id}/letter']?.get.security).toEqual([{ bearerAuth: [] }]);
  });
});
