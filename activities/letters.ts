// Letters are built from the record, never retyped, rendered once and stored with their
// SHA-256 and a verification code. A stored letter never changes: another language is
// another letter, and a correction is the next revision, naming the letter it replaces.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { maskName } from '../domain/privacy.ts';
import type { Db, Prisma } from '../prisma/client.ts';
import {
  type ApprovalLetter,
  type LetterData,
  type LetterIssue,
  type RejectionLetter,
} from '../templates/letter-data.ts';
import {
  letterKinds,
  letterLanguage,
  letterLanguages,
  type LetterKind,
  type LetterLanguage,
} from '../domain/letters.ts';
import { renderLetter } from '../templates/render-letter.ts';
import { recordAuditEvent } from '../prisma/audit-trail.ts';

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

/** Asked for a letter the record cannot make (no such outcome yet, or no builder yet). */
export class LetterUnavailableError extends Error {
  override name = 'LetterUnavailableError';
}

// The JSON columns the decision letters read, checked rather than cast: an old or
// malformed row fails here with a clear message instead of printing "undefined".
const storedAssessment = z.object({
  max: z.number(),
  indicators: z.array(
    z.object({
      id: z.string(),
      value: z.string(),
      points: z.number(),
      max: z.number(),
      rule: z.string(),
    }),
  ),
  failedGates: z
    .array(
      z.object({
        gate: z.string(),
        value: z.string(),
        required: z.string(),
        gap: z.string().nullable(),
      }),
    )
    .default([]),
});
const pinnedPolicy = z.object({
  creditTrack: z.string(),
  scorecards: z.record(z.string(), z.string()),
});

/** The approval or rejection letter's facts, from the case, its assessment and decisions. */
async function decisionLetterData(
  db: Db,
  applicationId: string,
  language: LetterLanguage,
): Promise<ApprovalLetter | RejectionLetter> {
  const c = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: {
      enterprise: true,
      bank: true,
      assessments: true,
      decisions: { orderBy: { decidedAt: 'asc' } },
    },
  });
  const approval = c.decisions.find((d) => d.stage === 'APPROVAL');
  if (!approval) throw new LetterUnavailableError(`case ${applicationId} has no decision yet`);
  const assessment = c.assessments.find((a) => a.model === 'tech-sme') ?? c.assessments[0];
  if (!assessment) throw new Error(`case ${applicationId} has no assessment`);
  const result = storedAssessment.parse(assessment.result);
  const policy = pinnedPolicy.parse(c.policyVersions);
  const people = await db.user.findMany({
    where: { id: { in: c.decisions.map((d) => d.actorId) } },
  });
  const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName ?? '—';
  const common = {
    language,
    reference: c.reference,
    issuedAt: approval.decidedAt.toISOString(),
    institution: { name: c.bank.name },
    enterprise: { name: c.enterprise.name, uscc: c.enterprise.uscc },
    product: c.product,
    policyVersions: [
      policy.creditTrack,
      ...Object.entries(policy.scorecards).map(([model, version]) => `${model}@${version}`),
    ],
    decidedBy: c.decisions.map((d) => ({ role: d.actorRole, name: maskName(nameOf(d.actorId)) })),
    assessment: {
      model: assessment.model,
      version: assessment.version,
      points: assessment.points ?? 0,
      max: result.max,
      eligible: assessment.eligible,
      indicators: result.indicators,
      failedGates: result.failedGates,
    },
  };
  if (approval.outcome === 'REJECT') {
    return { ...common, kind: 'rejection', reasons: approval.reasons };
  }
  if (approval.amountFen === null || approval.annualRate === null || !approval.termMonths) {
    throw new Error(`the approval of case ${applicationId} lacks its terms`);
  }
  return {
    ...common,
    kind: 'approval',
    terms: {
      amountFen: Number(approval.amountFen),
      annualRate: approval.annualRate.toString(),
      termMonths: approval.termMonths,
    },
  };
}

/**
 * A case's letter of one kind in one language, from the record. Only the decision letters
 * have a record today; each credit-track step that issues another kind adds its reader here,
 * and translations and corrections of that kind then work as they do for decisions.
 */
export async function letterDataFor(
  db: Db,
  applicationId: string,
  kind: LetterKind,
  language: LetterLanguage,
): Promise<LetterData> {
  if (kind === 'approval' || kind === 'rejection') {
    const data = await decisionLetterData(db, applicationId, language);
    if (data.kind === kind) return data;
  }
  throw new LetterUnavailableError(`case ${applicationId} has no record for a ${kind} letter`);
}

export interface IssuedLetter {
  letterId: string;
  sha256: string;
  verificationCode: string;
  revision: number;
}

const summary = (letter: Omit<IssuedLetter, 'letterId'> & { id: string }): IssuedLetter => ({
  letterId: letter.id,
  sha256: letter.sha256,
  verificationCode: letter.verificationCode,
  revision: letter.revision,
});

