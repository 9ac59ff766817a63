// Records the histories the replay suite replays: each workflow type down every branch that
// matters, run on the time-skipping server with the real activities. Run it only when a
// workflow type is added or its branches change (`npm run record-histories`), and commit
// what it writes; the histories then guard every later change to the workflow code.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, it } from 'vitest';
import type { Actor } from '../../domain/contracts/shared.ts';
import {
  decideUpdate,
  provideInformationUpdate,
  requestInformationUpdate,
  respondToOfferUpdate,
  reviewUpdate,
  voteUpdate,
  withdrawUpdate,
  type DecisionInput,
} from '../../domain/contracts/credit.ts';
import { loanWorkflowId, recordRepaymentUpdate } from '../../domain/contracts/loan.ts';
import {
  pledgeFilingWorkflowId,
  recordAppraisalUpdate,
  resolveCollateralUpdate,
} from '../../domain/contracts/pledge.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  claimQuery,
  claimWorkflowId,
  decidePoolClaimUpdate,
  recordClaimPaymentUpdate,
} from '../../domain/contracts/claim.ts';
import {
  decideGuaranteeUpdate,
  guaranteeWorkflowId,
  reviewGuaranteeUpdate,
} from '../../domain/contracts/guarantee.ts';
import { fileClaim } from '../../api/use-cases/file-claim.ts';
import { openRound } from '../../api/use-cases/open-round.ts';
import { grantWarrant } from '../../api/use-cases/grant-warrant.ts';
import { warrantPolicies } from '../../domain/equity/warrant-policy.data.ts';
import { createSubFund } from '../../api/use-cases/create-sub-fund.ts';
import { requestBuyback } from '../../api/use-cases/request-buyback.ts';
import {
  buybackWorkflowId,
  decideBuybackUpdate,
  fileReportUpdate,
  recordBuybackPaymentUpdate,
  reportsQuery,
  subFundWorkflowId,
} from '../../domain/contracts/fund.ts';
import {
  commitToRoundUpdate,
  confirmRoundConditionsUpdate,
  exerciseWarrantUpdate,
  roundWorkflowId,
  warrantWorkflowId,
} from '../../domain/contracts/equity.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { insertApplication, insertPerformingLoan } from '../support/application-rows.ts';
import type { annualReevaluationWorkflow } from '../../workflows/index.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
  type FiledApplication,
} from '../support/application-testbed.ts';
import { newUscc, proposedTerms, strongIndicators, userWith } from '../support/fixtures.ts';
import { plaintext, timeSkippingEnvironment } from '../support/temporal.ts';
import { historiesFolder } from './histories.ts';

let testbed: ApplicationTestbed;
let committee: Actor[];
beforeAll(async () => {
  // In plaintext: the histories are committed fixtures, and replaying them must need no key.
  testbed = await startApplicationTestbed({
    environment: () => timeSkippingEnvironment(plaintext),
    payloadCodec: plaintext,
  });
  await mkdir(historiesFolder, { recursive: true });
  const users = await Promise.all(
    [1, 2, 3].map(() => userWith(testbed.database.db, ['COMMITTEE_MEMBER'], 'demo-bank')),
  );
  const { db } = testbed.database;
  await db.user.updateMany({
    where: { roles: { has: 'COMMITTEE_MEMBER' }, id: { notIn: users.map((u) => u.id) } },
    data: { roles: { set: [] } },
  });
  committee = users.map((u) => ({ userId: u.id, role: 'COMMITTEE_MEMBER' }));
}, 120_000);
afterAll(() => testbed?.close());

/** Longs, enums and bytes as strings, so the history survives JSON and reads back exactly. */
const jsonSafe = { longs: String, enums: String, bytes: String };

async function save(name: string, handle: WorkflowHandle) {
  const history = temporal.api.history.v1.History.toObject(
    temporal.api.history.v1.History.fromObject(await handle.fetchHistory()),
    jsonSafe,
  );
  await writeFile(path.join(historiesFolder, `${name}.json`), JSON.stringify(history, null, 1));
}

