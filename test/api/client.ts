// What the API tests share: request builders for the slice, the error-shape check, reading a
// case as its bank's staff or as its applicant and waiting for it to reach a step, and reading
// a decision letter back.
import { randomInt } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import request, { type Response } from 'supertest';
import { expect } from 'vitest';
import { z } from 'zod';
import {
  applicantApplicationView,
  staffApplicationView,
  type ApplicantApplicationView,
  type Audience,
  type StaffApplicationView,
} from '../../api/application-view.ts';
import { errorBodySchema, type ErrorCode } from '../../api/errors.ts';
import { completeFile, newUscc, strongIndicators, type TestUser } from '../support/fixtures.ts';
import type { Harness } from '../support/harness.ts';
import { pollUntil } from './poll.ts';

export type App = Harness['app'];

export const auth = (user: Pick<TestUser, 'token'>) => ({ Authorization: `Bearer ${user.token}` });

const detailsSchema = z.array(z.object({ field: z.string().min(1), message: z.string().min(1) }));
export type FieldIssue = z.infer<typeof detailsSchema>[number];

/**
 * Asserts the one error shape `{ error: { code, message, requestId, details? } }` with the
 * status the code maps to, and that the requestId is the one the response header carries.
 */
export function expectError(res: Response, status: number, code: ErrorCode) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const { error } = errorBodySchema.strict().parse(res.body);
  expect(
    Object.keys(error).every((k) => ['code', 'message', 'requestId', 'details'].includes(k)),
  ).toBe(true);
  expect(error.code).toBe(code);
  expect(error.message.trim()).not.toBe('');
  expect(error.requestId).toBe(res.headers['x-request-id']);
  return error;
}

/** A 400 `validation_failed` and its per-field issues. */
export function expectFieldIssues(res: Response): FieldIssue[] {
  const error = expectError(res, 400, 'validation_failed');
  return detailsSchema.min(1).parse(error.details);
}

/**
 * A 422 `unprocessable` and its per-field issues: the request keeps its published schema but
 * breaks a rule no schema can state (fields that contradict each other, a check character,
 * content that is not what it claims to be).
 */
export function expectRuleIssues(res: Response): FieldIssue[] {
  const error = expectError(res, 422, 'unprocessable');
  return detailsSchema.min(1).parse(error.details);
}

export const fieldsOf = (issues: FieldIssue[]) => [...new Set(issues.map((i) => i.field))].sort();

export function enterpriseBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `武汉光谷${randomInt(100_000, 1_000_000)}微电子科技有限公司`,
    uscc: newUscc(),
    region: '湖北省武汉市',
    indicators: strongIndicators,
    ...overrides,
  };
}

export interface EnterpriseView {
  id: string;
  name: string;
  uscc: string;
}

