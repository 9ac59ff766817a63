// What an application looks like over HTTP, per audience, read from the database's read model.
// The bank's staff see the whole case: assessment, routing, every decision with its reasons,
// and the trail of who did what when. The applicant sees what a bank tells its customer: the
// status and step, what is asked of it, the decision and its terms, the offer, the letters and
// the milestones of its case, never internal notes, recommendations or staff identities.
import { z } from 'zod';
import { approvalLevels } from '../domain/credit/authority-matrix.ts';
import { fenToYuan } from '../domain/money.ts';
import { loanLifecycle } from '../domain/loan/lifecycle.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import { withTexts } from '../prisma/audit-trail.ts';
import type { Db } from '../prisma/client.ts';
import {
  creditApplication,
  customerMilestones,
  stepOf,
  type CreditTaskKind,
} from '../domain/credit/lifecycle.ts';
import { isBankStaffOf } from './access.ts';
import { guaranteeOf, guaranteeView } from './guarantee-view.ts';
import { pledgesOf, pledgeView } from './pledge-view.ts';
import type { Principal } from './auth.ts';

/** The tasks the applicant works (role APPLICANT in the lifecycle). */
const applicantKinds = ['DOCUMENTS', 'INFORMATION', 'OFFER'] as const satisfies CreditTaskKind[];
type ApplicantKind = (typeof applicantKinds)[number];
const isApplicantKind = (kind: string): kind is ApplicantKind =>
  applicantKinds.some((k) => k === kind);

const applicantTask = z.object({
  kind: z.enum(applicantKinds),
  dueAt: z.iso.datetime(),
  round: z.int().optional().meta({ description: 'Requests for information only' }),
  questions: z.array(z.string()).optional().meta({ description: 'Requests for information only' }),
});
const informationDetail = z.object({ round: z.int(), questions: z.array(z.string()) });

export const staffApplicationView = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(creditApplication.statuses),
  step: z.enum(creditApplication.steps),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  bank: z.object({ code: z.string(), name: z.string() }),
  product: z.string(),
  amount: z.string().meta({ example: '1000000.00' }),
  termMonths: z.int(),
  purpose: z.string(),
  policyVersions: z.unknown(),
  filedAt: z.iso.datetime(),
  grade: z.string().nullable().meta({ description: 'A best … E, once assessed' }),
  approvalLevel: z.enum(approvalLevels).nullable(),
  fileCompletedAt: z.iso.datetime().nullable(),
  decisionDueAt: z.iso.datetime().nullable(),
  applicantTasks: z
    .array(applicantTask)
    .meta({ description: 'What the applicant owes now: documents, answers, a reply to the offer' }),
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
      repaymentMethod: z.string().nullable(),
      conditions: z.array(z.string()),
      reasons: z.array(z.string()),
      actorId: z.uuid().nullable().meta({ description: 'Null when the credit committee decided' }),
      actorRole: z.string(),
      level: z.enum(approvalLevels).nullable(),
      policyVersion: z.string(),
      decidedAt: z.iso.datetime(),
    }),
  ),
  offer: z
    .object({
      amount: z.string(),
      annualRate: z.string(),
      termMonths: z.int(),
      repaymentMethod: z.string(),
      conditions: z.array(z.string()),
      validUntil: z.iso.datetime(),
      status: z.enum(['OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED']),
    })
    .nullable(),
  loan: z
    .object({
      id: z.uuid(),
      contractNumber: z.string(),
      status: z.enum(loanLifecycle.statuses),
    })
    .nullable(),
  pledges: z.array(pledgeView).meta({ description: "A pledge loan's collateral; none for credit" }),
  guarantee: guaranteeView.nullable().meta({ description: "A guaranteed loan's guarantee" }),
  warrant: z
    .object({ id: z.uuid(), status: z.enum(['GRANTED', 'EXERCISED', 'EXPIRED']) })
    .nullable()
    .meta({ description: 'A warrant attached to the approval: GET /v1/warrants/{id}' }),
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
export type StaffApplicationView = z.infer<typeof staffApplicationView>;

/** The facts of the case the applicant itself gave or is told. */
const customerFacts = staffApplicationView.pick({
  id: true,
  reference: true,
  status: true,
  step: true,
  enterprise: true,
  bank: true,
  product: true,
  amount: true,
  termMonths: true,
  purpose: true,
  filedAt: true,
  fileCompletedAt: true,
  decisionDueAt: true,
  applicantTasks: true,
  offer: true,
  loan: true,
  pledges: true,
  guarantee: true,
  warrant: true,
  letters: true,
});
export const applicantApplicationView = customerFacts.extend({
  decision: z
    .object({
      outcome: z.enum(['APPROVE', 'REJECT']),
      decidedAt: z.iso.datetime(),
    })
    .nullable()
    .meta({ description: "The bank's decision once made; its letter gives the reasons" }),
  milestones: z.array(z.object({ at: z.iso.datetime(), event: z.enum(customerMilestones) })),
});
export type ApplicantApplicationView = z.infer<typeof applicantApplicationView>;

/** Either view, as an endpoint both audiences read publishes it. */
export const applicationView = z.union([staffApplicationView, applicantApplicationView]);

export type Audience = 'staff' | 'applicant';

/**
 * Staff of the case's bank read the staff view; everyone else who may see it, the applicant's.
 * A member of staff who filed with their own bank reads their case as its applicant.
 */