const officer: Actor = { userId: randomUUID(), role: 'OFFICER' };
const approver: Actor = { userId: randomUUID(), role: 'APPROVER', level: 'BRANCH_APPROVER' };
const approval: DecisionInput = { actor: approver, outcome: 'approve', ...proposedTerms };
const guarantorOfficer: Actor = { userId: randomUUID(), role: 'GUARANTOR' };
const guaranteeApprover: Actor = { userId: randomUUID(), role: 'GUARANTEE_APPROVER' };
const poolManager: Actor = { userId: randomUUID(), role: 'POOL_MANAGER' };
const applicantOf = (c: FiledApplication): Actor => ({ userId: c.applicant.id, role: 'APPLICANT' });

async function reviewed(c: FiledApplication) {
  await c.untilStep('review');
  await c.handle.executeUpdate(reviewUpdate, {
    args: [{ actor: officer, recommendation: 'approve', reasons: [], proposal: proposedTerms }],
  });
  await c.untilStep('approval');
}

it('records an approval through information, offer, contract and disbursement', async () => {
  const c = await testbed.fileCase();
  await c.untilStep('review');
  await c.handle.executeUpdate(requestInformationUpdate, {
    args: [{ actor: officer, questions: ['2025年研发费用明细？'] }],
  });
  await c.handle.executeUpdate(provideInformationUpdate, {
    args: [{ actor: applicantOf(c), round: 1, answers: ['见附件'] }],
  });
  await reviewed(c);
  await c.handle.executeUpdate(decideUpdate, { args: [approval] });
  await c.untilStep('offer');
  await c.handle.executeUpdate(respondToOfferUpdate, {
    args: [{ actor: applicantOf(c), response: 'accept' }],
  });
  const { loanId } = await c.handle.result();
  await save('credit-approved-disbursed', c.handle);

  const loan = testbed.env.client.workflow.getHandle(loanWorkflowId(loanId!));
  const { disbursedOn, amountFen } = await testbed.database.db.loan.findUniqueOrThrow({
    where: { id: loanId },
  });
  await testbed.env.sleep('3 days');
  await loan.executeUpdate(recordRepaymentUpdate, {
    args: [
      {
        actor: officer,
        receivedOn: disbursedOn!.toISOString().slice(0, 10),
        amountFen: Number(amountFen) / 10,
        reference: 'BANK-REF-1',
      },
    ],
  });
  await save('loan-monitoring', loan);
});

it('records a committee decision on a grade-E firm', async () => {
  const weak = { ...strongIndicators, rdExpense: '500000.00' };
  const c = await testbed.fileCase({ indicators: weak });
  await reviewed(c);
  for (const [n, member] of committee.entries()) {
    await c.handle.executeUpdate(voteUpdate, {
      args: [{ actor: member, choice: n === 0 ? 'reject' : 'approve', reasons: [] }],
    });
  }
  await c.untilStep('offer');
  await save('credit-committee', c.handle);
});

it('records an approval escalated a level after its due time, then a rejection', async () => {
  const c = await testbed.fileCase();
  await reviewed(c);
  const { db } = testbed.database;
  const level = async () =>
    (await db.application.findUniqueOrThrow({ where: { id: c.id } })).approvalLevel;
  while ((await level()) !== 'BRANCH_APPROVER') await testbed.env.sleep('1 day');
  await c.handle.executeUpdate(decideUpdate, {
    args: [{ actor: approver, outcome: 'reject', reasons: ['研发投入不足'] }],
  });
  await c.handle.result();
  await save('credit-escalated-rejected', c.handle);
});

it('records a withdrawal while the file waits for documents', async () => {
  const c = await testbed.fileCase({ completeFile: false });
  await c.untilStep('documents');
  await c.handle.executeUpdate(withdrawUpdate, { args: [{ actor: applicantOf(c) }] });
  await c.handle.result();
  await save('credit-withdrawn', c.handle);
});

it('records an offer left to expire', async () => {
  const c = await testbed.fileCase();
  await reviewed(c);
  await c.handle.executeUpdate(decideUpdate, { args: [approval] });
  await c.untilStep('offer');
  await testbed.env.sleep('31 days');
  await c.handle.result();
  await save('credit-offer-expired', c.handle);
});

