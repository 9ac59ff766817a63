// A decided case written straight into the database: the rows the credit track leaves
// behind once the approver has decided, with a real assessment of the firm's indicators.
import { randomUUID } from 'node:crypto';
import { evaluate } from '../../domain/scorecards/registry.ts';
import type { Db } from '../../prisma/client.ts';
import { newUscc, strongIndicators } from '../support/fixtures.ts';

export interface DecidedCase {
  applicationId: string;
  reference: string;
  enterpriseId: string;
  enterpriseName: string;
}

/** A weak firm: too few S&T staff and too little R&D for the tech-SME evaluation. */
export const weakIndicators = {
  ...strongIndicators,
  stStaff: 8,
  rdExpense: '800000.00',
  ip: { classI: 0, classII: 1 },
};

export async function decidedCase(
  db: Db,
  outcome: 'approve' | 'reject',
  options: { preferredLanguage?: 'zh' | 'en'; decidedAt?: Date } = {},
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
  const indicators = outcome === 'approve' ? strongIndicators : weakIndicators;
  const enterpriseName = `武汉光谷${randomUUID().slice(0, 6)}科技有限公司`;
  const enterprise = await db.enterprise.create({
    data: {
      name: enterpriseName,
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators,
      preferredLanguage: options.preferredLanguage ?? 'zh',
      ownerId: applicant!.id,
    },
  });
  const id = randomUUID();
  const reference = `DG-20261127-${id.slice(0, 8).toUpperCase()}`;
  const policy = { creditTrack: 'credit-track@2026.1', scorecards: { 'tech-sme': '2017.1' } };
  await db.application.create({
    data: {
      id,
      reference,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product: 'credit',
      amountFen: 150_000_000n,
      termMonths: 24,
      purpose: '研发投入',
      workflowId: `credit-application:${id}`,
      policyVersions: policy,
      filedById: applicant!.id,
      status: outcome === 'approve' ? 'APPROVED' : 'REJECTED',
    },
  });
  const result = evaluate('tech-sme', '2017.1', indicators);
  await db.assessment.create({
    data: {
      enterpriseId: enterprise.id,
      applicationId: id,
      model: 'tech-sme',
      version: '2017.1',
      inputs: indicators,
      result: JSON.parse(JSON.stringify(result)),
      points: result.points,
      eligible: result.eligible,
    },
  });
  const decidedAt = options.decidedAt ?? new Date('2026-11-27T06:30:00Z');
  const common = { applicationId: id, policyVersion: policy.creditTrack };
  await db.decision.create({
    data: {
      ...common,
      stage: 'REVIEW',
      outcome: outcome === 'approve' ? 'APPROVE' : 'REJECT',
      reasons: outcome === 'approve' ? [] : ['科技人员占比不足'],
      actorId: officer!.id,
      actorRole: 'OFFICER',
      decidedAt: new Date(decidedAt.getTime() - 3_600_000),
    },
  });
  await db.decision.create({
    data:
      outcome === 'approve'
        ? {
            ...common,
            stage: 'APPROVAL',
            outcome: 'APPROVE',
            amountFen: 120_000_000n,
            annualRate: '0.0385',
            termMonths: 24,
            reasons: [],
            actorId: approver!.id,
            actorRole: 'APPROVER',
            decidedAt,
          }
        : {
            ...common,
            stage: 'APPROVAL',
            outcome: 'REJECT',
            reasons: ['科技人员占比低于10%', '研发投入强度不足'],
            actorId: approver!.id,
            actorRole: 'APPROVER',
            decidedAt,
          },
  });
  return { applicationId: id, reference, enterpriseId: enterprise.id, enterpriseName };
}