export const audienceOf = (
  principal: Principal,
  application: { bankId: string; enterprise: { ownerId: string } },
): Audience =>
  isBankStaffOf(principal, application.bankId) &&
  application.enterprise.ownerId !== principal.userId
    ? 'staff'
    : 'applicant';

const iso = (at: Date | null) => at?.toISOString() ?? null;

export async function loadApplicationView(
  db: Db,
  id: string,
  audience: 'staff',
): Promise<StaffApplicationView>;
export async function loadApplicationView(
  db: Db,
  id: string,
  audience: Audience,
): Promise<StaffApplicationView | ApplicantApplicationView>;
export async function loadApplicationView(db: Db, id: string, audience: Audience) {
  const staff = await loadStaffView(db, id);
  return audience === 'staff' ? staff : applicantViewOf(staff);
}

/** The customer's part of the case: its own facts, the final decision, the milestones. */
function applicantViewOf(staff: StaffApplicationView): ApplicantApplicationView {
  const final = staff.decisions.filter((d) => d.stage === 'APPROVAL').at(-1);
  const milestones = new Set<string>(customerMilestones);
  return {
    ...customerFacts.parse(staff),
    decision: final ? { outcome: final.outcome, decidedAt: final.decidedAt } : null,
    milestones: staff.history
      .filter((e) => milestones.has(e.action))
      .map((e) => ({ at: e.at, event: e.action as (typeof customerMilestones)[number] })),
  };
}

async function loadStaffView(db: Db, id: string): Promise<StaffApplicationView> {
  // One snapshot, so the status and the trail that led to it always agree.
  const [application, history] = await db.$transaction(
    [
      db.application.findUniqueOrThrow({
        where: { id },
        include: {
          enterprise: true,
          bank: true,
          assessments: { orderBy: { model: 'asc' } },
          decisions: { orderBy: { decidedAt: 'asc' } },
          letters: {
            select: { kind: true, language: true, sha256: true, issuedAt: true },
            orderBy: { issuedAt: 'asc' },
          },
          tasks: { where: { status: 'OPEN' }, orderBy: { dueAt: 'asc' } },
          offer: true,
          loan: { select: { id: true, contractNumber: true, status: true } },
          pledges: { orderBy: { ordinal: 'asc' } },
          guarantee: { include: { guarantor: true } },
          warrant: { select: { id: true, status: true } },
        },
      }),
      db.auditEvent.findMany({
        where: { entityType: 'Application', entityId: id },
        orderBy: { id: 'asc' },
      }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  // Texts are written with their events and never changed, so reading them after the snapshot
  // shows what the snapshot's events said.
  const trail = await withTexts(db, history, maskPersonalData);
  const masked = (texts: readonly string[]) => texts.map(maskPersonalData);
  const applicantTasks = application.tasks.filter((t): t is typeof t & { kind: ApplicantKind } =>
    isApplicantKind(t.kind),
  );
  return {
    id: application.id,
    reference: application.reference,
    status: application.status,
    step: stepOf(application),
    enterprise: { id: application.enterprise.id, name: application.enterprise.name },
    bank: { code: application.bank.code, name: application.bank.name },
    product: application.product,
    amount: fenToYuan(Number(application.amountFen)),
    termMonths: application.termMonths,
    purpose: maskPersonalData(application.purpose),
    policyVersions: application.policyVersions,
    filedAt: application.createdAt.toISOString(),
    grade: application.grade,
    approvalLevel: application.approvalLevel,
    fileCompletedAt: iso(application.fileCompletedAt),
    decisionDueAt: iso(application.decisionDueAt),
    applicantTasks: applicantTasks.map((t) => ({
      kind: t.kind,
      dueAt: t.dueAt.toISOString(),
      ...(t.kind === 'INFORMATION' && informationDetail.safeParse(t.detail).data),
    })),
    assessments: application.assessments.map((a) => ({
      model: a.model,
      version: a.version,
      points: a.points,
      eligible: a.eligible,
      result: a.result,
    })),
    decisions: application.decisions.map((d) => ({
      stage: d.stage,
      outcome: d.outcome,
      amount: d.amountFen === null ? undefined : fenToYuan(Number(d.amountFen)),
      annualRate: d.annualRate?.toString(),
      termMonths: d.termMonths ?? undefined,
      repaymentMethod: d.repaymentMethod,
      conditions: masked(d.conditions),
      reasons: masked(d.reasons),
      actorId: d.actorId,
      actorRole: d.actorRole,
      level: d.level,
      policyVersion: d.policyVersion,
      decidedAt: d.decidedAt.toISOString(),
    })),
    offer: application.offer && {
      amount: fenToYuan(Number(application.offer.amountFen)),
      annualRate: application.offer.annualRate.toString(),
      termMonths: application.offer.termMonths,
      repaymentMethod: application.offer.repaymentMethod,
      conditions: masked(application.offer.conditions),
      validUntil: application.offer.validUntil.toISOString(),
      status: application.offer.status,
    },
    loan: application.loan,
    pledges: pledgesOf(application),
    guarantee: application.guarantee && guaranteeOf(application.guarantee),
    warrant: application.warrant,
    letters: application.letters.map((l) => ({ ...l, issuedAt: l.issuedAt.toISOString() })),
    history: trail.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorId: e.actorId,
      actorRole: e.actorRole,
      data: e.data,
    })),
  };
}
