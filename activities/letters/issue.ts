// Letters are built from the record, never retyped, rendered once and stored with their
// SHA-256 and a verification code. A stored letter never changes: another language is
// another letter, and a correction is the next revision, naming the letter it replaces.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import { currentSeal } from '../../prisma/seal-store.ts';
import type { LetterData, LetterIssue } from '../../templates/letter-data.ts';
import {
  decisionLetterKind,
  letterKinds,
  letterLanguage,
  letterLanguages,
  type LetterKind,
  type LetterLanguage,
} from '../../domain/letter-kinds.ts';
import { renderLetter } from '../../templates/render-letter.ts';
import { LetterUnavailableError, letterDataFor } from './records.ts';

export interface LetterDeps {
  db: Db;
  /**
   * Base of the verification address each letter prints and encodes in its QR code
   * (PUBLIC_BASE_URL). Unset, it is the address `npm start` serves on a laptop.
   */
  publicBaseUrl?: string;
}

const LOCAL_BASE_URL = 'http://localhost:3000';

// 32 symbols without look-alikes (no I, O, 0, 1): 16 of them carry 80 random bits, so a
// code cannot be guessed, and 256 is a multiple of 32, so `byte % 32` is unbiased.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newVerificationCode(): string {
  return [...randomBytes(16)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export function verificationUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/letters/verify/${code}`;
}

const letterKind = z.enum(letterKinds);

export interface IssuedLetter {
  letterId: string;
  sha256: string;
  verificationCode: string;
  sequence: number;
  revision: number;
}

type StoredLetter = Omit<IssuedLetter, 'letterId'> & { id: string };

const summary = (letter: StoredLetter): IssuedLetter => ({
  letterId: letter.id,
  sha256: letter.sha256,
  verificationCode: letter.verificationCode,
  sequence: letter.sequence,
  revision: letter.revision,
});

/** Which letter: an application's kind, its sequence (a repeated kind's round), a language. */
interface LetterSlot {
  applicationId: string;
  kind: string;
  sequence: number;
  language: string;
}

const letterKey = (slot: LetterSlot, revision: number) => ({
  applicationId_kind_sequence_language_revision: { ...slot, revision },
});

interface Correction {
  id: string;
  verificationCode: string;
  issuedAt: Date;
  reason: string;
}

/** The seal a letter is stamped with: the version published when it is issued. */
interface Seal {
  id: string;
  image: Uint8Array;
  signatory: string;
}

interface Rendered {
  data: LetterData;
  sequence: number;
  revision: number;
  replaces?: Correction;
  seal?: Seal;
  verificationCode: string;
  content: Buffer;
  sha256: string;
}

/**
 * Renders one letter. The verification code is drawn first, because it is printed on the
 * letter and so part of the bytes the hash covers.
 */
async function render(
  { publicBaseUrl = LOCAL_BASE_URL }: LetterDeps,
  data: LetterData,
  { sequence, revision, seal }: { sequence: number; revision: number; seal?: Seal },
  replaces?: Correction,
): Promise<Rendered> {
  const verificationCode = newVerificationCode();
  const issue: LetterIssue = {
    verificationCode,
    verificationUrl: verificationUrl(publicBaseUrl, verificationCode),
    revision,
    ...(seal && { seal: { image: seal.image, signatory: seal.signatory } }),
    ...(replaces && {
      replaces: {
        verificationCode: replaces.verificationCode,
        issuedAt: replaces.issuedAt.toISOString(),
        reason: replaces.reason,
      },
    }),
  };
  const content = await renderLetter(data, issue);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return { data, sequence, revision, replaces, seal, verificationCode, content, sha256 };
}

/**
 * Stores rendered letters in one transaction, so an application never shows half of them. Two
 * writers racing for the same letter both render, one row wins, and both return that row.
 */
async function store(db: Db, applicationId: string, letters: Rendered[]): Promise<IssuedLetter[]> {
  return db.$transaction(async (tx) => {
    const stored: IssuedLetter[] = [];
    for (const rendered of letters) {
      const { data, sequence, revision, replaces, seal, verificationCode, content, sha256 } =
        rendered;
      const slot = { applicationId, kind: data.kind, sequence, language: data.language };
      await tx.letter.createMany({
        data: [
          {
            ...slot,
            revision,
            replacesId: replaces?.id,
            sealId: seal?.id,
            sha256,
            verificationCode,
            content: new Uint8Array(content),
            issuedAt: new Date(data.issuedAt),
          },
        ],
        skipDuplicates: true,
      });
      const letter = await tx.letter.findUniqueOrThrow({ where: letterKey(slot, revision) });
      const trail: Prisma.InputJsonObject = {
        kind: letter.kind,
        sequence: letter.sequence,
        language: letter.language,
        revision: letter.revision,
        sha256: letter.sha256,
        verificationCode: letter.verificationCode,
        ...(replaces && { replaces: replaces.verificationCode, reason: replaces.reason }),
      };
      await recordCreditEvent(tx, {
        subjectId: applicationId,
        event: replaces ? 'letter_corrected' : 'letter_issued',
        at: new Date(),
        occurrence: `${letter.kind}:${letter.sequence}:${letter.language}:${letter.revision}`,
        data: trail,
      });
      stored.push(summary(letter));
    }
    return stored;
  });
}

/** Letters the guarantor issues on a guaranteed case; the bank issues every other. */
const guarantorLetters: readonly string[] = ['guarantee_confirmation', 'compensation_notice'];

/** The seal the letter's issuer stamps new letters with, if it published one. */
async function sealOf(db: Db, applicationId: string, kind: string): Promise<Seal | undefined> {
  const application = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { guarantee: true },
  });
  const issuer = guarantorLetters.includes(kind)
    ? application.guarantee!.guarantorId
    : application.bankId;
  return (await currentSeal(db, issuer)) ?? undefined;
}

async function preferredLanguage(db: Db, applicationId: string): Promise<LetterLanguage> {
  const { enterprise } = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    select: { enterprise: { select: { preferredLanguage: true } } },
  });
  return letterLanguage(enterprise.preferredLanguage);
}

/**
 * Issues an application's letter of `kind` (number `sequence` of it, 1 by default) in the languages
 * given (by default every language, the firm's preferred first), once: asked again, it
 * returns the letters already issued. All are stored together; the first language's letter
 * is returned.
 */
export async function issueLetter(
  deps: LetterDeps,
  input: {
    applicationId: string;
    kind: LetterKind;
    sequence?: number;
    languages?: LetterLanguage[];
  },
): Promise<IssuedLetter> {
  const { db } = deps;
  const { applicationId, kind, sequence = 1 } = input;
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`a letter's sequence is a positive integer, got ${sequence}`);
  }
  const preferred = await preferredLanguage(db, applicationId);
  const seal = await sealOf(db, applicationId, kind);
  const languages = input.languages ?? [
    preferred,
    ...letterLanguages.filter((l) => l !== preferred),
  ];
  const rendered: Rendered[] = [];
  for (const language of languages) {
    const slot = { applicationId, kind, sequence, language };
    if (!(await db.letter.findUnique({ where: letterKey(slot, 1) }))) {
      const data = await letterDataFor(db, slot);
      rendered.push(await render(deps, data, { sequence, revision: 1, seal }));
    }
  }
  if (rendered.length > 0) await store(db, applicationId, rendered);
  const first = await db.letter.findUniqueOrThrow({
    where: letterKey({ applicationId, kind, sequence, language: languages[0]! }, 1),
  });
  return summary(first);
}

