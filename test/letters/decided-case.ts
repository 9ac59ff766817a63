// Cases written straight into the database: the rows the credit track leaves behind at each
// step a letter reads (a filed case, a decision, a request for information, an offer, a
// loan), with a real assessment of the firm's indicators.
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { randomUUID } from 'node:crypto';
import { repaymentSchedule, type RepaymentSchedule } from '../../domain/loan/repayment-schedule.ts';
import { evaluate } from '../../domain/scorecards/catalogue.ts';
import type { ApplicationStatus, Db } from '../../prisma/client.ts';
import { insertApplication } from '../support/application-rows.ts';
import { strongIndicators } from '../support/fixtures.ts';

export interface DecidedCase {
  applicationId: string;
  reference: string;
  enterpriseId: string;
  enterpriseName: string;
  bankId: string;
  officerId: string;
  approverId: string;
}

/** A weak firm: too few S&T staff and too little R&D for the tech-SME evaluation. */
export const weakIndicators = {
  ...strongIndicators,
  stStaff: 8,
  rdExpense: '800000.00',
  ip: { classI: 0, classII: 1 },
};

const policy = { creditTrack: 'credit-track@2026.1', scorecards: { 'tech-sme': '2017.1' } };

/** A case filed with demo-bank and assessed, in `status`, with no decision yet. */
export async function filedCase(
  db: Db,
  options: {
    status: ApplicationStatus;
    indicators?: typeof strongIndicators;
    preferredLanguage?: 'zh' | 'en';
  },
): Promise<DecidedCase> {
  const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
  const [applicant, officer, approver] = await Promise.all(
    [
      { displayName: '陈小芳', roles: ['APPLICANT' as const] },
      { displayName: '李明华', roles: ['OFFICER' as const], institutionId: bank.id },
      { displayName: '王建国', roles: ['APPROVER' as const], institutionId: bank.id },
    ].map((user) =>
      db.user.create({ data: { ...user, username: `user-${randomUUID().slice(0, 8)}` } }),
    ),
  );
  const indicators = options.indicators ?? strongIndicators;
  const { id, reference, enterpriseId, enterpriseName } = await insertApplication(db, {
    ownerId: applicant!.id,
    status: options.status,
    indicators,
    preferredLanguage: options.preferredLanguage,
    policyVersions: policy,
  });
  const result = evaluate('tech-sme', '2017.1', indicators);
  await db.assessment.create({
    data: {
      enterpriseId,
      applicationId: id,
      model: 'tech-sme',
      version: '2017.1',
      inputs: indicators,
      result: JSON.parse(JSON.stringify(result)),
      points: result.points,
      eligible: result.eligible,
    },
  });
  return {
    applicationId: id,
    reference,
    enterpriseId,
    enterpriseName,
    bankId: bank.id,
    officerId: officer!.id,
    approverId: approver!.id,
  };
}

/** The officer's recommendation, an hour before `decidedAt`. */
export async function reviewed(
  db: Db,
  c: DecidedCase,
  outcome: 'approve' | 'reject',
  decidedAt: Date,
) {
  await db.decision.create({
    data: {
      applicationId: c.applicationId,
      policyVersion: policy.creditTrack,
      stage: 'REVIEW',
      outcome: outcome === 'approve' ? 'APPROVE' : 'REJECT',
      reasons: outcome === 'approve' ? [] : ['科技人员占比不足'],
      actorId: c.officerId,
      actorRole: 'OFFICER',
      decidedAt: new Date(decidedAt.getTime() - 3_600_000),
    },
  });
}

