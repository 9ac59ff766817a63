// Every decision letter and notice the credit track issues, read from the rows each step
// leaves behind: the decision letter of the kind its conditions call for, the lapsed offer
// and the expired file; each stored, read back and re-rendered to the same bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterUnavailableError, letterDataFor } from '../../activities/letters/records.ts';
import {
  issueCorrection,
  issueDecisionLetter,
  issueLetter,
  type LetterDeps,
} from '../../activities/letters/issue.ts';
import { chineseCapitalAmount, formatYuan } from '../../domain/money.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { decidedCase, disbursedLoan, documentsTask, filedCase, offer } from './decided-case.ts';
import { textOf } from './pdf.ts';
import { lettersOf as storedLetters, readBack as readStored } from './read-back.ts';

const publicBaseUrl = 'https://letters.bank.example';
let database: TestDatabase;
let deps: LetterDeps;

beforeAll(async () => {
  database = await freshDatabase();
  deps = { db: database.db, publicBaseUrl };
});

afterAll(async () => {
  await database?.drop();
});

const stored = (id: string) => database.db.letter.findUniqueOrThrow({ where: { id } });
const lettersOf = (applicationId: string) => storedLetters(database.db, applicationId);
const readBack = (letterId: string) => readStored(database.db, publicBaseUrl, letterId);

const capitals = `金额 ${formatYuan(120_000_000, 'zh')} 大写金额 壹佰贰拾万元整`;

describe('the decision letter', () => {
  const conditions = ['提供最近一期经审计的财务报表', '实际控制人提供个人连带责任保证'];

  it('is a conditional approval when the approver set conditions, due when the offer lapses', async () => {
    const c = await decidedCase(database.db, 'approve', { conditions });
    const issued = await issueDecisionLetter(deps, c.applicationId);
    expect(await issueDecisionLetter(deps, c.applicationId)).toEqual(issued);
    const letters = await lettersOf(c.applicationId);
    expect(letters.map((l) => [l.kind, l.sequence, l.language])).toEqual([
      ['conditional_approval', 1, 'en'],
      ['conditional_approval', 1, 'zh'],
    ]);

    const text = await readBack(issued.letterId);
    expect(text).toContain('贷款有条件批准通知书');
    expect(text).toContain(capitals);
    expect(text).toContain('年利率 3.85% 期限 24个月');
    expect(text).toContain(
      '批准条件 1. 提供最近一期经审计的财务报表 2. 实际控制人提供个人连带责任保证',
    );
    // Decided 27 November; the pinned policy keeps an offer open 30 calendar days.
    expect(text).toContain('请于2026年12月27日前落实上述全部条件');
    const en = await readBack(letters[0]!.id);
    expect(en).toContain('Conditional Loan Approval Letter');
    expect(en).toContain('Please meet all the conditions above by 27 December 2026');
  });

  it('dates the conditions by the offer’s last day once an offer was made', async () => {
    const c = await decidedCase(database.db, 'approve', { conditions });
    // Valid until 24:00 on 5 January (Shanghai): that is the last day, not the 6th.
    await offer(database.db, c, {
      issuedAt: new Date('2026-11-28T02:00:00Z'),
      validUntil: new Date('2027-01-05T16:00:00Z'),
      status: 'OPEN',
    });
    const data = await letterDataFor(database.db, {
      applicationId: c.applicationId,
      kind: 'conditional_approval',
      sequence: 1,
      language: 'zh',
    });
    expect(data).toMatchObject({ conditions, conditionsDueOn: '2027-01-05' });
  });

  it('is a plain approval without conditions, and a rejection when rejected', async () => {
    const approved = await decidedCase(database.db, 'approve');
    const rejected = await decidedCase(database.db, 'reject');
    expect(
      (await stored((await issueDecisionLetter(deps, approved.applicationId)).letterId)).kind,
    ).toBe('approval');
    expect(
      (await stored((await issueDecisionLetter(deps, rejected.applicationId)).letterId)).kind,
    ).toBe('rejection');
    await expect(
      letterDataFor(database.db, {
        applicationId: approved.applicationId,
        kind: 'conditional_approval',
        sequence: 1,
        language: 'zh',
      }),
    ).rejects.toBeInstanceOf(LetterUnavailableError);
  });

  it('names the credit committee as the decider when it decided as a body', async () => {
    const c = await decidedCase(database.db, 'approve', { byCommittee: true, conditions });
    const text = await readBack((await issueDecisionLetter(deps, c.applicationId)).letterId);
    expect(text).toContain('审批人员 信贷审查人 李** 信贷审批委员会');
    expect(text).not.toContain('审批人 王**');
  });

  it('summarises the repayment schedule once the loan holds one', async () => {
    const c = await decidedCase(database.db, 'approve');
    const before = await letterDataFor(database.db, {
      applicationId: c.applicationId,
      kind: 'approval',
      sequence: 1,
      language: 'zh',
    });
    expect(before.kind === 'approval' && before.terms.repayment).toBe(undefined);
    const original = await issueDecisionLetter(deps, c.applicationId);
    // Before any schedule the letter already names the method and the last day to accept.
    const first = await readBack(original.letterId);
    expect(first).toContain('还款方式 等额本金');
    // Decided on 27 November 2026; the pinned policy keeps an offer open 30 days.
    expect(first).toContain('本批准有效期至2026年12月27日；请于该日前确认接受');
    expect(first).not.toContain('还款期数');

    const schedule = await disbursedLoan(database.db, c);
    const interest = schedule.totals.interestFen;
    const corrected = await issueCorrection(deps, original.letterId, {
      reason: '补充还款计划',
      issuedAt: new Date('2026-12-10T02:00:00Z'),
    });
    const letter = await stored(corrected.letterId);
    const text = await textOf(Buffer.from(letter.content));
    expect(text).toContain(capitals);
    expect(text).toContain('还款方式 等额本金 还款期数 24期');
    expect(text).toContain('首期还款日 2027年1月10日 末期还款日 2028年12月10日');
    expect(text).toContain(
      `利息合计 ${formatYuan(interest, 'zh')} ${chineseCapitalAmount(interest)}`,
    );
  });
});

