// What the combined-deal tests do over HTTP: list a firm on the whitelist, record framework
// agreements, file a guaranteed case and have the bank approve it, act as the guarantor.
import request, { type Response } from 'supertest';
import { expect } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import type { TestUser } from '../support/fixtures.ts';
import {
  auth,
  postApplication,
  postDecision,
  postReview,
  registerEnterprise,
  supplyDocuments,
  waitForStep,
  waitForTask,
  type App,
  type EnterpriseView,
} from './client.ts';
import { pollUntil } from './poll.ts';

export interface Bank {
  code: string;
  officer: TestUser;
  approver: TestUser;
}

export async function whitelist(app: App, admin: TestUser, firm: EnterpriseView) {
  const res = await request(app)
    .patch('/v1/whitelist')
    .set(auth(admin))
    .send({
      upsert: [
        { uscc: firm.uscc, name: firm.name, basis: 'SPECIALISED', reference: 'ZJTX-2026-0042' },
      ],
    });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A framework agreement valid this year and next, recorded by the administrator. */
export async function agreement(app: App, admin: TestUser, body: Record<string, unknown>) {
  const today = shanghaiDate(new Date());
  const res = await request(app)
    .post('/v1/framework-agreements')
    .set(auth(admin))
    .send({
      schemeFamily: 'special-plan',
      validFrom: monthsAfter(today, -1),
      validUntil: monthsAfter(today, 12),
      quota: '100000000.00',
      perFirmLimit: '30000000.00',
      ...body,
    });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reference: string; used: string };
}

/** The re-guarantor's and the national fund's agreements with demo-guarantor. */
export async function counterGuaranteeAgreements(app: App, admin: TestUser, tag: string) {
  await agreement(app, admin, {
    kind: 'REGUARANTEE',
    reference: `HBRG-${tag}`,
    provider: 'demo-reguarantor',
    beneficiary: 'demo-guarantor',
    reguaranteeFeeBp: 30,
  });
  await agreement(app, admin, {
    kind: 'NATIONAL_FUND',
    reference: `NFGF-${tag}`,
    provider: 'demo-national-fund',
    beneficiary: 'demo-guarantor',
  });
}

export const guaranteedFiling = (enterpriseId: string, bankCode: string, amount: string) => ({
  enterpriseId,
  bankCode,
  product: 'credit',
  amount,
  termMonths: 24,
  purpose: '研发投入与流动资金',
  guarantee: { guarantor: 'demo-guarantor', scheme: 'special-plan' },
});

export const loanTerms = (amount: string, repaymentMethod = 'equal-instalment') => ({
  amount,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod,
  conditions: [],
});

/** A whitelisted firm's guaranteed case, filed and complete: its id and the firm. */
export async function fileGuaranteed(
  app: App,
  { applicant, admin }: { applicant: TestUser; admin: TestUser },
  bank: Bank,
  amount: string,
  firm?: EnterpriseView,
) {
  const enterprise = firm ?? (await registerEnterprise(app, applicant));
  if (!firm) await whitelist(app, admin, enterprise);
  const res = await postApplication(
    app,
    applicant,
    guaranteedFiling(enterprise.id, bank.code, amount),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await supplyDocuments(app, applicant, id);
  return { id, firm: enterprise, guaranteeId: res.body.guarantee.id as string };
}

/**
 * Sends an act again while its workflow has not caught up with the record. A step is written
 * by an activity a moment before the workflow takes the result in, and an act sent in that
 * moment is refused 409 ("no decision is due: the case is at review"): the known gap
 * test/faults/traffic.ts counts. A refused act wrote nothing, so sending it again is safe.
 */
export const whenDue = (act: () => Promise<Response>) =>
  pollUntil(
    act,
    (res) => {
      const error = res.body?.error as { code?: string; message?: string } | undefined;
      const behind = /^no \w+ is due/.test(error?.message ?? '');
      return !(res.status === 409 && error?.code === 'invalid_state' && behind);
    },
    { description: 'the workflow to reach the step its record shows' },
  );

/** The bank reviews and approves the case for `amount`; the guarantor's step comes next. */
export async function bankApproves(
  app: App,
  bank: Bank,
  id: string,
  amount: string,
  repaymentMethod?: string,
) {
  await waitForStep(app, bank.officer, id, 'staff', 'review');
  const terms = loanTerms(amount, repaymentMethod);
  const review = { recommendation: 'approve', reasons: [], proposal: terms };
  const reviewed = await whenDue(() => postReview(app, bank.officer, id, review));
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  await waitForStep(app, bank.officer, id, 'staff', 'approval');
  const decision = { outcome: 'approve', ...terms };
  const decided = await whenDue(() => postDecision(app, bank.approver, id, decision));
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
}

/** The guarantor's officer files its report once its review task is open. */
export async function guarantorReviews(
  app: App,
  officer: TestUser,
  id: string,
  guaranteeId: string,
) {
  await waitForTask(app, officer, id, 'GUARANTEE_REVIEW');
  const reviewed = await reviewDeal(app, officer, guaranteeId, goodReview);
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
}

export const getDeal = (app: App, user: TestUser, guaranteeId: string) =>
  request(app).get(`/v1/guarantees/${guaranteeId}`).set(auth(user));

export const reviewDeal = (app: App, user: TestUser, guaranteeId: string, body: object) =>
  request(app).post(`/v1/guarantees/${guaranteeId}/review`).set(auth(user)).send(body);

export const decideDeal = (app: App, user: TestUser, guaranteeId: string, body: object) =>
  request(app).post(`/v1/guarantees/${guaranteeId}/decision`).set(auth(user)).send(body);

export const goodReview = {
  recommendation: 'approve',
  report: '核查了企业经营、研发投入与反担保措施，风险可控。',
};
export const standardFees = {
  outcome: 'approve',
  fees: [
    { kind: 'guarantee', rateBp: 80 },
    { kind: 'reguarantee', rateBp: 30 },
  ],
};
