// The limits a guarantee is taken on within (DOMAIN.md §5; rules 21–22), over HTTP: a batch
// agreement with the bank (见贷即保) takes deals on without the guarantor's review only while
// its quota has room; a firm never holds more than the scheme's ¥30m of live guarantees, even
// when two approvers decide at the same moment; a re-guarantor's per-firm limit counts its
// share of each deal.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharingSchemes } from '../../domain/guarantee/sharing-scheme.data.ts';
import { caseCast, userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  postApplication,
  registerEnterprise,
  supplyDocuments,
  waitForStep,
  waitForTask,
  type App,
} from './client.ts';
import {
  agreement,
  bankApproves,
  counterGuaranteeAgreements,
  decideDeal,
  fileGuaranteed,
  getDeal,
  guaranteedFiling,
  guarantorReviews,
  standardFees,
  whitelist,
  type Bank,
} from './guarantee-client.ts';
import { pollUntil } from './poll.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let admin: TestUser;
/** demo-bank: no batch agreement, so its guaranteed cases go to the guarantor's diligence. */
let bank: Bank;
/** A bank of its own for the batch tests, so their agreement routes no other test's case. */
let batchBank: Bank;
let guarantor: TestUser;
let approver: TestUser;
let secondApprover: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  const { db } = harness.database;
  let officer: TestUser;
  let bankApprover: TestUser;
  [applicant, officer, bankApprover] = await caseCast(db);
  bank = { code: 'demo-bank', officer, approver: bankApprover };
  // One after the other: userWith creates the missing institution, and two racing upserts of
  // it collide on its unique code.
  const batchOfficer = await userWith(db, ['OFFICER'], 'batch-bank');
  const batchApprover = await userWith(db, ['APPROVER'], 'batch-bank', 'BRANCH_APPROVER');
  batchBank = { code: 'batch-bank', officer: batchOfficer, approver: batchApprover };
  [admin, guarantor, approver, secondApprover] = await Promise.all([
    userWith(db, ['ADMIN']),
    userWith(db, ['GUARANTOR'], 'demo-guarantor'),
    userWith(db, ['GUARANTEE_APPROVER'], 'demo-guarantor'),
    userWith(db, ['GUARANTEE_APPROVER'], 'demo-guarantor'),
  ]);
  // The re-guarantor and the national fund stand behind demo-guarantor for every test here
  // (quota ¥100m, ¥30m a firm): a deal is never refused for want of them, only for the limit
  // a test is about.
  await counterGuaranteeAgreements(app, admin, randomUUID().slice(0, 8));
});
afterAll(() => harness?.close());

/** The deal as GET /v1/guarantees/:id answers it, as far as these tests read it. */
interface Deal {
  status: string;
  route: string | null;
  amount: string | null;
  history: { action: string; data: Record<string, unknown> }[];
  tasks: { kind: string }[];
}

const waitForDeal = (user: TestUser, guaranteeId: string, done: (d: Deal) => boolean) =>
  pollUntil(
    async () => {
      const res = await getDeal(app, user, guaranteeId);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as Deal;
    },
    done,
    { description: `deal ${guaranteeId}` },
  );

/** What each agreement has taken on, by reference, as the administrator reads it. */
async function usedByAgreement(): Promise<Record<string, string>> {
  const res = await request(app).get('/v1/framework-agreements').set(auth(admin));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const items = res.body.items as { reference: string; used: string }[];
  return Object.fromEntries(items.map((a) => [a.reference, a.used]));
}

