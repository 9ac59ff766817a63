// Decision letters are built from the record, never retyped, rendered once and stored
// with their SHA-256 and a verification code.
import { createHash, randomBytes } from 'node:crypto';
import { maskName } from '../domain/privacy.ts';
import type { Db } from '../prisma/client.ts';
import type { AssessmentIndicator, LetterData } from '../templates/letter-data.ts';
import { renderLetter } from '../templates/render-letter.ts';
import { appendAudit } from './audit.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from an alphabet without look-alikes: unguessable, easy to type. */
function verificationCode(): string {
  return [...randomBytes(16)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

interface StoredResult {
  points: number;
  eligible: boolean;
  indicators: AssessmentIndicator[];
}

export async function letterDataFor(db: Db, applicationId: string): Promise<LetterData> {
  const c = await db.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { enterprise: true, bank: true, assessments: true, decisions: true },
  });
  const approval = c.decisions.find((d) => d.stage === 'APPROVAL');
  if (!approval) throw new Error(`case ${applicationId} has no decision yet`);
  const assessment = c.assessments.find((a) => a.model === 'tech-sme') ?? c.assessments[0];
  if (!assessment) throw new Error(`case ${applicationId} has no assessment`);
  const result = assessment.result as unknown as StoredResult & { max: number };
  const people = await db.user.findMany({
    where: { id: { in: c.decisions.map((d) => d.actorId) } },
  });
  const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName ?? '—';
  const approved = approval.outcome === 'APPROVE';
  return {
    kind: approved ? 'approval' : 'rejection',
    language: c.enterprise.preferredLanguage === 'en' ? 'en' : 'zh',
    reference: c.reference,
    issuedAt: approval.decidedAt.toISOString(),
    institution: { name: c.bank.name },
    enterprise: { name: c.enterprise.name, uscc: c.enterprise.uscc },
    product: c.product,
    ...(approved
      ? {
          amountFen: Number(approval.amountFen),
          annualRate: approval.annualRate?.toString(),
          termMonths: approval.termMonths ?? undefined,
        }
      : { reasons: approval.reasons }),
    assessment: {
      model: assessment.model,
      version: assessment.version,
      points: assessment.points ?? 0,
      max: result.max,
      eligible: assessment.eligible,
      indicators: result.indicators,
    },
    decidedBy: c.decisions.map((d) => ({ role: d.actorRole, name: maskName(nameOf(d.actorId)) })),
  };
}

export async function issueDecisionLetter(db: Db, applicationId: string) {
  const data = await letterDataFor(db, applicationId);
  const existing = await db.letter.findUnique({
    where: {
      applicationId_kind_language_revision: {
        applicationId,
        kind: data.kind,
        language: data.language,
        revision: 1,
      },
    },
  });
  if (existing) return { letterId: existing.id, sha256: existing.sha256 };
  const content = await renderLetter(data);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const letter = await db.$transaction(async (tx) => {
    await tx.letter.createMany({
      data: [
        {
          applicationId,
          kind: data.kind,
          language: data.language,
          sha256,
          verificationCode: verificationCode(),
          content: new Uint8Array(content),
          issuedAt: new Date(data.issuedAt),
        },
      ],
      skipDuplicates: true,
    });
    const stored = await tx.letter.findUniqueOrThrow({
      where: {
        applicationId_kind_language_revision: {
          applicationId,
          kind: data.kind,
          language: data.language,
          revision: 1,
        },
      },
    });
    await appendAudit(tx, {
      entityType: 'Application',
      entityId: applicationId,
      action: 'letter_issued',
      data: { kind: stored.kind, language: stored.language, sha256: stored.sha256 },
      dedupeKey: `${applicationId}:letter:${data.kind}:${data.language}`,
    });
    return stored;
  });
  return { letterId: letter.id, sha256: letter.sha256 };
}
