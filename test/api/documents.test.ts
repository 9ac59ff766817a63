// The file of a case over HTTP: the applicant supplies documents the pinned checklist asks
// for, applicant and bank read the checklist and the bytes back; everything else is refused
// before anything is stored.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantApplicationView } from '../../api/application-view.ts';
import { acceptedIds } from '../../domain/credit/document-checklist.ts';
import { documentChecklist2026 } from '../../domain/credit/document-checklist.data.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  fileApplication,
  getCase,
  registerEnterprise,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let owner: TestUser;
let stranger: TestUser;
let officer: TestUser;
let otherOfficer: TestUser;
let filed: ApplicantApplicationView;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [owner, stranger, officer] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
  ]);
  otherOfficer = await userWith(db, ['OFFICER'], 'other-bank');
  const enterprise = await registerEnterprise(app, owner);
  filed = await fileApplication(app, owner, enterprise.id);
});

afterAll(async () => {
  await harness?.close();
});

const MB2 = 2 * 1024 * 1024;

/** `size` bytes that start like a PDF. */
function pdfBytes(size = 2_000): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n', 'latin1');
  bytes.writeUInt32BE(Math.floor(Math.random() * 2 ** 32), size - 4);
  return bytes;
}

const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function uploadBody(overrides: Record<string, unknown> = {}, content = pdfBytes()) {
  return {
    type: 'business-licence',
    fileName: '营业执照.pdf',
    mediaType: 'application/pdf',
    contentBase64: content.toString('base64'),
    ...overrides,
  };
}

const postDocument = (user: TestUser, caseId: string, body: object, idempotencyKey?: string) => {
  const req = request(app).post(`/v1/applications/${caseId}/documents`).set(auth(user));
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
};

interface DocumentItem {
  id: string;
  type: string;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
}

interface Checklist {
  version: string;
  items: {
    item: string;
    zh: string;
    en: string;
    accepts: { type: string }[];
    satisfied: boolean;
    documents: DocumentItem[];
  }[];
  complete: boolean;
}

const getChecklist = (user: TestUser, caseId: string) =>
  request(app).get(`/v1/applications/${caseId}/documents`).set(auth(user));

/** GET a document: its bytes as a Buffer, an error body parsed as JSON. */
const getDocument = (user: TestUser, caseId: string, documentId: string) =>
  request(app)
    .get(`/v1/applications/${caseId}/documents/${documentId}`)
    .set(auth(user))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const json = /^application\/json/.test(String(res.headers['content-type']));
        callback(null, json ? JSON.parse(bytes.toString('utf8')) : bytes);
      });
    });

const documentsOf = (caseId: string) =>
  harness.database.db.document.count({ where: { applicationId: caseId } });

/** A second case of the owner's, filed and then closed as the workflow would close it. */
async function closedCase(
  status: 'WITHDRAWN' | 'REJECTED' | 'DISBURSED',
): Promise<ApplicantApplicationView> {
  const enterprise = await registerEnterprise(app, owner);
  const other = await fileApplication(app, owner, enterprise.id);
  const { db } = harness.database;
  const { workflowId } = await db.application.findUniqueOrThrow({ where: { id: other.id } });
  await harness.env.client.workflow.getHandle(workflowId).terminate('closed by the test');
  await db.application.update({ where: { id: other.id }, data: { status } });
  return other;
}