export async function decidedCase(
  db: Db,
  outcome: 'approve' | 'reject',
  options: {
    preferredLanguage?: 'zh' | 'en';
    decidedAt?: Date;
    /** Conditions precedent the approval sets; any makes it conditional. */
    conditions?: string[];
    /** The credit committee decided, as a body: no single person is the decider. */
    byCommittee?: boolean;
  } = {},
): Promise<DecidedCase> {
  const c = await filedCase(db, {
    status: outcome === 'approve' ? 'APPROVED' : 'REJECTED',
    indicators: outcome === 'approve' ? strongIndicators : weakIndicators,
    preferredLanguage: options.preferredLanguage,
  });
  const decidedAt = options.decidedAt ?? new Date('2026-11-27T06:30:00Z');
  await reviewed(db, c, outcome, decidedAt);
  const decider = options.byCommittee
    ? { actorId: null, actorRole: 'COMMITTEE_MEMBER' as const }
    : { actorId: c.approverId, actorRole: 'APPROVER' as const };
  const common = {
    applicationId: c.applicationId,
    policyVersion: policy.creditTrack,
    stage: 'APPROVAL' as const,
    ...decider,
    decidedAt,
  };
  await db.decision.create({
    data:
      outcome === 'approve'
        ? {
            ...common,
            outcome: 'APPROVE',
            amountFen: 120_000_000n,
            annualRate: '0.0385',
            termMonths: 24,
            repaymentMethod: 'equal-principal',
            conditions: options.conditions ?? [],
            reasons: [],
          }
        : {
            ...common,
            outcome: 'REJECT',
            reasons: ['科技人员占比低于10%', '研发投入强度不足'],
          },
  });
  return c;
}

/** Round `round` of the requests for information: the applicant's task, as the workflow opens it. */
export async function informationTask(
  db: Db,
  c: DecidedCase,
  request: { round: number; questions: string[]; createdAt: Date; dueAt: Date },
) {
  const { round, questions, createdAt, dueAt } = request;
  await db.task.create({
    data: {
      key: creditApplication.taskKey(c.applicationId, 'INFORMATION', round),
      applicationId: c.applicationId,
      institutionId: c.bankId,
      kind: 'INFORMATION',
      role: 'APPLICANT',
      detail: { round, questions },
      createdAt,
      dueAt,
    },
  });
}

/** The documents task of an incomplete file, closed when the file expired. */
export async function documentsTask(
  db: Db,
  c: DecidedCase,
  task: { missing: Array<{ id: string; zh: string; en: string }>; dueAt: Date; closedAt?: Date },
) {
  await db.task.create({
    data: {
      key: creditApplication.taskKey(c.applicationId, 'DOCUMENTS'),
      applicationId: c.applicationId,
      institutionId: c.bankId,
      kind: 'DOCUMENTS',
      role: 'APPLICANT',
      detail: { missing: task.missing },
      status: task.closedAt ? 'CANCELLED' : 'OPEN',
      createdAt: new Date(task.dueAt.getTime() - 14 * 86_400_000),
      dueAt: task.dueAt,
      completedAt: task.closedAt,
    },
  });
}

/** The offer made on the approved terms. */
export async function offer(
  db: Db,
  c: DecidedCase,
  made: { issuedAt: Date; validUntil: Date; status: 'OPEN' | 'EXPIRED' },
) {
  await db.offer.create({
    data: {
      applicationId: c.applicationId,
      amountFen: 120_000_000n,
      annualRate: '0.0385',
      termMonths: 24,
      repaymentMethod: 'equal-principal',
      conditions: [],
      ...made,
    },
  });
}

/** The disbursed loan of an approved case, with its schedule fixed. */
export async function disbursedLoan(db: Db, c: DecidedCase): Promise<RepaymentSchedule> {
  const schedule = repaymentSchedule({
    method: 'equal-principal',
    principalFen: 120_000_000,
    annualRate: '0.0385',
    termMonths: 24,
    firstDueDate: '2027-01-10',
    dayCount: 'ACT/360',
    dueDateRule: 'unadjusted',
  });
  await db.loan.create({
    data: {
      contractNumber: `DG-LN-${c.applicationId.slice(0, 8)}`,
      applicationId: c.applicationId,
      bankId: c.bankId,
      amountFen: 120_000_000n,
      annualRate: '0.0385',
      termMonths: 24,
      repaymentMethod: 'equal-principal',
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
      conditions: [],
      status: 'LIVE',
      signedAt: new Date('2026-12-08T02:00:00Z'),
      signedById: c.officerId,
      disbursedOn: new Date('2026-12-10'),
      schedule: JSON.parse(JSON.stringify(schedule.rows)),
      classificationPolicy: 'classification@2026.1',
      workflowId: `loan:${c.applicationId}`,
    },
  });
  return schedule;
}