it('records the annual re-evaluation of the registry', async () => {
  const handle = await testbed.env.client.workflow.start<typeof annualReevaluationWorkflow>(
    'annualReevaluationWorkflow',
    {
      workflowId: `annual-reevaluation-${randomUUID()}`,
      taskQueue: testbed.taskQueue,
      args: [{ asOf: '2026-07-01', pageSize: 2, pagesPerRun: 2 }],
    },
  );
  await handle.result();
  await save('annual-reevaluation', handle);
});

/** An IP-pledge case appraised, reviewed, approved and its offer accepted: registration next. */
async function pledgeToContract(
  right: { type: 'INVENTION_PATENT'; number: string },
  atTheRegistry?: () => Promise<void>,
) {
  const c = await testbed.fileCase({ pledge: { product: 'ip-pledge', rights: [right] } });
  await atTheRegistry?.();
  await c.untilStep('review');
  const { db } = testbed.database;
  const pledge = await db.pledge.findFirstOrThrow({ where: { applicationId: c.id } });
  const report = await db.document.findFirstOrThrow({
    where: { applicationId: c.id, type: 'appraisal-report' },
  });
  const appraisedOn = shanghaiDate(new Date(await testbed.env.currentTimeMs()));
  await c.handle.executeUpdate(recordAppraisalUpdate, {
    args: [
      {
        actor: officer,
        pledgeId: pledge.id,
        appraisal: {
          appraiser: '评估师',
          appraisedOn,
          valueFen: 500_000_000,
          method: 'income',
          documentId: report.id,
        },
      },
    ],
  });
  await reviewed(c);
  await c.handle.executeUpdate(decideUpdate, { args: [approval] });
  await c.untilStep('offer');
  await c.handle.executeUpdate(respondToOfferUpdate, {
    args: [{ actor: applicantOf(c), response: 'accept' }],
  });
  return { c, pledgeId: pledge.id };
}

const newPatent = () => ({
  type: 'INVENTION_PATENT' as const,
  number: `ZL${randomUUID().slice(0, 12)}`,
});

it('records a pledge registration rejected, filed again, and late: then the money', async () => {
  const right = newPatent();
  const { c, pledgeId } = await pledgeToContract(right, () =>
    testbed.registries.drive.ip(right, { rejectFilingWith: '缺少出质人签章' }),
  );
  const { db } = testbed.database;
  while ((await db.task.count({ where: { applicationId: c.id, kind: 'COLLATERAL' } })) === 0) {
    await testbed.env.sleep('1 day');
  }
  await testbed.registries.drive.ip(right, { decisionWorkingDays: 9 });
  await c.handle.executeUpdate(resolveCollateralUpdate, {
    args: [{ actor: officer, action: 'refile' }],
  });
  await c.handle.result();
  await save('pledge-case-disbursed', c.handle);
  const filing = testbed.env.client.workflow.getHandle(
    pledgeFilingWorkflowId(pledgeId, 'registration', 2),
  );
  await save('pledge-filing-overdue', filing);
});

it('records a pledge loan re-checked in its second quarter, repaid and released', async () => {
  const { c } = await pledgeToContract(newPatent());
  const { loanId } = await c.handle.result();
  const loan = testbed.env.client.workflow.getHandle(loanWorkflowId(loanId!));
  await testbed.env.sleep('95 days');
  const { schedule } = await testbed.database.db.loan.findUniqueOrThrow({ where: { id: loanId } });
  const rows = schedule as { principalFen: number; interestFen: number }[];
  await loan.executeUpdate(recordRepaymentUpdate, {
    args: [
      {
        actor: officer,
        receivedOn: shanghaiDate(new Date(await testbed.env.currentTimeMs())),
        amountFen: rows.reduce((sum, r) => sum + r.principalFen + r.interestFen, 0),
        reference: 'BANK-REF-FULL',
      },
    ],
  });
  await loan.result();
  await save('pledge-loan-released', loan);
});

