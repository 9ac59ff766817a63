// Letters over HTTP: an application's letter as a PDF in the language asked for, and the public
// check of any letter by its verification code. The check needs no token, since whoever
// holds a letter (a firm's investor, a court) must be able to verify it; it reveals only
// that the letter was issued, its kind, sequence, date and hash, and whether it was corrected.
import { z } from 'zod';
import {
  letterKinds,
  letterLanguage,
  letterLanguages,
  type LetterKind,
  type LetterLanguage,
} from '../../domain/letter-kinds.ts';
import type { Db } from '../../prisma/client.ts';
import { visibleApplication } from '../access.ts';
import { notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

/** No case has more letters of one kind than rounds of information requests it may hold. */
const MAX_SEQUENCE = 1000;

const letterQuery = z.object({
  lang: z.enum(letterLanguages).optional().meta({
    description: "The letter's language; by default the firm's preferred one (zh unless set)",
  }),
  kind: z.enum(letterKinds).optional().meta({
    description: 'Which of the case’s letters; by default the one issued last',
  }),
  sequence: z.coerce.number().int().min(1).max(MAX_SEQUENCE).optional().meta({
    description:
      'Which letter of the kind (the round of an information request); by default the latest',
  }),
});

/**
 * The current (latest) revision of an application's letter in a language: of the kind asked for, or
 * else the kind issued last; of the sequence asked for, or else that kind's latest.
 * Undefined when there is none.
 */
export async function currentLetter(
  db: Db,
  query: { applicationId: string; kind?: LetterKind; sequence?: number; language: LetterLanguage },
) {
  const { applicationId, language } = query;
  const kind =
    query.kind ??
    (
      await db.letter.findFirst({
        where: { applicationId },
        orderBy: [{ issuedAt: 'desc' }, { sequence: 'desc' }],
        select: { kind: true },
      })
    )?.kind;
  if (!kind) return undefined;
  const sequence =
    query.sequence ??
    (
      await db.letter.findFirst({
        where: { applicationId, kind },
        orderBy: { sequence: 'desc' },
        select: { sequence: true },
      })
    )?.sequence;
  if (!sequence) return undefined;
  return db.letter.findFirst({
    where: { applicationId, kind, sequence, language },
    orderBy: { revision: 'desc' },
  });
}

// The code as printed (ABCD-EFGH-JKLM-NPQR) or as encoded in the QR code, in either application.
const codeParams = z.object({
  code: z
    .string()
    .regex(/^[A-HJ-NP-Z2-9]{4}(?:-?[A-HJ-NP-Z2-9]{4}){3}$/i, {
      message: 'must be the 16-character verification code printed on the letter',
    })
    .meta({ example: 'ABCD-EFGH-JKLM-NPQR' }),
});

const verificationSchema = z.object({
  verificationCode: z.string(),
  kind: z.enum(letterKinds),
  sequence: z.int().meta({ description: 'Which letter of its kind, e.g. the request round' }),
  language: z.enum(letterLanguages),
  revision: z.int(),
  issuedAt: z.iso.datetime(),
  sha256: z.string().meta({ description: 'SHA-256 of the PDF as issued, in hex' }),
  status: z.enum(['current', 'superseded']),
  supersededBy: z
    .object({ verificationCode: z.string(), issuedAt: z.iso.datetime() })
    .optional()
    .meta({ description: 'The correction that replaced this letter' }),
  replaces: z.string().optional().meta({ description: 'Code of the letter this one corrects' }),
});
export type LetterVerification = z.infer<typeof verificationSchema>;

const isLetterKind = (kind: string): kind is LetterKind =>
  (letterKinds as readonly string[]).includes(kind);

/** What anyone holding a letter may learn from its code: that it was issued, and nothing private. */
export async function verifyLetter(db: Db, code: string): Promise<LetterVerification | undefined> {
  const letter = await db.letter.findUnique({
    where: { verificationCode: code },
    select: {
      verificationCode: true,
      kind: true,
      sequence: true,
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
    sequence: letter.sequence,
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

export function letterRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'get',
    path: '/v1/applications/:id/letter',
    tag: 'Letters',
    summary: 'A letter of the case (PDF), to the applicant and the bank, in Chinese or English',
    roles: 'any',
    params: z.object({ id: z.uuid() }),
    query: letterQuery,
    responses: {
      200: {
        description: 'The current revision of the letter',
        schema: z.string().meta({ format: 'binary' }),
        contentType: 'application/pdf',
      },
      404: { description: 'No case visible to you, or no such letter issued yet' },
    },
    handler: async ({ principal, params, query }) => {
      const application = await visibleApplication(db, principal, params.id);
      const language = query.lang ?? letterLanguage(application.enterprise.preferredLanguage);
      const letter = await currentLetter(db, {
        applicationId: application.id,
        kind: query.kind,
        sequence: query.sequence,
        language,
      });
      if (!letter) throw notFound(query.kind ? `${query.kind} letter` : 'letter');
      return { status: 200, body: Buffer.from(letter.content), contentType: 'application/pdf' };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/letters/verify/:code',
    tag: 'Letters',
    summary: 'Whether a letter with this code was issued: kind, date, hash, corrections',
    roles: 'public',
    params: codeParams,
    responses: {
      200: {
        description: 'Issued; compare the sha256 with the file you hold',
        schema: verificationSchema,
      },
      404: { description: 'No letter was issued with this code' },
    },
    handler: async ({ params }) => {
      const verification = await verifyLetter(db, params.code.replaceAll('-', '').toUpperCase());
      if (!verification) throw notFound('letter');
      return {
        status: 200,
        body: verification,
        // A correction changes the answer, so no cache may keep it.
        headers: { 'Cache-Control': 'no-store' },
      };
    },
  });
}
