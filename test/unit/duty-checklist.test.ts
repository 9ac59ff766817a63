import { describe, expect, it } from 'vitest';
import type { DocumentChecklist } from '../../domain/credit/document-checklist.ts';
import {
  dutyChecklist,
  type ApplicationRecords,
  type Duty,
} from '../../domain/credit/duty-checklist.ts';

const applicant = 'a0000000-0000-4000-8000-000000000001';
const officer = 'a0000000-0000-4000-8000-000000000002';
const approver = 'a0000000-0000-4000-8000-000000000003';
const members = [1, 2, 3].map((i) => `b0000000-0000-4000-8000-00000000000${i}`);

const checklist: DocumentChecklist = {
  bankCode: '*',
  version: 'documents@test',
  effectiveFrom: '2026-01-01',
  items: [
    { id: 'business-licence', zh: '营业执照', en: 'Licence', products: ['credit'] },
    {
      id: 'credit-report-authorisation',
      zh: '征信查询授权书',
      en: 'Authorisation',
      products: ['credit'],
    },
  ],
};

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 2));
const event = (
  n: number,
  action: string,
  actor?: [string, string],
  entityType = 'Application',
) => ({
  at: day(n),
  entityType,
  action,
  actorId: actor?.[0] ?? null,
  actorRole: actor?.[1] ?? null,
  data: { action },
});

const approvalDecision = {
  stage: 'APPROVAL' as const,
  outcome: 'APPROVE' as const,
  actorId: approver,
  actorRole: 'APPROVER',
  level: 'BRANCH_APPROVER' as const,
  amountFen: 80_000_000,
  annualRate: '0.0385',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
  conditions: [],
  reasons: [],
  decidedAt: day(5),
};

/** A case run all the way to a monitored loan, every duty done. */
function disbursedCase(): ApplicationRecords {
  return {
    status: 'DISBURSED',
    product: 'credit',
    filedById: applicant,
    approvalLevel: 'SUB_BRANCH_APPROVER',
    policy: {
      scorecards: { 'tech-sme': '2017.1' },
      authority: 'authority@2026.1',
      documents: 'documents@test',
    },
    checklist,
    trail: [
      event(1, 'filed', [applicant, 'APPLICANT']),
      event(2, 'file_completed'),
      event(2, 'assessed'),
      event(5, 'approved', [approver, 'APPROVER']),
      event(6, 'offer_accepted', [applicant, 'APPLICANT']),
      event(7, 'contract_signed', [officer, 'OFFICER']),
      event(8, 'disbursed'),
      event(9, 'classified', undefined, 'Loan'),
    ],
    pledges: [],
    assessments: [{ model: 'tech-sme', version: '2017.1', points: 80, eligible: true }],
    decisions: [
      {
        ...approvalDecision,
        stage: 'REVIEW',
        actorId: officer,
        actorRole: 'OFFICER',
        level: null,
        decidedAt: day(3),
      },
      approvalDecision,
    ],
    votes: [],
    documents: ['business-licence', 'credit-report-authorisation'].map((type) => ({
      type,
      sha256: `${type}-hash`,
      uploadedById: applicant,
      uploadedAt: day(1),
    })),
    letters: ['zh', 'en'].map((language) => ({
      kind: 'approval',
      language,
      revision: 1,
      sha256: `${language}-hash`,
      issuedAt: day(5),
    })),
    loan: {
      contractNumber: 'C-1',
      workflowId: 'loan:1',
      monitoringStartedAt: day(8),
      disbursements: [{ tranche: 1, amountFen: 80_000_000, reference: 'FAKE-1', paidAt: day(8) }],
    },
  };
}

const dutyOf = (c: ApplicationRecords, duty: Duty) =>
  dutyChecklist(c).duties.find((d) => d.duty === duty)!;
const applicableOf = (c: ApplicationRecords) =>
  dutyChecklist(c)
    .duties.filter((d) => d.applicable)
    .map((d) => d.duty);
const withoutEvent = (c: ApplicationRecords, action: string) => ({
  ...c,
  trail: c.trail.filter((e) => e.action !== action),
});