export async function registerEnterprise(
  app: App,
  applicant: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<EnterpriseView> {
  const res = await request(app)
    .post('/v1/enterprises')
    .set(auth(applicant))
    .send(enterpriseBody(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as EnterpriseView;
}

export function filingBody(enterpriseId: string, overrides: Record<string, unknown> = {}) {
  return {
    enterpriseId,
    bankCode: 'demo-bank',
    product: 'credit',
    amount: '1000000.00',
    termMonths: 24,
    purpose: '研发设备采购与流动资金',
    ...overrides,
  };
}

export const postApplication = (app: App, applicant: TestUser, body: object) =>
  request(app).post('/v1/applications').set(auth(applicant)).send(body);

/**
 * The case as each audience reads it: the bank's staff the whole case, the applicant its own
 * part. Parsed strictly, so a key the audience must not see fails the read.
 */
const caseViews = {
  staff: staffApplicationView.strict(),
  applicant: applicantApplicationView.strict(),
};
type CaseView<A extends Audience> = {
  staff: StaffApplicationView;
  applicant: ApplicantApplicationView;
}[A];

/** A response body as the case view of `audience`; throws on anything else. */
export const caseView = <A extends Audience>(body: unknown, audience: A) =>
  caseViews[audience].parse(body) as CaseView<A>;

/** Files a case; the filing answers with the applicant's view. */
export async function fileApplication(
  app: App,
  applicant: TestUser,
  enterpriseId: string,
  overrides: Record<string, unknown> = {},
): Promise<ApplicantApplicationView> {
  const res = await postApplication(app, applicant, filingBody(enterpriseId, overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return caseView(res.body, 'applicant');
}

/** GET the case as `user`, who reads the view of `audience`. */
export async function getCase<A extends Audience>(
  app: App,
  user: TestUser,
  id: string,
  audience: A,
): Promise<CaseView<A>> {
  const res = await request(app).get(`/v1/applications/${id}`).set(auth(user));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return caseView(res.body, audience);
}

export const waitForCase = <A extends Audience>(
  app: App,
  user: TestUser,
  id: string,
  audience: A,
  done: (c: CaseView<A>) => boolean,
  description: string,
) =>
  pollUntil(() => getCase(app, user, id, audience), done, {
    description: `case ${id}: ${description}`,
  });

/**
 * Waits for the case to reach `step`. The view reads the row and its trail in one snapshot,
 * and a status moves in the transaction that writes its trail entry, so a step is never seen
 * ahead of the entry that made it.
 */
export const waitForStep = <A extends Audience>(
  app: App,
  user: TestUser,
  id: string,
  audience: A,
  step: CaseView<A>['step'],
) => waitForCase(app, user, id, audience, (c) => c.step === step, `step ${step}`);

export interface TaskItem {
  id: string;
  kind:
    | 'REVIEW'
    | 'DECISION'
    | 'COMMITTEE'
    | 'CONDITIONS'
    | 'COLLATERAL'
    | 'FILING_OVERDUE'
    | 'EARLY_WARNING'
    | 'GUARANTEE_REVIEW'
    | 'GUARANTEE_DECISION'
    | 'CLAIM_PAYMENT'
    | 'POOL_DECISION';
  role: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  application: { id: string; reference: string; enterprise: string; status: string };
  guaranteeId: string | null;
}

export async function tasksOf(app: App, user: TestUser): Promise<TaskItem[]> {
  const res = await request(app).get('/v1/tasks').set(auth(user));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { items: TaskItem[] }).items;
}

export const tasksFor = (tasks: TaskItem[], applicationId: string) =>
  tasks.filter((t) => t.application.id === applicationId);

/** Waits until the user's inbox holds the open task of this kind for the case. */
export async function waitForTask(
  app: App,
  user: TestUser,
  applicationId: string,
  kind: TaskItem['kind'],
): Promise<TaskItem> {
  const tasks = await pollUntil(
    () => tasksOf(app, user),
    (items) => items.some((t) => t.application.id === applicationId && t.kind === kind),
    { description: `a ${kind} task for ${applicationId}` },
  );
  return tasks.find((t) => t.application.id === applicationId && t.kind === kind)!;
}

/** Uploads one small PDF for each of `types` (by default, every document a credit loan needs). */
export async function supplyDocuments(
  app: App,
  applicant: TestUser,
  id: string,
  types: readonly string[] = completeFile,
) {
  const contentBase64 = Buffer.from('%PDF-1.4 scanned document').toString('base64');
  for (const type of types) {
    const res = await request(app)
      .post(`/v1/applications/${id}/documents`)
      .set(auth(applicant))
      .send({ type, fileName: `${type}.pdf`, mediaType: 'application/pdf', contentBase64 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

/**
 * An enterprise registered, a case filed with demo-bank and its file completed: at review.
 * `audience` is the view `applicant` reads: the staff view if it is also the bank's staff.
 */
export async function caseAtReview(
  app: App,
  applicant: TestUser,
  filing: Record<string, unknown> = {},
  audience: Audience = 'applicant',
) {
  const enterprise = await registerEnterprise(app, applicant);
  const filed = await fileApplication(app, applicant, enterprise.id, filing);
  await supplyDocuments(app, applicant, filed.id);
  await waitForStep(app, applicant, filed.id, audience, 'review');
  return { enterprise, filed };
}

/** The credit plan an officer proposes with a recommendation to approve (below any case's amount). */
export const proposal = {
  amount: '100000.00',
  annualRate: '0.0385',
  termMonths: 12,
  repaymentMethod: 'equal-instalment',
  conditions: [],
} as const;

export const approveReview = { recommendation: 'approve', reasons: [], proposal } as const;

export const postReview = (app: App, user: TestUser, id: string, body: object = approveReview) =>
  request(app).post(`/v1/applications/${id}/review`).set(auth(user)).send(body);

export const postDecision = (app: App, user: TestUser, id: string, body: object) =>
  request(app).post(`/v1/applications/${id}/decision`).set(auth(user)).send(body);

/** GET the letter: a PDF body is kept as bytes, an error body parsed as JSON. */
export const getLetter = (
  app: App,
  user: TestUser,
  id: string,
  query: Record<string, string> = {},
) =>
  request(app)
    .get(`/v1/applications/${id}/letter`)
    .query(query)
    .set(auth(user))
    .buffer(true)
    .parse(bytesOrJson);

/** A download's body: bytes as they came, or an error's JSON parsed. */
export function bytesOrJson(res: Response, callback: (error: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const json = /^application\/json/.test(String(res.headers['content-type']));
    try {
      callback(null, json ? JSON.parse(bytes.toString('utf8')) : bytes);
    } catch (error) {
      callback(error as Error, undefined);
    }
  });
  res.on('error', (error: Error) => callback(error, undefined));
}

export async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