/**
 * The letter of the application's decision in every language: a rejection, an approval, or a
 * conditional approval when the approver set conditions precedent.
 */
export async function issueDecisionLetter(deps: LetterDeps, applicationId: string) {
  const decision = await deps.db.decision.findUnique({
    where: { applicationId_stage: { applicationId, stage: 'APPROVAL' } },
  });
  if (!decision) throw new LetterUnavailableError(`case ${applicationId} has no decision yet`);
  return issueLetter(deps, { applicationId, kind: decisionLetterKind(decision) });
}

/**
 * Corrects a letter: renders it again from the record as it stands, dated `issuedAt`, as
 * the next revision that names the letter it replaces and why. A letter is replaced once:
 * asked again, this returns its replacement, so a retried call issues nothing new.
 */
export async function issueCorrection(
  deps: LetterDeps,
  letterId: string,
  correction: { reason: string; issuedAt: Date },
): Promise<IssuedLetter> {
  const reason = correction.reason.trim();
  if (!reason) throw new TypeError('a correction needs its reason');
  const letter = await deps.db.letter.findUniqueOrThrow({
    where: { id: letterId },
    include: { replacedBy: true },
  });
  if (letter.replacedBy) return summary(letter.replacedBy);
  const data = await letterDataFor(deps.db, {
    applicationId: letter.applicationId,
    kind: letterKind.parse(letter.kind),
    sequence: letter.sequence,
    language: letterLanguage(letter.language),
  });
  const replaces = {
    id: letter.id,
    verificationCode: letter.verificationCode,
    issuedAt: letter.issuedAt,
    reason,
  };
  const dated = { ...data, issuedAt: correction.issuedAt.toISOString() };
  const next = {
    sequence: letter.sequence,
    revision: letter.revision + 1,
    seal: await sealOf(deps.db, letter.applicationId, letter.kind),
  };
  const [corrected] = await store(deps.db, letter.applicationId, [
    await render(deps, dated, next, replaces),
  ]);
  return corrected!;
}