describe('a batch agreement with the bank (见贷即保)', () => {
  const batchReference = `BATCH-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // Room for one ¥2m deal, not two: the second test runs after the first has taken its share.
    await agreement(app, admin, {
      kind: 'BATCH',
      reference: batchReference,
      provider: 'demo-guarantor',
      beneficiary: 'batch-bank',
      quota: '3000000.00',
      perFirmLimit: '3000000.00',
      guaranteeFeeBp: 80,
      reguaranteeFeeBp: 30,
    });
  });

  it("takes a whitelisted firm's deal on with the bank's approval alone while the quota has room", async () => {
    const { id, guaranteeId } = await fileGuaranteed(
      app,
      { applicant, admin },
      batchBank,
      '2000000.00',
    );
    await bankApproves(app, batchBank, id, '2000000.00');
    // Routed once the bank approves: wait for the deal to leave REQUESTED, whichever way it went.
    const deal = await waitForDeal(guarantor, guaranteeId, (d) => d.status !== 'REQUESTED');
    expect(deal).toMatchObject({
      status: 'APPROVED',
      route: 'batch',
      amount: '2000000.00',
      // The agreement's fees, not an approver's: no one at the guarantor decided this deal.
      fees: { guaranteeBp: 80, reguaranteeBp: 30 },
    });
    const actions = deal.history.map((h) => h.action);
    expect(actions).toContain('approved_under_framework');
    expect(actions).not.toContain('review_task_opened');
    expect(deal.history.find((h) => h.action === 'approved_under_framework')!.data).toMatchObject({
      agreement: batchReference,
    });
    // No review was ever opened for the guarantor, not even one closed since.
    const reviews = await harness.database.db.task.count({
      where: { applicationId: id, kind: { in: ['GUARANTEE_REVIEW', 'GUARANTEE_DECISION'] } },
    });
    expect(reviews).toBe(0);

    // The case goes straight on to the bank's offer.
    await waitForStep(app, applicant, id, 'applicant', 'offer');
    expect((await usedByAgreement())[batchReference]).toBe('2000000.00');
  });

  it("sends a deal beyond the quota to the guarantor's own diligence, saying why", async () => {
    // Another firm, so only the quota (¥1m left) stands in the way, not the per-firm limit.
    const { id, guaranteeId } = await fileGuaranteed(
      app,
      { applicant, admin },
      batchBank,
      '2000000.00',
    );
    await bankApproves(app, batchBank, id, '2000000.00');
    const task = (await waitForTask(app, guarantor, id, 'GUARANTEE_REVIEW')) as {
      role: string;
      detail?: { batchClosed?: string[] };
    };
    expect(task.role).toBe('GUARANTOR');
    expect(task.detail?.batchClosed).toEqual([expect.stringMatching(/quota/)]);
    expect(task.detail!.batchClosed![0]).toContain(batchReference);
    const deal = await waitForDeal(guarantor, guaranteeId, (d) => d.status !== 'REQUESTED');
    expect(deal).toMatchObject({ status: 'UNDER_REVIEW', route: 'diligence', amount: null });

    // The ordinary diligence takes it on, at the fees its approver sets.
    await guarantorReviews(app, guarantor, id, guaranteeId);
    const decided = await decideDeal(app, approver, guaranteeId, standardFees);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'APPROVED',
      route: 'diligence',
      amount: '2000000.00',
    });
    await waitForStep(app, applicant, id, 'applicant', 'offer');
    // Taken on outside the agreement: its quota still shows the first deal only.
    expect((await usedByAgreement())[batchReference]).toBe('2000000.00');
  });
});

describe("the firm's ¥30m guarantee balance", () => {
  it('lets only one of two approvals racing for the last headroom through', async () => {
    const { db } = harness.database;
    const firm = await registerEnterprise(app, applicant);
    await whitelist(app, admin, firm);
    // ¥27m already guaranteed and in force: three paid-out loans of ¥9m, written directly.
    const [demoBank, demoGuarantor] = await Promise.all([
      db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } }),
      db.institution.findUniqueOrThrow({ where: { code: 'demo-guarantor' } }),
    ]);
    const specialPlan = sharingSchemes.find((s) => s.version === 'special-plan@2026.1')!;
    for (let i = 0; i < 3; i++) {
      const tag = randomUUID();
      const held = await db.application.create({
        data: {
          reference: `DG-HELD-${tag.slice(0, 8)}`,
          workflowId: `held:${tag}`,
          workflowStartedAt: new Date(),
          enterpriseId: firm.id,
          bankId: demoBank.id,
          product: 'credit',
          amountFen: 900_000_000n,
          termMonths: 24,
          purpose: '既有担保贷款',
          status: 'DISBURSED',
          policyVersions: {},
          filedById: applicant.id,
        },
      });
      await db.guarantee.create({
        data: {
          applicationId: held.id,
          enterpriseId: firm.id,
          bankId: demoBank.id,
          guarantorId: demoGuarantor.id,
          schemeVersion: specialPlan.version,
          poolPolicy: 'pool@2026.1',
          status: 'IN_FORCE',
          amountFen: 900_000_000n,
          termMonths: 24,
          sharesBp: { ...specialPlan.sharesBp },
        },
      });
    }

    // Each filing alone fits (27 + 2 ≤ 30): the early check counts deals taken on, not asked for.
    const [first, second] = await Promise.all(
      [0, 1].map(async () => {
        const filed = await fileGuaranteed(app, { applicant, admin }, bank, '2000000.00', firm);
        await bankApproves(app, bank, filed.id, '2000000.00');
        await guarantorReviews(app, guarantor, filed.id, filed.guaranteeId);
        return filed;
      }),
    );

    // Both approvers decide at once; together the deals would bring the firm to ¥31m.
    const decisions = await Promise.all([
      decideDeal(app, approver, first!.guaranteeId, standardFees),
      decideDeal(app, secondApprover, second!.guaranteeId, standardFees),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = decisions.find((r) => r.status === 422)!;
    expect(expectError(refused, 422, 'business_rule').message).toContain(
      'above the cap of ¥30000000.00 per firm',
    );
    const winner = decisions[0]!.status === 200 ? first! : second!;
    const loser = winner === first ? second! : first!;
    const loserApprover = winner === first ? secondApprover : approver;
    expect(decisions.find((r) => r.status === 200)!.body).toMatchObject({
      id: winner.guaranteeId,
      status: 'APPROVED',
    });

    // The firm now holds ¥29m: a third ¥2m filing is refused at once.
    const third = await postApplication(
      app,
      applicant,
      guaranteedFiling(firm.id, 'demo-bank', '2000000.00'),
    );
    expect(expectError(third, 422, 'business_rule').message).toContain(
      'above the cap of ¥30000000.00 per firm',
    );

    // The refusal wrote nothing: the deal waits on its approver, who may still decline it.
    const standing = await getDeal(app, loserApprover, loser.guaranteeId);
    expect(standing.status).toBe(200);
    expect(standing.body).toMatchObject({ status: 'UNDER_REVIEW', amount: null, fees: null });
    expect(standing.body.tasks).toEqual([expect.objectContaining({ kind: 'GUARANTEE_DECISION' })]);
    const declined = await decideDeal(app, loserApprover, loser.guaranteeId, {
      outcome: 'decline',
      reasons: ['企业担保余额已达上限'],
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body.status).toBe('DECLINED');
  });
});

describe("a counter-guarantee agreement's per-firm limit", () => {
  it("measures the re-guarantor's share of the deal against it, and refuses the approval beyond it", async () => {
    const { db } = harness.database;
    // A guarantor of its own, so its agreements are the only ones its deals can draw on.
    await db.institution.create({
      data: { code: 'limit-guarantor', name: '限额测试融资担保公司', kind: 'GUARANTOR' },
    });
    const [limitGuarantor, limitApprover] = await Promise.all([
      userWith(db, ['GUARANTOR'], 'limit-guarantor'),
      userWith(db, ['GUARANTEE_APPROVER'], 'limit-guarantor'),
    ]);
    const tag = randomUUID().slice(0, 8);
    const reguarantee = await agreement(app, admin, {
      kind: 'REGUARANTEE',
      reference: `HBRG-LIMIT-${tag}`,
      provider: 'demo-reguarantor',
      beneficiary: 'limit-guarantor',
      perFirmLimit: '300000.00',
      reguaranteeFeeBp: 30,
    });
    await agreement(app, admin, {
      kind: 'NATIONAL_FUND',
      reference: `NFGF-LIMIT-${tag}`,
      provider: 'demo-national-fund',
      beneficiary: 'limit-guarantor',
    });

    const firm = await registerEnterprise(app, applicant);
    await whitelist(app, admin, firm);
    const filed = await postApplication(app, applicant, {
      ...guaranteedFiling(firm.id, 'demo-bank', '2000000.00'),
      guarantee: { guarantor: 'limit-guarantor', scheme: 'special-plan' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id as string;
    const guaranteeId = filed.body.guarantee.id as string;
    await supplyDocuments(app, applicant, id);
    await bankApproves(app, bank, id, '2000000.00');
    await guarantorReviews(app, limitGuarantor, id, guaranteeId);

    // The re-guarantor bears 20% of ¥2m = ¥400,000, more than its ¥300,000 for one firm —
    // though the ¥2m deal is far below the ¥100m quota.
    const decided = await decideDeal(app, limitApprover, guaranteeId, standardFees);
    const { message } = expectError(decided, 422, 'business_rule');
    expect(message).toMatch(/no REGUARANTEE agreement takes the REGUARANTOR share/);
    expect(message).toContain(reguarantee.reference);
    expect(message).toMatch(/per-firm limit/);
    expect(message).toContain('not 40000000');
    // Nothing was taken on: the deal still waits on its decision, the agreement unused.
    const standing = await getDeal(app, limitApprover, guaranteeId);
    expect(standing.body).toMatchObject({ status: 'UNDER_REVIEW', amount: null });
    expect(standing.body.tasks).toEqual([expect.objectContaining({ kind: 'GUARANTEE_DECISION' })]);
    expect((await usedByAgreement())[reguarantee.reference]).toBe('0.00');
  });
});
