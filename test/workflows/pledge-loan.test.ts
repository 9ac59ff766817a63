// Pledge loans on the real time-skipping server with the real activities and the FAKE
// registries: appraisal and LTV in the validators, registration as a child workflow with its
// timers, the money held until every pledge exists, rejection back to the officer, and the
// release at repayment. The quarterly re-check and the disposal, which let months pass, run
// each on a server of its own (pledge-watch, pledge-disposal).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../domain/calendar.ts';
import { decideUpdate, reviewUpdate, type DecisionInput } from '../../domain/contracts/credit.ts';
import { loanWorkflowId, recordRepaymentUpdate } from '../../domain/contracts/loan.ts';
import { resolveCollateralUpdate } from '../../domain/contracts/pledge.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { readBack } from '../letters/read-back.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import {
  LETTER_BASE_URL,
  approval,
  ipPledge,
  officer,
  patent,
  pledgeCases,
  refusalOf,
  terms,
} from '../support/pledge-case.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());

const { today, pledgesOf, appraiseAll, toContract, skipUntil, loanOf } = pledgeCases(() => testbed);

describe('an IP-pledge loan', () => {
  it('registers the pledge in time, issues its letter, and only then pays out', async () => {
    const c = await testbed.fileCase(ipPledge(patent()));
    await toContract(c);
    const result = await c.handle.result();
    expect(result).toMatchObject({ step: 'closed', end: 'disbursed' });

    const { db } = testbed.database;
    const [pledge] = await pledgesOf(c);
    expect(pledge).toMatchObject({ status: 'REGISTERED', registry: 'CNIPA', filings: 1 });
    expect(pledge!.registrationNumber).toMatch(/^CNIPA-PL-/);
    const loan = await db.loan.findUniqueOrThrow({
      where: { id: result.loanId },
      include: { disbursements: true },
    });
    expect(loan.status).toBe('LIVE');
    // The money moved only after the pledge came to exist (the trail is in chain order).
    const eventId = async (entityId: string, action: string) =>
      (await db.auditEvent.findFirstOrThrow({ where: { entityId, action } })).id;
    expect(await eventId(c.id, 'disbursed')).toBeGreaterThan(
      await eventId(pledge!.id, 'registered'),
    );
    expect(await db.task.count({ where: { kind: 'FILING_OVERDUE', applicationId: c.id } })).toBe(0);
    const letter = await db.letter.findFirstOrThrow({
      where: { applicationId: c.id, kind: 'pledge_registration', language: 'zh' },
    });
    const text = await readBack(db, LETTER_BASE_URL, letter.id);
    expect(text).toContain(pledge!.registrationNumber!);
    expect(text).toContain(pledge!.number);
    expect(
      await db.letter.count({ where: { applicationId: c.id, kind: 'pledge_registration' } }),
    ).toBe(2);
  });

  it('holds the money while the registry is late, and tells the officer past its time', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    // The office takes 9 working days; the policy expects a patent pledge decided in 7.
    await testbed.registries.drive.ip(right, { decisionWorkingDays: 9 });
    await toContract(c);
    const { db } = testbed.database;
    const overdue = () =>
      db.task.findFirst({ where: { applicationId: c.id, kind: 'FILING_OVERDUE' } });
    await skipUntil(async () => (await overdue()) !== null);
    const [pending] = await pledgesOf(c);
    expect(pending!.status).toBe('FILED');
    expect(await db.disbursement.count({ where: { loan: { applicationId: c.id } } })).toBe(0);
    expect((await overdue())!.status).toBe('OPEN');

    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
    expect((await overdue())!.status).toBe('DONE');
    expect((await pledgesOf(c))[0]!.status).toBe('REGISTERED');
  });

  it('returns a rejected registration to the officer, who files it again', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    await testbed.registries.drive.ip(right, { rejectFilingWith: '质押合同缺少出质人签章' });
    await toContract(c);
    const { db } = testbed.database;
    const collateralTask = () =>
      db.task.findFirst({ where: { applicationId: c.id, kind: 'COLLATERAL', status: 'OPEN' } });
    await skipUntil(async () => (await collateralTask()) !== null);
    expect((await collateralTask())!.detail).toMatchObject({
      actions: ['refile', 'replace', 'cancel'],
      issues: [{ problems: ['rejected by the registry: 质押合同缺少出质人签章'] }],
    });
    expect(await db.disbursement.count({ where: { loan: { applicationId: c.id } } })).toBe(0);
    const recheck = await refusalOf(
      c.handle.executeUpdate(resolveCollateralUpdate, {
        args: [{ actor: officer, action: 'recheck' }],
      }),
    );
    expect(recheck.type).toBe('BusinessRule');
    await c.handle.executeUpdate(resolveCollateralUpdate, {
      args: [{ actor: officer, action: 'refile', note: '已补正签章' }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
    expect((await pledgesOf(c))[0]).toMatchObject({ status: 'REGISTERED', filings: 2 });
  });

  it('replaces a rejected right with another, which is registered in its place', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    await testbed.registries.drive.ip(right, { rejectFilingWith: '该专利已被他人提出无效宣告' });
    await toContract(c);
    const { db } = testbed.database;
    await skipUntil(
      async () => (await db.task.count({ where: { applicationId: c.id, kind: 'COLLATERAL' } })) > 0,
    );
    const [refused] = await pledgesOf(c);
    const other = patent();
    const application = await db.application.findUniqueOrThrow({ where: { id: c.id } });
    await db.ipRight.create({
      data: {
        enterpriseId: application.enterpriseId,
        ...other,
        title: '替换专利',
        status: 'VALID',
      },
    });
    const report = await db.document.findFirstOrThrow({
      where: { applicationId: c.id, type: 'appraisal-report' },
    });
    const replacement = {
      pledgeId: randomUUID(),
      kind: other.type,
      label: `${other.type} ${other.number}`,
      registry: 'CNIPA',
      number: other.number,
      title: '替换专利',
    };
    const appraisal = (valueFen: number) => ({
      appraiser: '湖北众联资产评估有限公司',
      appraisedOn: '',
      valueFen,
      method: 'income' as const,
      documentId: report.id,
    });
    const replace = async (valueFen: number) =>
      c.handle.executeUpdate(resolveCollateralUpdate, {
        args: [
          {
            actor: officer,
            action: 'replace',
            replaces: refused!.id,
            replacement,
            appraisal: { ...appraisal(valueFen), appraisedOn: await today() },
          },
        ],
      });
    // 25% of ¥3,999,999.99 secures less than the ¥1,000,000 approved.
    const short = await refusalOf(replace(399_999_999));
    expect(short.message).toMatch(/secures 99999999 fen, less than the 100000000 approved/);
    await replace(400_000_000);
    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
    expect((await pledgesOf(c)).map((p) => [p.number, p.status, p.ordinal])).toEqual([
      [right.number, 'WITHDRAWN', 1],
      [other.number, 'REGISTERED', 2],
    ]);
    expect(
      await db.letter.count({
        where: { applicationId: c.id, kind: 'pledge_registration', sequence: 2 },
      }),
    ).toBe(2);
  });

  it("cancels on the officer's word: nothing paid, a registered pledge released", async () => {
    const [first, second] = [patent(), patent()];
    const c = await testbed.fileCase(ipPledge(first, second));
    await testbed.registries.drive.ip(second, { rejectFilingWith: '权利人名称不一致' });
    await toContract(c);
    const { db } = testbed.database;
    await skipUntil(
      async () => (await db.task.count({ where: { applicationId: c.id, kind: 'COLLATERAL' } })) > 0,
    );
    await c.handle.executeUpdate(resolveCollateralUpdate, {
      args: [{ actor: officer, action: 'cancel', note: '企业无法补正' }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'cancelled' });
    const application = await db.application.findUniqueOrThrow({
      where: { id: c.id },
      include: { loan: { include: { disbursements: true } } },
    });
    expect(application.status).toBe('CANCELLED');
    expect(application.loan).toMatchObject({ status: 'CANCELLED', disbursements: [] });
    const [released, withdrawn] = await pledgesOf(c);
    expect(released).toMatchObject({ status: 'RELEASED' });
    expect(released!.releasedOn).not.toBeNull();
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN' });
    // Released at the office too: the right is free for another pledge.
    expect(await testbed.registries.ip.status(first, await today())).toMatchObject({
      pledgedUnder: null,
    });
  });

  it('puts a release the registry refuses before the officer', async () => {
    const [held, refused] = [patent(), patent()];
    const c = await testbed.fileCase(ipPledge(held, refused));
    await testbed.registries.drive.ip(refused, { rejectFilingWith: '权利人名称不一致' });
    await toContract(c);
    const { db } = testbed.database;
    await skipUntil(
      async () => (await db.task.count({ where: { applicationId: c.id, kind: 'COLLATERAL' } })) > 0,
    );
    // The office will not cancel the registered pledge either.
    await testbed.registries.drive.ip(held, { rejectFilingWith: '质权人未到场' });
    await c.handle.executeUpdate(resolveCollateralUpdate, {
      args: [{ actor: officer, action: 'cancel' }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'cancelled' });
    expect((await pledgesOf(c))[0]).toMatchObject({ status: 'RELEASE_FILED' });
    const warning = await db.task.findFirstOrThrow({
      where: { applicationId: c.id, kind: 'EARLY_WARNING', status: 'OPEN' },
    });
    expect(warning.detail).toMatchObject({ cause: 'release_rejected', reason: '质权人未到场' });
  });

  it('checks the rights again before the money: unpaid fees stop it until paid', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    // Fees run out before the office registers the pledge (3 working days).
    await testbed.registries.drive.ip(right, { feesPaidTo: await today() });
    await toContract(c);
    const { db } = testbed.database;
    const open = () =>
      db.task.findFirst({ where: { applicationId: c.id, kind: 'COLLATERAL', status: 'OPEN' } });
    await skipUntil(async () => (await open()) !== null);
    expect((await open())!.detail).toMatchObject({
      actions: ['recheck', 'cancel'],
      issues: [{ problems: ['fees_unpaid'] }],
    });
    expect((await pledgesOf(c))[0]!.status).toBe('REGISTERED');
    expect(await db.disbursement.count({ where: { loan: { applicationId: c.id } } })).toBe(0);
    await testbed.registries.drive.ip(right, { feesPaidTo: monthsAfter(await today(), 12) });
    await c.handle.executeUpdate(resolveCollateralUpdate, {
      args: [{ actor: officer, action: 'recheck' }],
    });
    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
  });

  it('refuses an approval above Σ LTV × appraised value, to the fen, and a term over 36 months', async () => {
    const c = await testbed.fileCase({ ...ipPledge(patent()), amountFen: 200_000_000 });
    await c.untilStep('review');
    const noReport = await refusalOf(
      c.handle.executeUpdate(reviewUpdate, {
        args: [
          { actor: officer, recommendation: 'approve', reasons: [], proposal: terms(1_000_00) },
        ],
      }),
    );
    expect(noReport.message).toMatch(/no appraisal report/);
    await appraiseAll(c, 400_000_003); // 25% of ¥4,000,000.03 is ¥1,000,000.0075: 100000000 fen
    await c.handle.executeUpdate(reviewUpdate, {
      args: [
        { actor: officer, recommendation: 'approve', reasons: [], proposal: terms(100_000_000) },
      ],
    });
    await c.untilStep('approval');
    const above = await refusalOf(
      c.handle.executeUpdate(decideUpdate, { args: [approval(100_000_001)] }),
    );
    expect(above).toMatchObject({ type: 'BusinessRule' });
    expect(above.message).toContain('100000000 fen');
    const long = await refusalOf(
      c.handle.executeUpdate(decideUpdate, {
        args: [{ ...approval(100_000_000), termMonths: 48 } as DecisionInput],
      }),
    );
    expect(long.message).toMatch(/at most 36 months/);
    await c.handle.executeUpdate(decideUpdate, { args: [approval(100_000_000)] });
    await c.untilStep('offer');
  });

  it('refuses an expired appraisal, and one that expires before the decision blocks it', async () => {
    const c = await testbed.fileCase(ipPledge(patent()));
    await c.untilStep('review');
    const stale = await refusalOf(appraiseAll(c, 500_000_000, monthsAfter(await today(), -12)));
    expect(stale.message).toMatch(/expired on/);
    // Valid today, expired tomorrow.
    const lastDay = shanghaiDate(
      new Date(Date.parse(`${monthsAfter(await today(), -12)}T12:00:00+08:00`) + 86_400_000),
    );
    await appraiseAll(c, 500_000_000, lastDay);
    await c.handle.executeUpdate(reviewUpdate, {
      args: [
        { actor: officer, recommendation: 'approve', reasons: [], proposal: terms(50_000_000) },
      ],
    });
    await c.untilStep('approval');
    await testbed.env.sleep('2 days');
    const expired = await refusalOf(
      c.handle.executeUpdate(decideUpdate, { args: [approval(50_000_000)] }),
    );
    expect(expired.message).toMatch(/expired on .*a new report is needed/);
    await appraiseAll(c, 500_000_000);
    await c.handle.executeUpdate(decideUpdate, { args: [approval(50_000_000)] });
  });
});

describe('an equity-pledge loan', () => {
  it('registers with the market-regulation bureau and pays out', async () => {
    const c = await testbed.fileCase({
      pledge: { product: 'equity-pledge', holdings: [{ shareholder: '张三', shareBp: 3000 }] },
    });
    await toContract(c);
    expect(await c.handle.result()).toMatchObject({ end: 'disbursed' });
    const [pledge] = await pledgesOf(c);
    expect(pledge).toMatchObject({ kind: 'EQUITY', registry: 'SAMR', status: 'REGISTERED' });
    const letter = await testbed.database.db.letter.findFirstOrThrow({
      where: { applicationId: c.id, kind: 'pledge_registration', language: 'en' },
    });
    expect(await readBack(testbed.database.db, LETTER_BASE_URL, letter.id)).toContain(
      'equity pledge',
    );
  });
});

describe('a repaid pledge loan', () => {
  it('releases every pledge on full repayment, each with its release letter', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    await toContract(c);
    const loan = await loanOf(c);
    const rows = loan.schedule as { principalFen: number; interestFen: number }[];
    const owedFen = rows.reduce((sum, r) => sum + r.principalFen + r.interestFen, 0);
    const monitoring = testbed.env.client.workflow.getHandle(loanWorkflowId(loan.id));
    await monitoring.executeUpdate(recordRepaymentUpdate, {
      args: [
        {
          actor: officer,
          receivedOn: await today(),
          amountFen: owedFen,
          reference: `RCPT-${randomUUID().slice(0, 8)}`,
        },
      ],
    });
    expect(await monitoring.result()).toMatchObject({ status: 'REPAID' });
    const [pledge] = await pledgesOf(c);
    expect(pledge).toMatchObject({ status: 'RELEASED' });
    expect(await testbed.registries.ip.status(right, await today())).toMatchObject({
      pledgedUnder: null,
    });
    const { db } = testbed.database;
    const letters = await db.letter.findMany({
      where: { applicationId: c.id, kind: 'pledge_release' },
    });
    expect(letters.map((l) => l.language).sort()).toEqual(['en', 'zh']);
    const text = await readBack(db, LETTER_BASE_URL, letters.find((l) => l.language === 'zh')!.id);
    expect(text).toContain(pledge!.registrationNumber!);
    expect(text).toContain('注销');
  });
});
