// What the edge refuses before anything happens: malformed bodies (400 with one issue per
// field), well-formed bodies that break a rule no schema can state (422 unprocessable, per
// field), duplicates (409), and filings outside the product rules (422 business_rule).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantApplicationView } from '../../api/application-view.ts';
import { matrixInForce } from '../../domain/credit/authority-matrix.ts';
import {
  authorityMatrices,
  defaultAuthority2026,
} from '../../domain/credit/authority-matrix.data.ts';
import { creditTrackPolicyInForce } from '../../domain/credit/track-policy.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { fenToYuan } from '../../domain/money.ts';
import { versionInForce } from '../../domain/policy-versions.ts';
import { newUscc, strongIndicators, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  enterpriseBody,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  fileApplication,
  filingBody,
  getCase,
  postApplication,
  postDecision,
  postReview,
  registerEnterprise,
  type App,
  type EnterpriseView,
} from './client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let approver: TestUser;
let officer: TestUser;
let enterprise: EnterpriseView;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  [applicant, approver, officer] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['APPROVER'], 'demo-bank'),
    userWith(db, ['OFFICER'], 'demo-bank'),
  ]);
  enterprise = await registerEnterprise(app, applicant);
});

afterAll(async () => {
  await harness?.close();
});

const postEnterprise = (body: unknown) =>
  request(app)
    .post('/v1/enterprises')
    .set(auth(applicant))
    .send(body as object);

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The same code with another, equally well-formed, final check character. */
function withWrongCheckChar(uscc: string): string {
  const last = uscc.at(-1)!;
  const other = USCC_ALPHABET[(USCC_ALPHABET.indexOf(last) + 1) % USCC_ALPHABET.length]!;
  return uscc.slice(0, -1) + other;
}

const applicationsOf = (enterpriseId: string) =>
  harness.database.db.application.count({ where: { enterpriseId } });