describe('a case run through to the loan', () => {
  it('shows every duty done, who did it and when, and is complete', () => {
    const { duties, complete } = dutyChecklist(disbursedCase());
    expect(complete).toBe(true);
    expect(duties.filter((d) => d.applicable && !d.done)).toEqual([]);
    expect(duties.find((d) => d.duty === 'conditions-met')?.applicable).toBe(false);
    expect(dutyOf(disbursedCase(), 'officer-review')).toMatchObject({
      by: { userId: officer, role: 'OFFICER' },
      at: day(3).toISOString(),
      evidence: { recommendation: 'APPROVE', proposal: { amount: '800000.00' } },
    });
    expect(dutyOf(disbursedCase(), 'disbursement-paid').evidence).toEqual([
      { tranche: 1, amount: '800000.00', reference: 'FAKE-1' },
    ]);
    expect(dutyOf(disbursedCase(), 'decision-letter').evidence).toHaveLength(2);
  });

  it('names every duty in both languages', () => {
    for (const d of dutyChecklist(disbursedCase()).duties) {
      expect(d.zh).toMatch(/\p{Script=Han}/u);
      expect(d.en).toMatch(/^[A-Z]/);
    }
  });

  it('is incomplete while the loan is not yet monitored, then counts the loan workflow', () => {
    const unmonitored = withoutEvent(disbursedCase(), 'classified');
    expect(dutyOf(unmonitored, 'monitoring-started').at).toBe(day(8).toISOString());
    const neither = { ...unmonitored, loan: { ...unmonitored.loan!, monitoringStartedAt: null } };
    expect(dutyOf(neither, 'monitoring-started')).toMatchObject({ done: false, by: null });
    expect(dutyChecklist(neither).complete).toBe(false);
  });
});

describe('four eyes', () => {
  it('fails when the approver reviewed the case', () => {
    const c = disbursedCase();
    c.decisions[1] = { ...approvalDecision, actorId: officer };
    expect(dutyOf(c, 'four-eyes')).toMatchObject({
      done: false,
      evidence: { decidedBy: [officer] },
    });
    expect(dutyChecklist(c).complete).toBe(false);
  });

  it('fails when the reviewer filed the case', () => {
    const c = { ...disbursedCase(), filedById: officer };
    expect(dutyOf(c, 'four-eyes').done).toBe(false);
  });

  it('judges a committee decision by its voters, one of whom filed the case', () => {
    const c = disbursedCase();
    c.decisions[1] = {
      ...approvalDecision,
      actorId: null,
      actorRole: 'COMMITTEE_MEMBER',
      level: 'CREDIT_COMMITTEE',
    };
    c.votes = members.map((memberId) => ({
      memberId,
      choice: 'APPROVE',
      reasons: [],
      castAt: day(4),
    }));
    expect(dutyOf(c, 'four-eyes').done).toBe(true);
    expect(dutyOf(c, 'approval-at-level')).toMatchObject({
      done: true,
      by: { userId: null, role: 'COMMITTEE_MEMBER' },
      evidence: { decidedBy: members, matrix: 'authority@2026.1' },
    });
    c.filedById = members[2]!;
    expect(dutyOf(c, 'four-eyes').done).toBe(false);
  });
});

describe('evidence that falls short', () => {
  it('refuses an approval below the level the case was routed to', () => {
    const c = { ...disbursedCase(), approvalLevel: 'CREDIT_COMMITTEE' as const };
    expect(dutyOf(c, 'approval-at-level')).toMatchObject({
      done: false,
      evidence: { level: 'BRANCH_APPROVER', routedLevel: 'CREDIT_COMMITTEE' },
    });
  });

  it('refuses a file missing a document of the pinned checklist, naming it', () => {
    const c = disbursedCase();
    c.documents = c.documents.filter((d) => d.type !== 'credit-report-authorisation');
    expect(dutyOf(c, 'file-complete')).toMatchObject({
      done: false,
      evidence: { checklist: 'documents@test', missing: ['credit-report-authorisation'] },
    });
    expect(dutyOf(c, 'credit-report-authorisation').done).toBe(false);
  });

  it('refuses an assessment on another scorecard version than the one pinned', () => {
    const c = disbursedCase();
    c.assessments = [{ ...c.assessments[0]!, version: '2099.1' }];
    expect(dutyOf(c, 'assessment').done).toBe(false);
  });

  it('owes the conditions once the approval set any', () => {
    const c = disbursedCase();
    c.decisions[1] = { ...approvalDecision, conditions: ['办理知识产权质押登记'] };
    expect(dutyOf(c, 'conditions-met')).toMatchObject({ applicable: true, done: false });
    c.trail.push(event(6, 'conditions_met', [officer, 'OFFICER']));
    expect(dutyOf(c, 'conditions-met')).toMatchObject({
      done: true,
      by: { userId: officer, role: 'OFFICER' },
    });
    expect(dutyChecklist(c).complete).toBe(true);
  });
});

