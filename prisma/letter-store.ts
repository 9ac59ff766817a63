// Reading stored letters: a case's current letter, and the public check of a code.
import {
  letterKinds,
  letterLanguage,
  type LetterKind,
  type LetterLanguage,
} from '../domain/letters.ts';
import type { Db } from './client.ts';

/**
 * The current (latest) revision of a case's letter in a language; without a kind, of the
 * kind issued last. Undefined when there is none.
 */
export async function currentLetter(
  db: Db,
  query: { applicationId: string; kind?: LetterKind; language: LetterLanguage },
) {
  const { applicationId, language } = query;
  const latest = await db.letter.findFirst({
    where: { applicationId, ...(query.kind && { kind: query.kind }) },
    orderBy: [{ issuedAt: 'desc' }, { revision: 'desc' }],
    select: { kind: true },
  });
  if (!latest) return undefined;
  return db.letter.findFirst({
    where: { applicationId, kind: latest.kind, language },
    orderBy: { revision: 'desc' },
  });
}

export interface LetterVerification {
  verificationCode: string;
  kind: LetterKind;
  language: LetterLanguage;
  revision: number;
  issuedAt: string;
  sha256: string;
  status: 'current' | 'superseded';
  /** The letter that replaced this one, when it was corrected. */
  supersededBy?: { verificationCode: string; issuedAt: string };
  /** The code of the letter this one corrects. */
  replaces?: string;
}

const isLetterKind = (kind: string): kind is LetterKind =>
  (letterKinds as readonly string[]).includes(kind);

/** What anyone holding a letter may learn from its code: that it was issued, and nothing private. */
export async function verifyLetter(db: Db, code: string): Promise<LetterVerification | undefined> {
  const letter = await db.letter.findUnique({
    where: { verificationCode: code },
    select: {
      verificationCode: true,
      kind: true,
      language: true,
      revision: true,
      issuedAt: true,
      sha256: true,
      replaces: { select: { verificationCode: true } },
      replacedBy: { select: { verificationCode: true, issuedAt: true } },
    },
  });
  if (!letter || !isLetterKind(letter.kind)) return undefined;
  const { replaces, replacedBy } = letter;
  return {
    verificationCode: letter.verificationCode,
    kind: letter.kind,
    language: letterLanguage(letter.language),
    revision: letter.revision,
    issuedAt: letter.issuedAt.toISOString(),
    sha256: letter.sha256,
    status: replacedBy ? 'superseded' : 'current',
    ...(replacedBy && {
      supersededBy: {
        verificationCode: replacedBy.verificationCode,
        issuedAt: replacedBy.issuedAt.toISOString(),
      },
    }),
    ...(replaces && { replaces: replaces.verificationCode }),
  };
}