describe('POST /v1/applications/:id/documents', () => {
  it('stores the document, records who supplied it, and serves the same bytes back', async () => {
    const content = pdfBytes(5_000);
    const res = await postDocument(owner, filed.id, uploadBody({}, content));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(res.body).toEqual({
      id: expect.any(String),
      type: 'business-licence',
      fileName: '营业执照.pdf',
      mediaType: 'application/pdf',
      sha256,
      sizeBytes: content.length,
      uploadedAt: expect.any(String),
    });
    const document = res.body as DocumentItem;

    const supplied = (await getCase(app, officer, filed.id, 'staff')).history.find(
      (e) => e.action === 'document_supplied' && (e.data as { sha256: string }).sha256 === sha256,
    );
    expect(supplied).toMatchObject({
      actorId: owner.id,
      actorRole: 'APPLICANT',
      data: { type: 'business-licence', fileName: '营业执照.pdf', size: content.length },
    });

    for (const reader of [owner, officer]) {
      const back = await getDocument(reader, filed.id, document.id);
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toMatch(/^application\/pdf/);
      expect(back.headers['content-disposition']).toContain(encodeURIComponent('营业执照.pdf'));
      expect((back.body as Buffer).equals(content)).toBe(true);
    }
  });

  it('accepts a PNG and a file of exactly 2 MB', async () => {
    const png = await postDocument(
      owner,
      filed.id,
      uploadBody(
        { type: 'bank-statements', fileName: 'statement.png', mediaType: 'image/png' },
        pngBytes,
      ),
    );
    expect(png.status, JSON.stringify(png.body)).toBe(201);
    const largest = await postDocument(
      owner,
      filed.id,
      uploadBody({ type: 'audited-accounts' }, pdfBytes(MB2)),
    );
    expect(largest.status, JSON.stringify(largest.body)).toBe(201);
    expect((largest.body as DocumentItem).sizeBytes).toBe(MB2);
  });

  it('lists every missing field', async () => {
    const issues = expectFieldIssues(await postDocument(owner, filed.id, {}));
    expect(fieldsOf(issues)).toEqual([
      'body.contentBase64',
      'body.fileName',
      'body.mediaType',
      'body.type',
    ]);
  });

  it.each([
    ['contentBase64', { contentBase64: '' }],
    ['contentBase64', { contentBase64: 'not base64!' }],
    ['contentBase64', { contentBase64: 12345 }],
    ['mediaType', { mediaType: 'text/html' }],
    ['fileName', { fileName: '../../etc/passwd' }],
    ['fileName', { fileName: '   ' }],
    ['fileName', { fileName: `${'x'.repeat(252)}.pdf` }],
    ['type', { type: '' }],
  ])('refuses a bad %s with 400 naming it, and stores nothing', async (field, overrides) => {
    const before = await documentsOf(filed.id);
    const issues = expectFieldIssues(await postDocument(owner, filed.id, uploadBody(overrides)));
    expect(fieldsOf(issues)).toEqual([`body.${field}`]);
    expect(await documentsOf(filed.id)).toBe(before);
  });

  it('refuses content that is not what its media type says (422: no schema can state it)', async () => {
    const before = await documentsOf(filed.id);
    const asPdf = await postDocument(owner, filed.id, uploadBody({}, pngBytes));
    const issues = expectRuleIssues(asPdf);
    expect(fieldsOf(issues)).toEqual(['body.contentBase64']);
    expect(issues[0]!.message).toBe('the content is not application/pdf');
    const asJpeg = await postDocument(owner, filed.id, uploadBody({ mediaType: 'image/jpeg' }));
    expect(fieldsOf(expectRuleIssues(asJpeg))).toEqual(['body.contentBase64']);
    expect(await documentsOf(filed.id)).toBe(before);
  });

  it('answers 422 for a type the checklist does not ask of this product', async () => {
    const before = await documentsOf(filed.id);
    // An IP certificate belongs to the pledge checklist, not to a credit loan's.
    for (const type of ['selfie', 'ip-certificates', 'tech-status']) {
      const res = await postDocument(owner, filed.id, uploadBody({ type }));
      expect(expectError(res, 422, 'business_rule').message).toContain(type);
    }
    expect(await documentsOf(filed.id)).toBe(before);
  });

  it('answers 422 above 2 MB and 413 for a body beyond any document', async () => {
    const before = await documentsOf(filed.id);
    expectError(
      await postDocument(owner, filed.id, uploadBody({}, pdfBytes(MB2 + 1))),
      422,
      'business_rule',
    );
    expectError(
      await postDocument(owner, filed.id, uploadBody({}, pdfBytes(3.5 * 1024 * 1024))),
      413,
      'payload_too_large',
    );
    expect(await documentsOf(filed.id)).toBe(before);
  });

  it('answers 404 for another firm’s case and 403 to bank staff', async () => {
    expectError(await postDocument(stranger, filed.id, uploadBody()), 404, 'not_found');
    expectError(await postDocument(officer, filed.id, uploadBody()), 403, 'forbidden');
    const malformed = await postDocument(owner, 'not-a-uuid', uploadBody());
    expect(fieldsOf(expectFieldIssues(malformed))).toEqual(['params.id']);
  });

  it('answers 409 on a closed case', async () => {
    for (const status of ['WITHDRAWN', 'REJECTED', 'DISBURSED'] as const) {
      const closed = await closedCase(status);
      expectError(await postDocument(owner, closed.id, uploadBody()), 409, 'invalid_state');
      expect(await documentsOf(closed.id)).toBe(0);
    }
  });

  it('stores a retried upload once, and refuses the key for another file', async () => {
    const key = `upload-${Date.now()}`;
    const body = uploadBody({ type: 'tax-certificates' });
    const before = await documentsOf(filed.id);
    const first = await postDocument(owner, filed.id, body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await postDocument(owner, filed.id, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await documentsOf(filed.id)).toBe(before + 1);

    const different = await postDocument(
      owner,
      filed.id,
      uploadBody({ type: 'tax-certificates' }),
      key,
    );
    expectError(different, 422, 'idempotency_key_reused');
    expect(await documentsOf(filed.id)).toBe(before + 1);
  });
});

describe('GET /v1/applications/:id/documents', () => {
  it('shows the pinned checklist of the product, what meets each item, and when it is complete', async () => {
    const enterprise = await registerEnterprise(app, owner);
    const fresh = await fileApplication(app, owner, enterprise.id);
    const needed = documentChecklist2026.items.filter((i) => i.products.includes('credit'));

    const empty = await getChecklist(owner, fresh.id);
    expect(empty.status, JSON.stringify(empty.body)).toBe(200);
    const before = empty.body as Checklist;
    const { policyVersions } = await getCase(app, officer, fresh.id, 'staff');
    expect(before.version).toBe((policyVersions as { documents: string }).documents);
    expect(before.items.map((i) => i.item)).toEqual(needed.map((i) => i.id));
    expect(before.items.some((i) => i.item === 'ip-certificates')).toBe(false);
    expect(before.items.every((i) => !i.satisfied && i.documents.length === 0)).toBe(true);
    expect(before.complete).toBe(false);
    const techStatus = before.items.find((i) => i.item === 'tech-status')!;
    expect(techStatus.accepts.map((a) => a.type)).toEqual([
      'high-tech-certificate',
      'tech-sme-registration',
    ]);

    // Every item but the last, the one-of item met by its second alternative.
    for (const item of needed.slice(0, -1)) {
      const type = acceptedIds(item).at(-1)!;
      const res = await postDocument(
        owner,
        fresh.id,
        uploadBody({ type, fileName: `${type}.pdf` }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const almost = (await getChecklist(owner, fresh.id)).body as Checklist;
    expect(almost.complete).toBe(false);
    expect(almost.items.filter((i) => !i.satisfied).map((i) => i.item)).toEqual([
      needed.at(-1)!.id,
    ]);
    expect(almost.items.find((i) => i.item === 'tech-status')!.documents).toMatchObject([
      { type: 'tech-sme-registration', fileName: 'tech-sme-registration.pdf' },
    ]);

    const last = acceptedIds(needed.at(-1)!)[0]!;
    expect((await postDocument(owner, fresh.id, uploadBody({ type: last }))).status).toBe(201);
    const banks = await getChecklist(officer, fresh.id);
    expect(banks.status).toBe(200);
    expect((banks.body as Checklist).complete).toBe(true);
    expect((banks.body as Checklist).items.every((i) => i.satisfied)).toBe(true);
  });

  it('hides the checklist and the documents from other tenants', async () => {
    const res = await postDocument(owner, filed.id, uploadBody({ type: 'latest-accounts' }));
    const document = res.body as DocumentItem;
    for (const outsider of [stranger, otherOfficer]) {
      expectError(await getChecklist(outsider, filed.id), 404, 'not_found');
      expectError(await getDocument(outsider, filed.id, document.id), 404, 'not_found');
    }
  });

  it('serves a document only under its own case', async () => {
    const enterprise = await registerEnterprise(app, owner);
    const other = await fileApplication(app, owner, enterprise.id);
    const res = await postDocument(owner, filed.id, uploadBody({ type: 'bank-statements' }));
    const document = res.body as DocumentItem;
    expectError(await getDocument(owner, other.id, document.id), 404, 'not_found');
    expectError(
      await getDocument(owner, filed.id, '00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    const malformed = await getDocument(owner, filed.id, 'nope');
    expect(fieldsOf(expectFieldIssues(malformed))).toEqual(['params.documentId']);
  });
});
