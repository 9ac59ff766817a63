// The two endings of a warrant loan's warrant, told to the firm: exercise and expiry, read
// back from the samples in both languages, and built from the record only once the warrant
// has actually ended that way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLetter } from '../../activities/letters/issue.ts';
import { LetterUnavailableError, letterDataFor } from '../../activities/letters/records.ts';
import type { LetterData } from '../../templates/letter-data.ts';
import { renderLetter } from '../../templates/render-letter.ts';
import { sampleIssue, sampleLetter } from '../../templates/samples.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { decidedCase, disbursedLoan } from './decided-case.ts';
import { textOf } from './pdf.ts';
import { readBack } from './read-back.ts';

const read = async (data: LetterData) => textOf(await renderLetter(data, sampleIssue));

// render-letter.test.ts checks each fact of every kind apart; here the rows are pinned in order,
// each figure beside its label, as the letter prints them.
describe('warrant letters from the samples', () => {
  it.each([
    [
      'warrant_exercise',
      'zh',
      '借款合同编号 DG-LN-0A1B2C3D 认股权持有人 湖北科创银行投资管理有限公司 授予日期 2026年11月27日 认购金额 ¥150,000.00 大写金额 壹拾伍万元整 认购后持股比例 1.50% 行权日期 2028年3月15日 新增注册资本（元） 152284.26',
    ],
    [
      'warrant_exercise',
      'en',
      'Loan contract DG-LN-0A1B2C3D Warrant holder Hubei Science & Technology Bank Investment Co., Ltd. Granted on 27 November 2026 Subscription amount CNY 150,000.00 Holding after the issue 1.50% Exercised on 15 March 2028 New registered capital (CNY) 152284.26',
    ],
    [
      'warrant_expiry',
      'zh',
      '认股权已失效。原认股权条款如下： 认股权持有人 湖北科创银行投资管理有限公司 授予日期 2026年11月27日 认购金额 ¥150,000.00 大写金额 壹拾伍万元整 认购后持股比例 1.50% 行权截止日期 2029年11月27日 认股权失效后，贵公司在该认股权项下不再负有任何义务',
    ],
    [
      'warrant_expiry',
      'en',
      'has lapsed. Its terms were: Warrant holder Hubei Science & Technology Bank Investment Co., Ltd. Granted on 27 November 2026 Subscription amount CNY 150,000.00 Holding after the issue 1.50% Last day to exercise 27 November 2029 Now that the warrant has lapsed, you owe nothing under it',
    ],
  ] as const)('%s (%s) prints the grant and how it ended', async (kind, language, facts) => {
    const text = await read(sampleLetter(kind, language));
    expect(text).toContain(facts);
    expect(text).toContain('warrant@2026.1');
  });

  it('counts what a company limited by shares issued in shares', async () => {
    const sample = sampleLetter('warrant_exercise', 'zh');
    const shares = { ...sample.warrant, capitalUnit: 'SHARES' as const, unitsIssued: 152_284 };
    const text = await read({ ...sample, warrant: shares });
    expect(text).toContain('新增股份（股） 152284');
    expect(text).not.toContain('新增注册资本');
  });

  it('refuses an exercise before the grant and a share that is not one', async () => {
    const exercise = sampleLetter('warrant_exercise', 'en');
    const early = { ...exercise.warrant, exercisedOn: '2026-11-26' };
    await expect(read({ ...exercise, warrant: early })).rejects.toThrow(/precede its grant/);
    const expiry = sampleLetter('warrant_expiry', 'zh');
    const whole = { ...expiry.warrant, equityBp: 10_000 };
    await expect(read({ ...expiry, warrant: whole })).rejects.toThrow(/equityBp/);
  });
});

describe('warrant letters from the record', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('are refused until the warrant ends that way; the exercise then issues and reads back', async () => {
    const { db } = database;
    const c = await decidedCase(db, 'approve');
    await disbursedLoan(db, c);
    const affiliate = await db.institution.findUniqueOrThrow({
      where: { code: 'demo-bank-ventures' },
    });
    const warrant = await db.warrant.create({
      data: {
        applicationId: c.applicationId,
        enterpriseId: c.enterpriseId,
        affiliateId: affiliate.id,
        policyVersion: 'warrant@2026.1',
        subscriptionFen: 18_000_000n,
        equityBp: 150,
        grantedOn: new Date('2026-11-27'),
        exercisableFrom: new Date('2027-11-27'),
        expiresOn: new Date('2029-11-27'),
        grantedById: c.approverId,
        workflowId: `warrant:${c.applicationId}`,
      },
    });
    const request = { applicationId: c.applicationId, sequence: 1, language: 'zh' as const };
    for (const kind of ['warrant_exercise', 'warrant_expiry'] as const) {
      await expect(letterDataFor(db, { ...request, kind })).rejects.toBeInstanceOf(
        LetterUnavailableError,
      );
    }

    await db.enterprise.update({
      where: { id: c.enterpriseId },
      data: { capitalUnit: 'REGISTERED_CAPITAL_FEN' },
    });
    await db.warrant.update({
      where: { id: warrant.id },
      data: { status: 'EXERCISED', exercisedOn: new Date('2028-03-15'), unitsIssued: 15_228_426n },
    });
    await expect(letterDataFor(db, { ...request, kind: 'warrant_expiry' })).rejects.toBeInstanceOf(
      LetterUnavailableError,
    );
    const issued = await issueLetter(
      { db, publicBaseUrl: 'https://letters.bank.example' },
      { applicationId: c.applicationId, kind: 'warrant_exercise' },
    );
    const text = await readBack(db, 'https://letters.bank.example', issued.letterId);
    expect(text).toContain('日期 2028年3月15日');
    expect(text).toContain(
      `借款合同编号 DG-LN-${c.applicationId.slice(0, 8)} 认股权持有人 ${affiliate.name} 授予日期 2026年11月27日 认购金额 ¥180,000.00 大写金额 壹拾捌万元整 认购后持股比例 1.50% 行权日期 2028年3月15日 新增注册资本（元） 152284.26`,
    );
    expect(text).toContain('credit-track@2026.1, tech-sme@2017.1, warrant@2026.1');
    // No one in person signs the notice, not even the loan's approver.
    expect(text).not.toContain('审批人');
  });
});
