// Letters issued from the record and stored: once per kind and language, hashed, with a
// verification code printed on them; each language a letter of its own; corrections
// as the next revision naming the letter they replace.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterUnavailableError, letterDataFor } from '../../activities/letters/records.ts';
import {
  issueCorrection,
  issueDecisionLetter,
  verificationUrl,
  type LetterDeps,
} from '../../activities/letters/issue.ts';
import { currentLetter, verifyLetter } from '../../api/routes/letters.ts';
import { formatYuan } from '../../domain/money.ts';
import { groupedCode } from '../../templates/format.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { decidedCase } from './decided-case.ts';
import { qrCodeOnFirstPage, textOf } from './pdf.ts';
import { readBack as readStored } from './read-back.ts';
import { publishSeal } from '../../prisma/seal-store.ts';
import { readFile } from 'node:fs/promises';

let database: TestDatabase;
let deps: LetterDeps;
const publicBaseUrl = 'https://letters.bank.example/';

beforeAll(async () => {
  database = await freshDatabase();
  deps = { db: database.db, publicBaseUrl };
});

afterAll(async () => {
  await database?.drop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const stored = (id: string) => database.db.letter.findUniqueOrThrow({ where: { id } });
const trail = (applicationId: string, action: string) =>
  database.db.auditEvent.findMany({ where: { entityId: applicationId, action } });

describe('issuing a decision letter', () => {
  it('stores the approval once, hashed, printing its code and the facts of the record', async () => {
    const c = await decidedCase(database.db, 'approve');
    const first = await issueDecisionLetter(deps, c.applicationId);
    const again = await issueDecisionLetter(deps, c.applicationId);
    expect(again).toEqual(first);
    // One letter per language, the firm's preferred (Chinese) returned.
    expect(await database.db.letter.count({ where: { applicationId: c.applicationId } })).toBe(2);

    const letter = await stored(first.letterId);
    expect(letter).toMatchObject({ kind: 'approval', language: 'zh', revision: 1 });
    expect(letter.sha256).toBe(sha256(letter.content));
    expect(letter.verificationCode).toMatch(/^[A-HJ-NP-Z2-9]{16}$/);
    expect(letter.issuedAt.toISOString()).toBe('2026-11-27T06:30:00.000Z');

    const pdf = Buffer.from(letter.content);
    const text = await textOf(pdf);
    expect(text).toContain('贷款批准通知书');
    expect(text).toContain(`致：${c.enterpriseName}`);
    expect(text).toContain(c.reference);
    expect(text).toContain('日期 2026年11月27日');
    expect(text).toContain(`金额 ${formatYuan(120_000_000, 'zh')} 大写金额 壹佰贰拾万元整`);
    expect(text).toContain('年利率 3.85%');
    expect(text).toContain('期限 24个月');
    expect(text).toContain('credit-track@2026.1, tech-sme@2017.1');
    // People are named masked (DOMAIN.md §9), never in full.
    expect(text).toContain('信贷审查人 李**');
    expect(text).toContain('审批人 王**');
    expect(text).not.toContain('王建国');
    expect(text).toContain(`验证码 ${groupedCode(letter.verificationCode)}`);
    const url = verificationUrl(publicBaseUrl, letter.verificationCode);
    expect(url).toBe(`https://letters.bank.example/v1/letters/verify/${letter.verificationCode}`);
    expect(await qrCodeOnFirstPage(pdf)).toBe(url);
    expect(await trail(c.applicationId, 'letter_issued')).toHaveLength(2);
  });

  it('re-renders the stored bytes exactly from the same record, clock, code and seal', async () => {
    const c = await decidedCase(database.db, 'reject');
    const issued = await issueDecisionLetter(deps, c.applicationId);
    const letter = await stored(issued.letterId);
    expect(letter.sealId).not.toBeNull();
    await readStored(database.db, publicBaseUrl, issued.letterId);
  });

  it("stamps the bank's published seal and names its signatory; a new seal leaves old letters as issued", async () => {
    const c = await decidedCase(database.db, 'reject');
    const first = await stored((await issueDecisionLetter(deps, c.applicationId)).letterId);
    expect(Buffer.from(first.content).toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(await textOf(Buffer.from(first.content))).toContain('签发人：周文华');

    const bank = await database.db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
    const seal = await publishSeal(database.db, {
      institutionId: bank.id,
      image: await readFile(new URL('../../prisma/demo-seal.png', import.meta.url)),
      signatory: '吴海燕',
    });
    expect(seal.version).toBe(2);
    const corrected = await issueCorrection(deps, first.id, {
      reason: '签发人变更',
      issuedAt: new Date('2026-12-10T02:00:00Z'),
    });
    const correction = await stored(corrected.letterId);
    expect(correction.sealId).toBe(seal.id);
    expect(await textOf(Buffer.from(correction.content))).toContain('签发人：吴海燕');
    // The first letter still names the seal it was stamped with and renders to its bytes.
    expect((await stored(first.id)).sealId).toBe(first.sealId);
    expect(await readStored(database.db, publicBaseUrl, first.id)).toContain('签发人：周文华');
  });

  it('gives a rejected firm the reasons and the gap to each condition it missed', async () => {
    const c = await decidedCase(database.db, 'reject');
    const letter = await stored((await issueDecisionLetter(deps, c.applicationId)).letterId);
    const text = await textOf(Buffer.from(letter.content));
    expect(letter.kind).toBe('rejection');
    expect(text).toContain('1. 科技人员占比低于10%');
    expect(text).toContain('2. 研发投入强度不足');
    expect(text).toContain('未满足的条件及差距');
    // 6 points against the 60 needed: the gap is printed as the scorecard computed it.
    expect(text).toContain('综合评价得分 6 ≥ 60 54');
    expect(text).toContain('结论：未达标');
  });

  it('writes in the firm’s preferred language', async () => {
    const c = await decidedCase(database.db, 'approve', { preferredLanguage: 'en' });
    const letter = await stored((await issueDecisionLetter(deps, c.applicationId)).letterId);
    expect(letter.language).toBe('en');
    const text = await textOf(Buffer.from(letter.content));
    expect(text).toContain('Loan Approval Letter');
    expect(text).toContain('Amount CNY 1,200,000.00');
    expect(text).toContain('Date 27 November 2026');
  });
});

describe('both languages', () => {
  it('are issued at the decision, the preferred first, each a letter of its own, once', async () => {
    const c = await decidedCase(database.db, 'approve');
    const [zh, again] = [
      await issueDecisionLetter(deps, c.applicationId),
      await issueDecisionLetter(deps, c.applicationId),
    ];
    expect(again).toEqual(zh);
    const en = await currentLetter(database.db, { applicationId: c.applicationId, language: 'en' });
    expect(en).toMatchObject({ kind: 'approval', language: 'en', revision: 1 });
    expect(en?.verificationCode).not.toBe(zh.verificationCode);
    expect(en?.sha256).toBe(sha256(en!.content));
    const text = await textOf(Buffer.from(en!.content));
    expect(text).toContain('Loan Approval Letter');
    expect(text).toContain('Annual interest rate 3.85%');
    expect(await database.db.letter.count({ where: { applicationId: c.applicationId } })).toBe(2);
    expect(await trail(c.applicationId, 'letter_issued')).toHaveLength(2);
    const served = await currentLetter(database.db, {
      applicationId: c.applicationId,
      language: 'zh',
    });
    expect(served?.id).toBe(zh.letterId);
  });

  it('are not made up for a case without letters, or a kind the case never had', async () => {
    const c = await decidedCase(database.db, 'approve');
    const query = { applicationId: c.applicationId, language: 'en' as const };
    expect(await currentLetter(database.db, query)).toBeUndefined();
    await issueDecisionLetter(deps, c.applicationId);
    expect(await currentLetter(database.db, { ...query, kind: 'rejection' })).toBeUndefined();
    const record = { applicationId: c.applicationId, sequence: 1, language: 'en' as const };
    for (const kind of ['rejection', 'conditional_approval', 'offer_expiry'] as const) {
      await expect(letterDataFor(database.db, { ...record, kind })).rejects.toBeInstanceOf(
        LetterUnavailableError,
      );
    }
    // A decision is made once: there is no second approval letter.
    await expect(
      letterDataFor(database.db, { ...record, kind: 'approval', sequence: 2 }),
    ).rejects.toBeInstanceOf(LetterUnavailableError);
  });
});

describe('corrections and verification', () => {
  it('issue the next revision, which names the letter it replaces; the old one reads superseded', async () => {
    const c = await decidedCase(database.db, 'approve');
    const original = await issueDecisionLetter(deps, c.applicationId);
    // The record is put right (the firm's registered name was misspelt), then the letter.
    const fixedName = `${c.enterpriseName}（更正）`;
    await database.db.enterprise.update({
      where: { id: c.enterpriseId },
      data: { name: fixedName },
    });
    const at = new Date('2026-12-02T01:00:00Z');
    const correction = { reason: '企业名称有误', issuedAt: at };
    const corrected = await issueCorrection(deps, original.letterId, correction);
    expect(await issueCorrection(deps, original.letterId, correction)).toEqual(corrected);

    const letter = await stored(corrected.letterId);
    expect(letter).toMatchObject({ revision: 2, replacesId: original.letterId, language: 'zh' });
    expect(letter.issuedAt.toISOString()).toBe(at.toISOString());
    const text = await textOf(Buffer.from(letter.content));
    expect(text).toContain(`致：${fixedName}`);
    expect(text).toContain('日期 2026年12月2日');
    expect(text).toContain('版次 2');
    expect(text).toContain(
      `更正并取代 验证码 ${groupedCode(original.verificationCode)}（2026年11月27日`,
    );
    expect(text).toContain('更正原因 企业名称有误');
    // The original stays as it was issued.
    expect((await stored(original.letterId)).sha256).toBe(original.sha256);
    expect(await trail(c.applicationId, 'letter_corrected')).toHaveLength(1);

    expect(await verifyLetter(database.db, original.verificationCode)).toEqual({
      verificationCode: original.verificationCode,
      kind: 'approval',
      sequence: 1,
      language: 'zh',
      revision: 1,
      issuedAt: '2026-11-27T06:30:00.000Z',
      sha256: original.sha256,
      status: 'superseded',
      supersededBy: { verificationCode: corrected.verificationCode, issuedAt: at.toISOString() },
    });
    expect(await verifyLetter(database.db, corrected.verificationCode)).toMatchObject({
      revision: 2,
      status: 'current',
      sha256: letter.sha256,
      replaces: original.verificationCode,
    });
    // The case's letter is now the correction.
    const served = await currentLetter(database.db, {
      applicationId: c.applicationId,
      language: 'zh',
    });
    expect(served?.id).toBe(corrected.letterId);
  });

  it('refuses a correction without a reason', async () => {
    const c = await decidedCase(database.db, 'reject');
    const issued = await issueDecisionLetter(deps, c.applicationId);
    const correction = { reason: '  ', issuedAt: new Date('2026-12-01T00:00:00Z') };
    await expect(issueCorrection(deps, issued.letterId, correction)).rejects.toThrow(/reason/);
  });

  it('knows nothing of a code it never issued', async () => {
    expect(await verifyLetter(database.db, 'ABCDEFGHJKLMNPQR')).toBeUndefined();
  });
});