describe('the offer expiry notice', () => {
  it('restates the lapsed offer’s terms, when it was made and its last day', async () => {
    const c = await decidedCase(database.db, 'approve');
    await offer(database.db, c, {
      issuedAt: new Date('2026-11-28T02:00:00Z'),
      validUntil: new Date('2026-12-28T16:00:00Z'),
      status: 'EXPIRED',
    });
    const issued = await issueLetter(deps, {
      applicationId: c.applicationId,
      kind: 'offer_expiry',
    });
    const letter = await stored(issued.letterId);
    expect(letter.issuedAt.toISOString()).toBe('2026-12-28T16:00:00.000Z');
    const text = await readBack(issued.letterId);
    expect(text).toContain('贷款批准失效通知书');
    expect(text).toContain('日期 2026年12月29日');
    expect(text).toContain('于2026年11月28日就贵公司申请的“科技信用贷款”业务出具的批准通知书');
    expect(text).toContain('有效期已于2026年12月28日届满');
    expect(text).toContain(capitals);
  });

  it('is not issued for an offer still open', async () => {
    const c = await decidedCase(database.db, 'approve');
    await offer(database.db, c, {
      issuedAt: new Date('2026-11-28T02:00:00Z'),
      validUntil: new Date('2026-12-28T16:00:00Z'),
      status: 'OPEN',
    });
    await expect(
      issueLetter(deps, { applicationId: c.applicationId, kind: 'offer_expiry' }),
    ).rejects.toBeInstanceOf(LetterUnavailableError);
    expect(await lettersOf(c.applicationId)).toHaveLength(0);
  });
});

describe('the file expiry notice', () => {
  const missing = [
    { id: 'audited-accounts', zh: '近三年经审计的财务报表', en: 'Audited accounts (3 years)' },
    { id: 'rd-ledger', zh: '研发费用辅助账', en: 'R&D expense ledger' },
  ];

  it('lists the documents never supplied and the deadline, in each language', async () => {
    const c = await filedCase(database.db, { status: 'EXPIRED', preferredLanguage: 'en' });
    await documentsTask(database.db, c, {
      missing,
      dueAt: new Date('2026-12-11T16:00:00Z'),
      closedAt: new Date('2026-12-11T16:00:00.250Z'),
    });
    const issued = await issueLetter(deps, { applicationId: c.applicationId, kind: 'file_expiry' });
    const [en, zh] = await lettersOf(c.applicationId);
    expect(issued.letterId).toBe(en!.id);
    expect(en!.issuedAt.toISOString()).toBe('2026-12-11T16:00:00.250Z');

    const english = await readBack(issued.letterId);
    expect(english).toContain('Notice of Closure: Incomplete Application');
    expect(english).toContain('Date 12 December 2026');
    expect(english).toContain('were to be supplied by 11 December 2026');
    expect(english).toContain('1. Audited accounts (3 years) 2. R&D expense ledger');
    const chinese = await readBack(zh!.id);
    expect(chinese).toContain('申请材料逾期未补齐终止通知书');
    expect(chinese).toContain('于2026年12月11日前补齐下列材料');
    expect(chinese).toContain('未补齐的材料 1. 近三年经审计的财务报表 2. 研发费用辅助账');
  });

  it('is dated at the deadline when the task’s closing was not recorded', async () => {
    const c = await filedCase(database.db, { status: 'EXPIRED' });
    await documentsTask(database.db, c, { missing, dueAt: new Date('2026-12-11T16:00:00Z') });
    const data = await letterDataFor(database.db, {
      applicationId: c.applicationId,
      kind: 'file_expiry',
      sequence: 1,
      language: 'zh',
    });
    expect(data).toMatchObject({ issuedAt: '2026-12-11T16:00:00.000Z', dueOn: '2026-12-11' });
  });

  it('is not issued while the file is still open', async () => {
    const c = await filedCase(database.db, { status: 'AWAITING_DOCUMENTS' });
    await documentsTask(database.db, c, { missing, dueAt: new Date('2026-12-11T16:00:00Z') });
    await expect(
      issueLetter(deps, { applicationId: c.applicationId, kind: 'file_expiry' }),
    ).rejects.toBeInstanceOf(LetterUnavailableError);
  });
});
