// Clients of the platform during a fault, behaving as the API asks of them: an act is sent
// with an Idempotency-Key and repeated with the same key while the answer is "not now" (503,
// 429, a busy key, no connection), then the case is followed until it reaches where the
// client took it.
// Every answer is kept: the suite checks afterwards that none leaked the platform's insides.
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { signDemoToken } from '../../api/auth.ts';
import type { Role } from '../../domain/roles.ts';
import { completeFile, newUscc, strongIndicators } from '../support/fixtures.ts';
import type { Observed } from './cluster.ts';

export interface Answer {
  method: string;
  path: string;
  /** 0: no connection. */
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** How long a client keeps trying one step before it gives up on the platform. */
const PATIENCE_MS = 180_000;
const POLL_MS = 1_000;
/** The API's error in an answer, if it is one. */
export const errorOf = (answer: Answer) =>
  (answer.body as { error?: { code: string; message: string } } | undefined)?.error;

/** An answer that asks the client to come back: no connection, 503, 429, or its key busy. */
const notNow = (answer: Answer) =>
  answer.status === 0 ||
  answer.status === 503 ||
  answer.status === 429 ||
  errorOf(answer)?.code === 'request_in_progress';

export class Traffic {
  readonly answers: Answer[] = [];
  /** Cases the platform acknowledged (201 or 202 to a filing). */
  readonly acknowledged = new Set<string>();
  /** Acts refused because their workflow had not yet caught up with its record. */
  refusedAhead = 0;

  constructor(private readonly apiUrl: string) {}

  async call(method: string, path: string, token: string, body?: unknown, key?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    let answer: Answer;
    try {
      const res = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      answer = {
        method,
        path,
        status: res.status,
        body: text.startsWith('{') ? JSON.parse(text) : text,
        retryAfter: res.headers.get('retry-after'),
      };
    } catch {
      answer = { method, path, status: 0, body: undefined, retryAfter: null };
    }
    this.answers.push(answer);
    return answer;
  }

  /** Sends an act until it is answered for good; returns the final answer. */
  async act(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const key = `faults-${randomUUID()}`;
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const answer = await this.call(method, path, token, body, key);
      if (!notNow(answer)) return answer;
      if (Date.now() > deadline) throw new Error(`${method} ${path}: still ${answer.status}`);
      await sleep(Number(answer.retryAfter ?? 1) * 1000);
    }
  }

  /**
   * An act the record shows due. The record can lead its workflow by a moment (the activity
   * that writes a step commits before the workflow has taken in its result): an act sent in
   * that moment is refused 409 and, as a person would, sent again. Each such refusal is
   * counted, for the report: it is a known gap, not something the suite hides.
   */
  async actWhenDue(method: string, path: string, token: string, body?: unknown) {
    // As long as any step: behind a Temporal outage the workflow catches up only once it is back.
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const answer = await this.act(method, path, token, body);
      const error = errorOf(answer);
      // The workflow's words for a step it has not reached: "no decision is due".
      const notYet = error?.code === 'invalid_state' && /^no .+ is (due|open)/.test(error.message);
      if (!notYet || Date.now() > deadline) return answer;
      this.refusedAhead += 1;
      await sleep(POLL_MS);
    }
  }

  /** Reads the case as its applicant until `reached` holds of it. */
  async follow(id: string, token: string, reached: (view: CaseView) => boolean) {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const answer = await this.call('GET', `/v1/applications/${id}`, token);
      if (answer.status === 200 && reached(answer.body as CaseView)) return;
      if (Date.now() > deadline) {
        throw new Error(`case ${id} never got there: ${JSON.stringify(answer.body)}`);
      }
      await sleep(POLL_MS);
    }
  }
}

export interface CaseView {
  id: string;
  status: string;
  step: string;
}

export interface Staff {
  officer: string;
  approver: string;
  secondApprover: string;
}

async function tokenFor(observed: Observed, username: string, roles: Role[], bank?: string) {
  const user = await observed.db.user.findUniqueOrThrow({ where: { username } });
  return signDemoToken(observed.signingKey, {
    userId: user.id,
    username,
    roles,
    institutionCode: bank,
  });
}

/** The demo bank's seeded staff, signed in. */
export const demoStaff = async (observed: Observed): Promise<Staff> => ({
  officer: await tokenFor(observed, 'officer', ['OFFICER'], 'demo-bank'),
  approver: await tokenFor(observed, 'approver', ['APPROVER'], 'demo-bank'),
  secondApprover: await tokenFor(observed, 'branch-approver', ['APPROVER'], 'demo-bank'),
});

