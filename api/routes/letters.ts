// Letters over HTTP: a case's letter as a PDF in the language asked for, and the public
// check of any letter by its verification code. The check needs no token, since whoever
// holds a letter (a firm's investor, a court) must be able to verify it; it reveals only
// that the letter was issued, its kind, date and hash, and whether it was corrected.
import { z } from 'zod';
import { letterKinds, letterLanguage, letterLanguages } from '../../domain/letters.ts';
import type { Db } from '../../prisma/client.ts';
import { currentLetter, verifyLetter } from '../../prisma/letter-store.ts';
import { visibleApplication } from '../access.ts';
import { notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

const letterQuery = z.object({
  lang: z.enum(letterLanguages).optional().meta({
    description: "The letter's language; by default the firm's preferred one (zh unless set)",
  }),
  kind: z.enum(letterKinds).optional().meta({
    description: 'Which of the case’s letters; by default the one issued last',
  }),
});

// The code as printed (ABCD-EFGH-JKLM-NPQR) or as encoded in the QR code, in either case.
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
        body: verification satisfies z.infer<typeof verificationSchema>,
        // A correction changes the answer, so no cache may keep it.
        headers: { 'Cache-Control': 'no-store' },
      };
    },
  });
}