it('records a guaranteed case through the guarantor, its default, the claim and the pool', async () => {
  const { db } = testbed.database;
  const guarantor = await db.institution.findUniqueOrThrow({ where: { code: 'demo-guarantor' } });
  const reguarantor = await db.institution.findUniqueOrThrow({
    where: { code: 'demo-reguarantor' },
  });
  await db.frameworkAgreement.create({
    data: {
      kind: 'REGUARANTEE',
      reference: `HBRG-${randomUUID().slice(0, 8)}`,
      providerId: reguarantor.id,
      beneficiaryId: guarantor.id,
      schemeFamily: 'classic-4321',
      validFrom: new Date('2026-01-01T00:00:00Z'),
      validUntil: new Date('2030-12-31T00:00:00Z'),
      quotaFen: 100_000_000_000n,
      perFirmLimitFen: 3_000_000_000n,
      createdById: randomUUID(),
    },
  });
  // The pool's other loans, performing: the one default leaves its NPL low enough to pay.
  const owner = await userWith(db, ['APPLICANT']);
  await insertPerformingLoan(db, { ownerId: owner.id, amountFen: 10_000_000_000 });

  const c = await testbed.fileCase({
    guarantee: { guarantor: 'demo-guarantor', scheme: 'classic-4321' },
  });
  await reviewed(c);
  await c.handle.executeUpdate(decideUpdate, { args: [approval] });
  const guarantee = await db.guarantee.findUniqueOrThrow({
    where: { applicationId: c.id },
    include: { application: true },
  });
  const underwriting = testbed.env.client.workflow.getHandle(guaranteeWorkflowId(guarantee.id));
  while (
    (await db.task.count({ where: { applicationId: c.id, kind: 'GUARANTEE_REVIEW' } })) === 0
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await underwriting.executeUpdate(reviewGuaranteeUpdate, {
    args: [{ actor: guarantorOfficer, recommendation: 'approve', report: '经营稳定，反担保充分' }],
  });
  await underwriting.executeUpdate(decideGuaranteeUpdate, {
    args: [
      {
        actor: guaranteeApprover,
        outcome: 'approve',
        fees: [
          { kind: 'guarantee', rateBp: 80 },
          { kind: 'reguarantee', rateBp: 30 },
        ],
      },
    ],
  });
  await c.untilStep('offer');
  await c.handle.executeUpdate(respondToOfferUpdate, {
    args: [{ actor: applicantOf(c), response: 'accept' }],
  });
  const { loanId } = await c.handle.result();
  await save('guarantee-case-disbursed', c.handle);
  await save('guarantee-underwriting', underwriting);

  // Never repaid: 90 days past due, the bank claims; the guarantor pays late, then the rest.
  while ((await db.loan.findUniqueOrThrow({ where: { id: loanId } })).daysPastDue < 90) {
    await testbed.env.sleep('20 days');
  }
  await fileClaim(
    { db, temporal: testbed.env.client, taskQueue: testbed.taskQueue },
    await db.guarantee.findUniqueOrThrow({
      where: { id: guarantee.id },
      include: { application: true },
    }),
    officer,
  );
  const claim = testbed.env.client.workflow.getHandle(claimWorkflowId(guarantee.id));
  await testbed.env.sleep('25 days');
  const paidOn = shanghaiDate(new Date(await testbed.env.currentTimeMs()));
  for (const payer of ['GUARANTOR', 'REGUARANTOR'] as const) {
    while ((await claim.query(claimQuery)).owing[0] !== payer) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await claim.executeUpdate(recordClaimPaymentUpdate, {
      args: [{ actor: guarantorOfficer, payer, reference: `PAY-${payer}`, paidOn }],
    });
  }
  while ((await db.task.count({ where: { applicationId: c.id, kind: 'POOL_DECISION' } })) === 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await claim.executeUpdate(decidePoolClaimUpdate, {
    args: [{ actor: poolManager, reference: 'POOL-PAY', paidOn }],
  });
  await claim.result();
  await save('guarantee-claim-settled', claim);
});

/** A firm with ¥10m of registered capital held by its founder, and its owner's actor. */
async function firmOnRecord() {
  const { db } = testbed.database;
  const owner = await userWith(db, ['APPLICANT']);
  const firm = await db.enterprise.create({
    data: {
      name: '武汉示范种子科技有限公司',
      uscc: newUscc(),
      region: '湖北省武汉市',
      // A tax-qualified start-up (55号): young, small, R&D a quarter of its costs.
      indicators: {
        ...strongIndicators,
        registeredOn: '2024-01-15',
        totalAssets: '30000000.00',
        revenue: '20000000.00',
        totalCost: '10000000.00',
        rdExpense: '2500000.00',
      },
      ownerId: owner.id,
      capitalUnit: 'REGISTERED_CAPITAL_FEN',
    },
  });
  const holder = await db.shareholder.create({ data: { enterpriseId: firm.id, name: '张伟' } });
  await db.capTableEntry.create({
    data: {
      enterpriseId: firm.id,
      shareholderId: holder.id,
      shareClass: 'ORDINARY',
      unitsDelta: 1_000_000_000n,
      event: 'FOUNDING',
      sourceId: randomUUID(),
      effectiveOn: new Date('2024-01-15T00:00:00Z'),
    },
  });
  return { firm, founder: { userId: owner.id, role: 'APPLICANT' } as Actor };
}

it('records an equity round that closes and, 24 months on, announces the deduction, and one that lapses', async () => {
  const { db } = testbed.database;
  const investors = await db.institution.findMany({
    where: { code: { in: ['demo-seed-fund', 'demo-bank-ventures'] } },
  });
  const manager: Actor = { userId: randomUUID(), role: 'FUND_MANAGER' };
  const deps = { db, temporal: testbed.env.client, taskQueue: testbed.taskQueue };
  const today = shanghaiDate(new Date(await testbed.env.currentTimeMs()));
  const terms = (deadline: string) => ({
    terms: {
      instrument: 'ORDINARY' as const,
      preMoneyFen: 4_000_000_000,
      amountSoughtFen: 1_000_000_000,
      minimumFen: 800_000_000,
      deadline,
    },
    conditions: ['股东会决议已通过'],
  });

  const closing = await firmOnRecord();
  const closed = await openRound(deps, closing.firm, closing.founder, terms(monthsAfter(today, 2)));
  const round = testbed.env.client.workflow.getHandle(roundWorkflowId(closed));
  for (const [investor, amountFen] of [
    [investors[0]!, 600_000_000],
    [investors[1]!, 300_000_000],
  ] as const) {
    await round.executeUpdate(commitToRoundUpdate, {
      args: [{ actor: manager, investorId: investor.id, amountFen }],
    });
  }
  await round.executeUpdate(confirmRoundConditionsUpdate, { args: [{ actor: closing.founder }] });
  await testbed.env.sleep('740 days');
  await round.result();
  await save('equity-round-closed', round);

  const lapsing = await firmOnRecord();
  const now = shanghaiDate(new Date(await testbed.env.currentTimeMs()));
  const lapsed = await openRound(deps, lapsing.firm, lapsing.founder, terms(monthsAfter(now, 1)));
  const short = testbed.env.client.workflow.getHandle(roundWorkflowId(lapsed));
  await short.executeUpdate(commitToRoundUpdate, {
    args: [{ actor: manager, investorId: investors[0]!.id, amountFen: 100_000_000 }],
  });
  await testbed.env.sleep('40 days');
  await short.result();
  await save('equity-round-lapsed', short);
});

it('records a sub-fund’s reporting duties (reminded, filed, overdue) and a buy-back approved and paid', async () => {
  const { db } = testbed.database;
  const deps = { db, temporal: testbed.env.client, taskQueue: testbed.taskQueue };
  const manager: Actor = { userId: randomUUID(), role: 'FUND_MANAGER' };
  const guidanceFund = await db.institution.findUniqueOrThrow({ where: { code: 'demo-fund' } });
  const holders = (closedOn: string) => ({
    version: 'seed-fund@2026.1',
    closedOn,
    commitments: [
      {
        holder: '湖北省创业投资引导基金',
        institutionId: guidanceFund.id,
        isGuidanceFund: true,
        amountFen: 250_000_000,
      },
      { holder: '甲创投', institutionId: null, isGuidanceFund: false, amountFen: 750_000_000 },
    ],
  });
  const subFund = (code: string) =>
    db.institution.create({ data: { code, name: `示范${code}`, kind: 'SUB_FUND' } });

  const today = shanghaiDate(new Date(await testbed.env.currentTimeMs()));
  const reporting = await createSubFund(
    deps,
    { guidanceFund, subFund: await subFund('record-sub-fund'), actor: manager },
    holders(today),
  );
  const duties = testbed.env.client.workflow.getHandle(subFundWorkflowId(reporting));
  await testbed.env.sleep('25 days');
  while ((await duties.query(reportsQuery)).awaited.length === 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await duties.executeUpdate(fileReportUpdate, {
    args: [{ actor: manager, key: 'ambers', reference: 'AMBERS-1' }],
  });
  // The quarter's report is reminded, then flagged once its due day has passed.
  await testbed.env.sleep('90 days');
  await save('sub-fund-reporting', duties);

  const buyer = await db.institution.create({
    data: { code: 'record-buyer', name: '示范买方', kind: 'INVESTOR' },
  });
  const older = holders('2023-06-01');
  older.commitments[1] = { ...older.commitments[1]!, institutionId: buyer.id };
  const held = await createSubFund(
    deps,
    { guidanceFund, subFund: await subFund('record-buyback-fund'), actor: manager },
    older,
  );
  const buybackId = await requestBuyback(
    deps,
    await db.subFund.findUniqueOrThrow({ where: { id: held }, include: { commitments: true } }),
    { institutionId: buyer.id, userId: manager.userId },
  );
  const buyback = testbed.env.client.workflow.getHandle(buybackWorkflowId(buybackId));
  while (
    (await db.task.count({
      where: { kind: 'BUYBACK_APPROVAL', key: { startsWith: buybackId } },
    })) === 0
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // The fund answers late: the approval is flagged overdue first.
  await testbed.env.sleep('20 days');
  await buyback.executeUpdate(decideBuybackUpdate, {
    args: [{ actor: manager, outcome: 'approve' }],
  });
  await buyback.executeUpdate(recordBuybackPaymentUpdate, {
    args: [
      {
        actor: manager,
        reference: 'TRF-1',
        paidOn: shanghaiDate(new Date(await testbed.env.currentTimeMs())),
      },
    ],
  });
  await buyback.result();
  await save('fund-buyback-settled', buyback);
});

it('records a warrant exercised within its window and one that expires', async () => {
  const { db } = testbed.database;
  const deps = { db, temporal: testbed.env.client, taskQueue: testbed.taskQueue };
  const affiliate = await db.institution.findUniqueOrThrow({
    where: { code: 'demo-bank-ventures' },
  });
  const policy = warrantPolicies[0]!;
  const terms = { lifeYears: 3, subscriptionFen: 15_000_000, equityBp: 200 };
  async function granted() {
    const owner = await userWith(db, ['APPLICANT']);
    const application = await insertApplication(db, { ownerId: owner.id, status: 'APPROVED' });
    await db.enterprise.update({
      where: { id: application.enterpriseId },
      data: { capitalUnit: 'SHARES' },
    });
    await db.capTableEntry.create({
      data: {
        enterpriseId: application.enterpriseId,
        shareholderId: (
          await db.shareholder.create({
            data: { enterpriseId: application.enterpriseId, name: '张伟' },
          })
        ).id,
        shareClass: 'ORDINARY',
        unitsDelta: 9_800_000n,
        event: 'FOUNDING',
        sourceId: randomUUID(),
        effectiveOn: new Date('2020-01-01T00:00:00Z'),
      },
    });
    const id = await grantWarrant(deps, application, { affiliate, terms, policy, actor: approver });
    return testbed.env.client.workflow.getHandle(warrantWorkflowId(id));
  }

  const exercised = await granted();
  await testbed.env.sleep('370 days');
  await exercised.executeUpdate(exerciseWarrantUpdate, {
    args: [{ actor: { userId: randomUUID(), role: 'FUND_MANAGER' } }],
  });
  await exercised.result();
  await save('warrant-exercised', exercised);

  const expiring = await granted();
  await testbed.env.sleep('1100 days');
  await expiring.result();
  await save('warrant-expired', expiring);
});