/** A new applicant: each firm its own owner, as in life (and within per-person budgets). */
export async function newApplicant(observed: Observed): Promise<string> {
  const username = `faults-${randomUUID().slice(0, 8)}`;
  await observed.db.user.create({
    data: { username, displayName: '故障演练申请人', roles: ['APPLICANT'] },
  });
  return tokenFor(observed, username, ['APPLICANT']);
}

const stepsInOrder = ['filed', 'review', 'approval', 'offer', 'disbursed'] as const;
export type Goal = (typeof stepsInOrder)[number];

/** The answer's body, if its status is one of `statuses`. */
function answered(answer: Answer, ...statuses: number[]) {
  if (!statuses.includes(answer.status)) {
    throw new Error(
      `${answer.method} ${answer.path}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body as { id: string };
}

/** A new firm of `applicant`'s, registered through the API; its id. */
export async function registerFirm(traffic: Traffic, applicant: string): Promise<string> {
  const firm = await traffic.act('POST', '/v1/enterprises', applicant, {
    name: `故障演练科技有限公司${randomUUID().slice(0, 4)}`,
    uscc: newUscc(),
    region: '湖北省武汉市',
    indicators: strongIndicators,
  });
  return answered(firm, 201).id;
}

/** A credit filing for the firm. */
export const filingFor = (enterpriseId: string, amount = '1000000.00') => ({
  enterpriseId,
  bankCode: 'demo-bank',
  product: 'credit',
  amount,
  termMonths: 24,
  purpose: '研发投入',
});

/** The terms the officer proposes and the approver approves. */
export const approvedTerms = {
  amount: '800000.00',
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
};

/** A case and the token of the applicant who filed it. */
export interface Journey {
  id: string;
  applicant: string;
}

/** A firm registers, files, supplies its documents, and its case is worked up to `goal`. */
export async function creditJourney(
  traffic: Traffic,
  observed: Observed,
  staff: Staff,
  goal: Goal,
): Promise<Journey> {
  const applicant = await newApplicant(observed);
  const firmId = await registerFirm(traffic, applicant);
  const filed = await traffic.act('POST', '/v1/applications', applicant, filingFor(firmId));
  const { id } = answered(filed, 201, 202);
  traffic.acknowledged.add(id);
  const casePath = `/v1/applications/${id}`;
  const reach = (step: Goal) => stepsInOrder.indexOf(goal) >= stepsInOrder.indexOf(step);
  if (!reach('review')) return { id, applicant };
  const scan = Buffer.from('%PDF-1.4 scanned document').toString('base64');
  for (const type of completeFile) {
    const document = { type, fileName: `${type}.pdf`, mediaType: 'application/pdf' };
    answered(
      await traffic.act('POST', `${casePath}/documents`, applicant, {
        ...document,
        contentBase64: scan,
      }),
      201,
      202,
    );
  }
  await traffic.follow(id, applicant, (view) => view.step === 'review');
  if (!reach('approval')) return { id, applicant };
  answered(
    await traffic.actWhenDue('POST', `${casePath}/review`, staff.officer, {
      recommendation: 'approve',
      reasons: ['研发投入强度高'],
      proposal: { ...approvedTerms, conditions: [] },
    }),
    200,
  );
  await traffic.follow(id, applicant, (view) => view.step === 'approval');
  if (!reach('offer')) return { id, applicant };
  answered(
    await traffic.actWhenDue('POST', `${casePath}/decision`, staff.approver, {
      outcome: 'approve',
      ...approvedTerms,
    }),
    200,
  );
  await traffic.follow(id, applicant, (view) => view.step === 'offer');
  if (!reach('disbursed')) return { id, applicant };
  await acceptOffer(traffic, { id, applicant });
  return { id, applicant };
}

/** The firm accepts its offer; its loan is paid out. */
export async function acceptOffer(traffic: Traffic, { id, applicant }: Journey) {
  const casePath = `/v1/applications/${id}`;
  answered(
    await traffic.actWhenDue('POST', `${casePath}/offer/response`, applicant, {
      response: 'accept',
    }),
    200,
  );
  await traffic.follow(id, applicant, (view) => view.status === 'DISBURSED');
}
