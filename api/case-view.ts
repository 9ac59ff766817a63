// What a case looks like over HTTP: status, current step, assessment, decisions, letters,
// and the trail of who did what when, all read from the database's read model.
import { z } from 'zod';
import { fenToYuan } from '../domain/money.ts';
import type { Db } from '../prisma/client.ts';

const steps = ['assessment', 'review', 'decision', 'letter', 'closed'] as const;

export const caseView = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum([
    'SUBMITTED',
    'ASSESSING',
    'UNDER_REVIEW',
    'AWAITING_DECISION',
    'APPROVED',
    'REJECTED',
  ]),
  step: z.enum(steps),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  bank: z.object({ code: z.string(), name: z.string() }),
  product: z.string(),
  amount: z.string().meta({ example: '1000000.00' }),
  termMonths: z.int(),
  purpose: z.string(),
  policyVersions: z.unknown(),
  filedAt: z.iso.datetime(),
  assessments: z.array(
    z.object({
      model: z.string(),
      version: z.string(),
      points: z.int().nullable(),
      eligible: z.boolean(),
      result: z.unknown(),
    }),
  ),
  decisions: z.array(
    z.object({
      stage: z.enum(['REVIEW', 'APPROVAL']),
      outcome: z.enum(['APPROVE', 'REJECT']),
      amount: z.string().optional(),
      annualRate: z.string().optional(),
      termMonths: z.int().optional(),
      reasons: z.array(z.string()),
      actorId: z.uuid(),
      actorRole: z.string(),
      policyVersion: z.string(),
      decidedAt: z.iso.datetime(),
    }),
  ),
  letters: z.array(
    z.object({
      kind: z.string(),
      language: z.string(),
      sha256: z.string(),
      issuedAt: z.iso.datetime(),
    }),
  ),
  history: z.array(
    z.object({
      at: z.iso.datetime(),
      action: z.string(),
      actorId: z.string().nullable(),
      actorRole: z.string().nullable(),
      data: z.unknown(),
    }),
  ),
});
export type CaseView = z.infer<typeof caseView>;

function stepOf(status: CaseView['status'], letterCount: number): CaseView['step'] {
  switch (status) {
    case 'SUBMITTED':
    case 'ASSESSING':
      return 'assessment';
    case 'UNDER_REVIEW':
      return 'review';
    case 'AWAITING_DECISION':
      return 'decision';
    default:
      return letterCount > 0 ? 'closed' : 'letter';
  }
}

export async function loadCaseView(db: Db, id: string): Promise<CaseView> {
  // One snapshot, so the status and the trail that led to it always agree.
  const [c, history] = await db.$transaction(
    [
      db.application.findUniqueOrThrow({
        where: { id },
        include: {
          enterprise: true,
          bank: true,
          assessments: { orderBy: { model: 'asc' } },
          decisions: { orderBy: { decidedAt: 'asc' } },
          letters: { select: { kind: true, language: true, sha256: true, issuedAt: true } },
        },
      }),
      db.auditEvent.findMany({
        where: { entityType: 'Application', entityId: id },
        orderBy: { id: 'asc' },
      }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    step: stepOf(c.status, c.letters.length),
    enterprise: { id: c.enterprise.id, name: c.enterprise.name },
    bank: { code: c.bank.code, name: c.bank.name },
    product: c.product,
    amount: fenToYuan(Number(c.amountFen)),
    termMonths: c.termMonths,
    purpose: c.purpose,
    policyVersions: c.policyVersions,
    filedAt: c.createdAt.toISOString(),
    assessments: c.assessments.map((a) => ({
      model: a.model,
      version: a.version,
      points: a.points,
      eligible: a.eligible,
      result: a.result,
    })),
    decisions: c.decisions.map((d) => ({
      stage: d.stage,
      outcome: d.outcome,
      amount: d.amountFen === null ? undefined : fenToYuan(Number(d.amountFen)),
      annualRate: d.annualRate?.toString(),
      termMonths: d.termMonths ?? undefined,
      reasons: d.reasons,
      actorId: d.actorId,
      actorRole: d.actorRole,
      policyVersion: d.policyVersion,
      decidedAt: d.decidedAt.toISOString(),
    })),
    letters: c.letters.map((l) => ({ ...l, issuedAt: l.issuedAt.toISOString() })),
    history: history.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorId: e.actorId,
      actorRole: e.actorRole,
      data: e.data,
    })),
  };
}