const letterKey = (applicationId: string, kind: string, language: string, revision: number) => ({
  applicationId_kind_language_revision: { applicationId, kind, language, revision },
});

interface Correction {
  id: string;
  verificationCode: string;
  issuedAt: Date;
  reason: string;
}

interface Rendered {
  data: LetterData;
  revision: number;
  replaces?: Correction;
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
  revision: number,
  replaces?: Correction,
): Promise<Rendered> {
  const verificationCode = newVerificationCode();
  const issue: LetterIssue = {
    verificationCode,
    verificationUrl: verificationUrl(publicBaseUrl, verificationCode),
    revision,
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
  return { data, revision, replaces, verificationCode, content, sha256 };
}

/**
 * Stores rendered letters in one transaction, so a case never shows half of them. Two
 * writers racing for the same letter both render, one row wins, and both return that row.
 */
async function store(db: Db, applicationId: string, letters: Rendered[]): Promise<IssuedLetter[]> {
  return db.$transaction(async (tx) => {
    const stored: IssuedLetter[] = [];
    for (const { data, revision, replaces, verificationCode, content, sha256 } of letters) {
      await tx.letter.createMany({
        data: [
          {
            applicationId,
            kind: data.kind,
            language: data.language,
            revision,
            replacesId: replaces?.id,
            sha256,
            verificationCode,
            content: new Uint8Array(content),
            issuedAt: new Date(data.issuedAt),
          },
        ],
        skipDuplicates: true,
      });
      const letter = await tx.letter.findUniqueOrThrow({
        where: letterKey(applicationId, data.kind, data.language, revision),
      });
      const trail: Prisma.InputJsonObject = {
        kind: letter.kind,
        language: letter.language,
        revision: letter.revision,
        sha256: letter.sha256,
        verificationCode: letter.verificationCode,
        ...(replaces && { replaces: replaces.verificationCode, reason: replaces.reason }),
      };
      await recordAuditEvent(tx, {
        entityType: 'Application',
        entityId: applicationId,
        action: replaces ? 'letter_corrected' : 'letter_issued',
        data: trail,
        dedupeKey: `${applicationId}:letter:${letter.kind}:${letter.language}:${letter.revision}`,
      });
      stored.push(summary(letter));
    }
    return stored;
  });
}

async function preferredLanguage(db: Db, applicationId: string): Promise<LetterLanguage> {
  const { enterprise } = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    select: { enterprise: { select: { preferredLanguage: true } } },
  });
  return letterLanguage(enterprise.preferredLanguage);
}

/**
 * Issues a case's letter of `kind` in the languages given (by default every language, the
 * firm's preferred first), once: asked again, it returns the letters already issued. All
 * are stored together; the first language's letter is returned.
 */
export async function issueLetter(
  deps: LetterDeps,
  input: { applicationId: string; kind: LetterKind; languages?: LetterLanguage[] },
): Promise<IssuedLetter> {
  const { db } = deps;
  const { applicationId, kind } = input;
  const preferred = await preferredLanguage(db, applicationId);
  const languages = input.languages ?? [
    preferred,
    ...letterLanguages.filter((l) => l !== preferred),
  ];
  const rendered: Rendered[] = [];
  for (const language of languages) {
    const existing = await db.letter.findUnique({
      where: letterKey(applicationId, kind, language, 1),
    });
    if (!existing) {
      rendered.push(await render(deps, await letterDataFor(db, applicationId, kind, language), 1));
    }
  }
  if (rendered.length > 0) await store(db, applicationId, rendered);
  const first = await db.letter.findUniqueOrThrow({
    where: letterKey(applicationId, kind, languages[0]!, 1),
  });
  return summary(first);
}

/** The letter of the case's decision, an approval or a rejection, in every language. */
export async function issueDecisionLetter(deps: LetterDeps, applicationId: string) {
  const decision = await deps.db.decision.findUnique({
    where: { applicationId_stage: { applicationId, stage: 'APPROVAL' } },
  });
  if (!decision) throw new LetterUnavailableError(`case ${applicationId} has no decision yet`);
  const kind = decision.outcome === 'APPROVE' ? 'approval' : 'rejection';
  return issueLetter(deps, { applicationId, kind });
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
  const kind = letterKind.parse(letter.kind);
  const language = letterLanguage(letter.language);
  const data = await letterDataFor(deps.db, letter.applicationId, kind, language);
  const replaces = {
    id: letter.id,
    verificationCode: letter.verificationCode,
    issuedAt: letter.issuedAt,
    reason,
  };
  const dated = { ...data, issuedAt: correction.issuedAt.toISOString() };
  const [corrected] = await store(deps.db, letter.applicationId, [
    await render(deps, dated, letter.revision + 1, replaces),
  ]);
  return corrected!;
}
