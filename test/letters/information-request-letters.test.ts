// Requests for information, one letter per round: each stored in both languages under its
// round as the letter's sequence, naming only who had decided by its date, read back and
// re-rendered to the same bytes, verified and corrected as the round it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterUnavailableError } from '../../activities/letters/records.ts';
import {
  issueCorrection,
  issueLetter,
  type IssuedLetter,
  type LetterDeps,
} from '../../activities/letters/issue.ts';
import { verifyLetter } from '../../api/routes/letters.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { filedCase, informationTask, reviewed, type DecidedCase } from './decided-case.ts';
import { textOf } from './pdf.ts';
import { lettersOf as storedLetters, readBack as readStored } from './read-back.ts';

const publicBaseUrl = 'https://letters.bank.example';
let database: TestDatabase;
let deps: LetterDeps;

let c: DecidedCase;
let first: IssuedLetter;
let second: IssuedLetter;

const requestRound = (sequence: number) =>
  issueLetter(deps, { applicationId: c.applicationId, kind: 'information_request', sequence });

beforeAll(async () => {
  database = await freshDatabase();
  const { db } = database;
  deps = { db, publicBaseUrl };
  // The officer asks once; then recommends, and the approver asks again.
  c = await filedCase(db, { status: 'UNDER_REVIEW' });
  await informationTask(db, c, {
    round: 1,
    questions: ['请提供2025年度研发费用辅助账', '请说明实际控制人对外担保情况'],
    createdAt: new Date('2026-11-24T02:00:00Z'),
    dueAt: new Date('2026-12-01T16:00:00Z'),
  });
  first = await requestRound(1);
  await reviewed(db, c, 'approve', new Date('2026-12-02T03:00:00Z'));
  await informationTask(db, c, {
    round: 2,
    questions: ['请补充发明专利ZL202110123456.7的年费缴纳凭证'],
    createdAt: new Date('2026-12-03T03:00:00Z'),
    dueAt: new Date('2026-12-10T16:00:00Z'),
  });
  second = await requestRound(2);
});

afterAll(async () => {
  await database?.drop();
});

const lettersOf = (applicationId: string) => storedLetters(database.db, applicationId);
const readBack = (letterId: string) => readStored(database.db, publicBaseUrl, letterId);

describe('requests for information', () => {
  it('are a letter per round in both languages, stored once, dated when the round opened', async () => {
    expect(await requestRound(2)).toEqual(second);
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    const letters = await lettersOf(c.applicationId);
    expect(letters.map((l) => [l.sequence, l.language, l.revision])).toEqual([
      [1, 'en', 1],
      [1, 'zh', 1],
      [2, 'en', 1],
      [2, 'zh', 1],
    ]);
    expect(letters.map((l) => l.issuedAt.toISOString())).toEqual([
      '2026-11-24T02:00:00.000Z',
      '2026-11-24T02:00:00.000Z',
      '2026-12-03T03:00:00.000Z',
      '2026-12-03T03:00:00.000Z',
    ]);
    const trail = await database.db.auditEvent.findMany({
      where: { entityId: c.applicationId, action: 'letter_issued' },
    });
    const issued = trail.map((e) => e.data as { sequence: number; language: string });
    expect(issued.map((l) => [l.sequence, l.language]).sort()).toEqual([
      [1, 'en'],
      [1, 'zh'],
      [2, 'en'],
      [2, 'zh'],
    ]);
  });

  it('print the round, its questions and the last day to answer', async () => {
    const one = await readBack(first.letterId);
    expect(one).toContain('补充材料通知书');
    expect(one).toContain('补充次数 第1次');
    expect(one).toContain('1. 请提供2025年度研发费用辅助账 2. 请说明实际控制人对外担保情况');
    // Due at 24:00 on 1 December: the letter says the 1st.
    expect(one).toContain('请于2026年12月1日前提交');
    // Nobody had decided anything when round 1 went out.
    expect(one).not.toContain('李**');
    const two = await readBack(second.letterId);
    expect(two).toContain('补充次数 第2次');
    expect(two).toContain('1. 请补充发明专利ZL202110123456.7的年费缴纳凭证');
    expect(two).toContain('请于2026年12月10日前提交');
    expect(two).toContain('经办人员 信贷审查人 李**');
    const english = (await lettersOf(c.applicationId)).find(
      (l) => l.sequence === 2 && l.language === 'en',
    );
    const en = await readBack(english!.id);
    expect(en).toContain('Request number 2');
    expect(en).toContain('Please provide them by 10 December 2026');
  });

  it('verify and are corrected as the round they are', async () => {
    expect(await verifyLetter(database.db, second.verificationCode)).toMatchObject({
      kind: 'information_request',
      sequence: 2,
      revision: 1,
    });
    const corrected = await issueCorrection(deps, first.letterId, {
      reason: '问题表述有误',
      issuedAt: new Date('2026-11-25T01:00:00Z'),
    });
    expect(corrected).toMatchObject({ sequence: 1, revision: 2 });
    expect(await verifyLetter(database.db, corrected.verificationCode)).toMatchObject({
      sequence: 1,
      revision: 2,
      replaces: first.verificationCode,
    });
    const letter = await database.db.letter.findUniqueOrThrow({
      where: { id: corrected.letterId },
    });
    const text = await textOf(Buffer.from(letter.content));
    expect(text).toContain('版次 2');
    expect(text).toContain('补充次数 第1次');
  });

  it('are not made up for a round never asked', async () => {
    await expect(requestRound(3)).rejects.toBeInstanceOf(LetterUnavailableError);
    const letters = await lettersOf(c.applicationId);
    expect(letters.filter((l) => l.sequence === 3)).toEqual([]);
  });
});