describe('POST /v1/enterprises', () => {
  it('registers a well-formed firm (control)', async () => {
    const body = enterpriseBody();
    const res = await postEnterprise(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: body.name, uscc: body.uscc, preferredLanguage: 'zh' });
  });

  it('refuses a credit code with a wrong check character, naming body.uscc (422)', async () => {
    const uscc = withWrongCheckChar(newUscc());
    const issues = expectRuleIssues(await postEnterprise(enterpriseBody({ uscc })));
    expect(fieldsOf(issues)).toEqual(['body.uscc']);
    expect(issues[0]?.message).toMatch(/check character/);
    // Written in lower case with spaces around, it is still the same code with the same fault.
    const spelled = expectRuleIssues(
      await postEnterprise(enterpriseBody({ uscc: `  ${uscc.toLowerCase()} ` })),
    );
    expect(fieldsOf(spelled)).toEqual(['body.uscc']);
    expect(await harness.database.db.enterprise.count({ where: { uscc } })).toBe(0);
  });

  it('refuses a credit code of the wrong length or with letters the standard excludes', async () => {
    const valid = newUscc();
    for (const uscc of [
      valid.slice(0, 17),
      `${valid}0`,
      `${valid.slice(0, 9)}I${valid.slice(10)}`,
    ]) {
      const issues = expectFieldIssues(await postEnterprise(enterpriseBody({ uscc })));
      expect(fieldsOf(issues)).toEqual(['body.uscc']);
    }
  });

  it('lists every missing field', async () => {
    const issues = expectFieldIssues(await postEnterprise({}));
    expect(fieldsOf(issues)).toEqual(['body.indicators', 'body.name', 'body.region', 'body.uscc']);
    for (const issue of issues) expect(issue.message.trim()).not.toBe('');
  });

  it('names nested missing indicators by their path', async () => {
    const indicators: Partial<typeof strongIndicators> = { ...strongIndicators };
    delete indicators.employees;
    delete indicators.ip;
    const issues = expectFieldIssues(await postEnterprise(enterpriseBody({ indicators })));
    expect(fieldsOf(issues)).toEqual(['body.indicators.employees', 'body.indicators.ip']);
  });

  it('refuses negative counts and amounts, one issue per field', async () => {
    const indicators = {
      ...strongIndicators,
      employees: -1,
      revenue: '-100.00',
      ip: { classI: -2, classII: 5 },
    };
    const issues = expectFieldIssues(await postEnterprise(enterpriseBody({ indicators })));
    expect(fieldsOf(issues)).toEqual(
      expect.arrayContaining([
        'body.indicators.employees',
        'body.indicators.ip.classI',
        'body.indicators.revenue',
      ]),
    );
    expect(issues.every((i) => i.field.startsWith('body.indicators.'))).toBe(true);
  });

  it('refuses more S&T staff than employees, and accepts as many', async () => {
    const over = { ...strongIndicators, employees: 10, stStaff: 11, rdStaff: 5 };
    const issues = expectRuleIssues(await postEnterprise(enterpriseBody({ indicators: over })));
    expect(issues).toEqual([
      { field: 'body.indicators.stStaff', message: expect.stringMatching(/employees/) },
    ]);

    const equal = { ...over, stStaff: 10 };
    const res = await postEnterprise(enterpriseBody({ indicators: equal }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('answers 400, not 500, to a body that is not JSON', async () => {
    for (const raw of ['{"name": "武汉', '{name: 1}', 'null,']) {
      const res = await request(app)
        .post('/v1/enterprises')
        .set(auth(applicant))
        .set('Content-Type', 'application/json')
        .send(raw);
      expectError(res, 400, 'validation_failed');
    }
  });

  it('answers 409 conflict to a credit code already registered, however it is written', async () => {
    const body = enterpriseBody();
    expect((await postEnterprise(body)).status).toBe(201);
    expectError(await postEnterprise(enterpriseBody({ uscc: body.uscc })), 409, 'conflict');
    const spelledDifferently = `  ${body.uscc.toLowerCase()} `;
    expectError(
      await postEnterprise(enterpriseBody({ uscc: spelledDifferently })),
      409,
      'conflict',
    );
    expect(await harness.database.db.enterprise.count({ where: { uscc: body.uscc } })).toBe(1);
  });
});

describe('POST /v1/applications', () => {
  it.each(['12.345', '-1', 'abc', '0', '0.00', '1e6', '', ' 100'])(
    'refuses the amount %j with an issue on body.amount',
    async (amount) => {
      const before = await applicationsOf(enterprise.id);
      const res = await postApplication(app, applicant, filingBody(enterprise.id, { amount }));
      expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.amount']);
      expect(await applicationsOf(enterprise.id)).toBe(before);
    },
  );

  it('refuses an amount sent as a number', async () => {
    const res = await postApplication(app, applicant, filingBody(enterprise.id, { amount: 1000 }));
    expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.amount']);
  });

  it('lists every missing field of a filing', async () => {
    const issues = expectFieldIssues(await postApplication(app, applicant, {}));
    expect(fieldsOf(issues)).toEqual([
      'body.amount',
      'body.bankCode',
      'body.enterpriseId',
      'body.product',
      'body.purpose',
      'body.termMonths',
    ]);
  });

  it('answers 422 business_rule for an unknown bank or an institution that is not a bank', async () => {
    const before = await applicationsOf(enterprise.id);
    for (const bankCode of ['no-such-bank', 'demo-guarantor']) {
      const res = await postApplication(app, applicant, filingBody(enterprise.id, { bankCode }));
      expect(expectError(res, 422, 'business_rule').message).toContain(bankCode);
    }
    expect(await applicationsOf(enterprise.id)).toBe(before);
  });

  it('files with a bank that has no matrix of its own under the platform default', async () => {
    const bankCode = 'bank-without-matrix';
    const itsOfficer = await userWith(harness.database.db, ['OFFICER'], bankCode);
    const filed = await fileApplication(app, applicant, enterprise.id, { bankCode });
    const { policyVersions } = await getCase(app, itsOfficer, filed.id, 'staff');
    expect(policyVersions).toMatchObject({ authority: defaultAuthority2026.version });
  });

  it('pins the authority matrix and document checklist in force with the case', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const filed = await fileApplication(app, applicant, enterprise.id);
    const { policyVersions } = await getCase(app, officer, filed.id, 'staff');
    expect(policyVersions).toMatchObject({
      creditTrack: creditTrackPolicyInForce(today).version,
      authority: matrixInForce(authorityMatrices, 'demo-bank', today).version,
      documents: versionInForce(documentChecklists, today, 'document checklist').version,
    });
  });

  it('answers 422 above the track’s largest credit loan and files one at the limit', async () => {
    const policy = creditTrackPolicyInForce(new Date().toISOString().slice(0, 10));
    const limit = fenToYuan(policy.maxCreditAmountFen);
    const justAbove = fenToYuan(policy.maxCreditAmountFen + 1);
    const before = await applicationsOf(enterprise.id);

    const above = await postApplication(
      app,
      applicant,
      filingBody(enterprise.id, { amount: justAbove }),
    );
    expectError(above, 422, 'business_rule');
    expect(await applicationsOf(enterprise.id)).toBe(before);

    const atLimit = await fileApplication(app, applicant, enterprise.id, { amount: limit });
    expect(atLimit.amount).toBe(limit);
    expect(await applicationsOf(enterprise.id)).toBe(before + 1);
  });

  it('answers 422 for a term beyond the track’s longest, 400 beyond any term', async () => {
    const policy = creditTrackPolicyInForce(new Date().toISOString().slice(0, 10));
    const longest = policy.maxCreditTermMonths;
    const tooLong = await postApplication(
      app,
      applicant,
      filingBody(enterprise.id, { termMonths: longest + 1 }),
    );
    expectError(tooLong, 422, 'business_rule');

    for (const termMonths of [0, 61, 12.5, '12']) {
      const res = await postApplication(app, applicant, filingBody(enterprise.id, { termMonths }));
      expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.termMonths']);
    }

    const atLongest = await fileApplication(app, applicant, enterprise.id, { termMonths: longest });
    expect(atLongest.termMonths).toBe(longest);
  });

  it('refuses a malformed id in the path', async () => {
    const res = await request(app).get('/v1/applications/not-a-uuid').set(auth(applicant));
    expect(fieldsOf(expectFieldIssues(res))).toEqual(['params.id']);
  });
});

describe('decision and review bodies', () => {
  let filed: ApplicantApplicationView;

  beforeAll(async () => {
    filed = await fileApplication(app, applicant, enterprise.id);
  });

  it.each(['4.35', '0', '0.0', '0.000000', '0.1234567', '1.5', '-0.04', '.05', '', 0.0435])(
    'refuses the annual rate %j with 400 on body.annualRate',
    async (annualRate) => {
      const res = await postDecision(app, approver, filed.id, {
        outcome: 'approve',
        amount: '1000.00',
        annualRate,
        termMonths: 12,
        repaymentMethod: 'equal-instalment',
      });
      expect(fieldsOf(expectFieldIssues(res))).toEqual(['body.annualRate']);
    },
  );

  it('refuses an unknown outcome and a rejection without reasons', async () => {
    const unknown = await postDecision(app, approver, filed.id, { outcome: 'maybe' });
    expect(fieldsOf(expectFieldIssues(unknown))).toEqual(['body.outcome']);
    const bare = await postDecision(app, approver, filed.id, { outcome: 'reject', reasons: [] });
    expect(fieldsOf(expectFieldIssues(bare))).toEqual(['body.reasons']);
  });

  it('refuses a recommendation to reject without a reason (422: a rule across fields)', async () => {
    const res = await postReview(app, officer, filed.id, { recommendation: 'reject', reasons: [] });
    expect(fieldsOf(expectRuleIssues(res))).toEqual(['body.reasons']);
  });
});