describe('what a case owes so far', () => {
  const beforeDecision = (): ApplicationRecords => ({
    ...disbursedCase(),
    status: 'AWAITING_DECISION',
    trail: disbursedCase().trail.slice(0, 3),
    decisions: disbursedCase().decisions.slice(0, 1),
    letters: [],
    loan: null,
  });

  it('owes only the duties up to its step, and is complete when those are done', () => {
    const c = beforeDecision();
    expect(applicableOf(c)).toEqual([
      'file-complete',
      'credit-report-authorisation',
      'assessment',
      'officer-review',
    ]);
    expect(dutyChecklist(c).complete).toBe(true);
    expect(dutyOf(c, 'approval-at-level')).toMatchObject({ done: false, by: null, at: null });
    expect(dutyChecklist({ ...c, decisions: [] }).complete).toBe(false);
  });

  it('owes a rejection its letter, and nothing after it', () => {
    const rejected: ApplicationRecords = {
      ...beforeDecision(),
      status: 'REJECTED',
      decisions: [
        ...beforeDecision().decisions,
        { ...approvalDecision, outcome: 'REJECT', amountFen: null, reasons: ['研发投入不足'] },
      ],
    };
    expect(applicableOf(rejected).at(-1)).toBe('decision-letter');
    expect(dutyChecklist(rejected).complete).toBe(false);
    const lettered = { ...rejected, letters: disbursedCase().letters };
    expect(dutyChecklist(lettered).complete).toBe(true);
  });

  it('owes a withdrawn case only what it had done', () => {
    const withdrawn: ApplicationRecords = {
      ...beforeDecision(),
      status: 'WITHDRAWN',
      decisions: [],
    };
    expect(applicableOf(withdrawn)).toEqual([
      'file-complete',
      'credit-report-authorisation',
      'assessment',
    ]);
    expect(dutyChecklist(withdrawn).complete).toBe(true);
  });
});

describe('a pledge loan', () => {
  const pledgeId = 'pledge-1';
  const pledged = (): ApplicationRecords => {
    const c = disbursedCase();
    return {
      ...c,
      product: 'ip-pledge',
      pledges: [{ id: pledgeId }],
      trail: [
        ...c.trail,
        { ...event(3, 'appraised', [officer, 'OFFICER'], 'Pledge'), data: { pledgeId } },
        event(8, 'status_checked', undefined, 'Pledge'),
        event(8, 'pledges_registered'),
      ],
    };
  };

  it('owes an appraisal of every right and the registration before the money', () => {
    expect(applicableOf(disbursedCase())).not.toContain('pledges-registered');
    expect(applicableOf(pledged())).toEqual(
      expect.arrayContaining(['collateral-appraised', 'pledges-registered']),
    );
    expect(dutyChecklist(pledged()).complete).toBe(true);
    expect(dutyOf(pledged(), 'collateral-appraised')).toMatchObject({
      done: true,
      by: { userId: officer, role: 'OFFICER' },
    });
  });

  it('is incomplete without the registration, or with a right never appraised', () => {
    expect(dutyChecklist(withoutEvent(pledged(), 'pledges_registered')).complete).toBe(false);
    const unappraised = { ...pledged(), pledges: [{ id: pledgeId }, { id: 'pledge-2' }] };
    expect(dutyOf(unappraised, 'collateral-appraised').done).toBe(false);
    expect(dutyChecklist(unappraised).complete).toBe(false);
  });
});
