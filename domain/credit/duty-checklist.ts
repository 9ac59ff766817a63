// The due-diligence exemption (尽职免责, DOMAIN.md §2): a loss is flagged exempt when its
// application shows every duty done — who did what, when, with which evidence. This builds that
// list from an application's records; it decides nothing the records do not show.
import { approvalLevels, type ApprovalLevel } from './authority-matrix.ts';
import { missingDocuments, type DocumentChecklist } from './document-checklist.ts';
import { fenToYuan } from '../money.ts';
import { loanLifecycle, type LoanEvent } from '../loan/lifecycle.ts';
import {
  creditApplication,
  type ApplicationStatus,
  type ApplicationStep,
  type CreditEvent,
} from './lifecycle.ts';
import { loanProducts } from './products.ts';
import { pledgeLifecycle, type PledgeEvent } from '../pledge/lifecycle.ts';

/** A duty belongs to the step of the application's lifecycle that must do it. */
const steps = creditApplication.steps;

const duties = [
  { duty: 'file-complete', step: 'documents', zh: '申请资料齐全', en: 'Complete file' },
  {
    duty: 'credit-report-authorisation',
    step: 'documents',
    zh: '征信查询授权',
    en: 'Credit-report authorisation on file',
  },
  { duty: 'assessment', step: 'assessment', zh: '评分评级', en: 'Scorecard assessment' },
  {
    duty: 'collateral-appraised',
    step: 'review',
    zh: '押品价值评估',
    en: 'Pledged rights appraised',
  },
  { duty: 'officer-review', step: 'review', zh: '尽职调查与审查', en: 'Officer review' },
  { duty: 'four-eyes', step: 'approval', zh: '审贷分离', en: 'Four eyes' },
  { duty: 'approval-at-level', step: 'approval', zh: '按权限审批', en: 'Approval at level' },
  { duty: 'decision-letter', step: 'letter', zh: '出具审批决定书', en: 'Decision letter' },
  { duty: 'offer-accepted', step: 'offer', zh: '借款人接受要约', en: 'Offer accepted' },
  { duty: 'conditions-met', step: 'conditions', zh: '落实前提条件', en: 'Conditions met' },
  { duty: 'contract-signed', step: 'contract', zh: '签订借款合同', en: 'Contract signed' },
  {
    duty: 'pledges-registered',
    step: 'registration',
    zh: '质押登记及放款前权利复核',
    en: 'Pledges registered, rights re-checked before the money',
  },
  { duty: 'disbursement-paid', step: 'disbursement', zh: '放款', en: 'Disbursement paid' },
  { duty: 'monitoring-started', step: 'disbursement', zh: '贷后监测', en: 'Post-loan monitoring' },
] as const satisfies readonly { duty: string; step: ApplicationStep; zh: string; en: string }[];
export type Duty = (typeof duties)[number]['duty'];

/** Duties only a pledge loan owes. */
const pledgeDuties: readonly Duty[] = ['collateral-appraised', 'pledges-registered'];

/**
 * How far an application in each status must have got. An ended application owes the duties
 * of its end: a rejection or a refused offer the letter, a loan its payment and monitoring.
 * A withdrawn or expired application owes only what it had done.
 */
const reachOfStatus: Partial<Record<ApplicationStatus, ApplicationStep>> = {
  ASSESSING: 'documents',
  UNDER_REVIEW: 'assessment',
  AWAITING_DECISION: 'review',
  APPROVED: 'approval',
  REJECTED: 'letter',
  OFFER_DECLINED: 'letter',
  OFFER_EXPIRED: 'letter',
  CONTRACTED: 'contract',
  CANCELLED: 'contract',
  DISBURSED: 'disbursement',
};

export interface TrailEntry {
  at: Date;
  entityType: string;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  data: unknown;
}

export interface ApplicationRecords {
  status: ApplicationStatus;
  product: string;
  filedById: string;
  /** The level the application was routed (or escalated) to. */
  approvalLevel: ApprovalLevel | null;
  policy: { scorecards?: Record<string, string>; authority?: string; documents?: string };
  /** The pinned checklist, if its version is known. */
  checklist: DocumentChecklist | undefined;
  /** The application's, its pledges' and its loan's audit events, oldest first. */
  trail: TrailEntry[];
  /** A pledge loan's pledged rights; none for a credit loan. */
  pledges: { id: string }[];
  assessments: { model: string; version: string; points: number | null; eligible: boolean }[];
  decisions: {
    stage: 'REVIEW' | 'APPROVAL';
    outcome: 'APPROVE' | 'REJECT';
    actorId: string | null;
    actorRole: string;
    level: ApprovalLevel | null;
    amountFen: number | null;
    annualRate: string | null;
    termMonths: number | null;
    repaymentMethod: string | null;
    conditions: string[];
    reasons: string[];
    decidedAt: Date;
  }[];
  votes: { memberId: string; choice: 'APPROVE' | 'REJECT'; reasons: string[]; castAt: Date }[];
  documents: { type: string; sha256: string; uploadedById: string; uploadedAt: Date }[];
  letters: { kind: string; language: string; revision: number; sha256: string; issuedAt: Date }[];
  loan: {
    contractNumber: string;
    workflowId: string;
    /** When the loan's monitoring workflow started, if it has. */
    monitoringStartedAt: Date | null;
    disbursements: { tranche: number; amountFen: number; reference: string; paidAt: Date }[];
  } | null;
}

export interface DutyRecord {
  duty: Duty;
  zh: string;
  en: string;
  /** Whether the application, given where it stands or how it ended, owes this duty. */
  applicable: boolean;
  done: boolean;
  /** Who did it; role SYSTEM for the platform's own acts. */
  by: { userId: string | null; role: string } | null;
  at: string | null;
  evidence: unknown;
}

interface Finding {
  done: boolean;
  by?: DutyRecord['by'];
  at?: Date | null;
  evidence: unknown;
}

const decisionLetterKinds = ['approval', 'conditional_approval', 'rejection'];
const system = { userId: null, role: 'SYSTEM' };

const actorOf = (e: TrailEntry) =>
  e.actorId || e.actorRole ? { userId: e.actorId, role: e.actorRole ?? 'SYSTEM' } : system;

/** The first event of `action`, as a finding with the event's actor and data. */
function fromTrail(records: ApplicationRecords, action: CreditEvent, evidence?: unknown): Finding {
  const event = records.trail.find(
    (e) => e.entityType === creditApplication.entity && e.action === action,
  );
  if (!event) return { done: false, evidence: evidence ?? null };
  return { done: true, by: actorOf(event), at: event.at, evidence: evidence ?? event.data };
}

const yuan = (fen: number | null) => (fen === null ? null : fenToYuan(fen));

function findings(records: ApplicationRecords): Record<Duty, Finding> {
  const review = records.decisions.find((d) => d.stage === 'REVIEW');
  const approval = records.decisions.find((d) => d.stage === 'APPROVAL');
  const deciders = approval?.actorId ? [approval.actorId] : records.votes.map((v) => v.memberId);
  const documents = records.documents.map((d) => ({ type: d.type, sha256: d.sha256 }));
  const product = loanProducts.find((p) => p === records.product);
  const missing =
    records.checklist && product
      ? missingDocuments(
          records.checklist,
          product,
          documents.map((d) => d.type),
        ).map((i) => i.id)
      : null;
  const authorisation = records.documents.find((d) => d.type === 'credit-report-authorisation');
  const pinned = Object.entries(records.policy.scorecards ?? {});
  const scored = pinned.every(([model, version]) =>
    records.assessments.some((a) => a.model === model && a.version === version),
  );
  const covers = (level: ApprovalLevel | null) =>
    level !== null &&
    (records.approvalLevel === null ||
      approvalLevels.indexOf(level) >= approvalLevels.indexOf(records.approvalLevel));
  const letters = records.letters.filter((l) => decisionLetterKinds.includes(l.kind));
  const paid = records.loan?.disbursements ?? [];
  const classified = records.trail.find(
    (e) => e.entityType === loanLifecycle.entity && e.action === ('classified' satisfies LoanEvent),
  );
  const monitoredFrom = classified?.at ?? records.loan?.monitoringStartedAt ?? null;
  const ofPledges = (action: PledgeEvent) =>
    records.trail.filter((e) => e.entityType === pledgeLifecycle.entity && e.action === action);
  const appraisals = ofPledges('appraised');
  const lastAppraisal = appraisals.at(-1);
  const appraisedIds = new Set(appraisals.map((e) => (e.data as { pledgeId?: string }).pledgeId));
  const registered = fromTrail(records, 'pledges_registered');
  const filedFile = fromTrail(records, 'file_completed');
  const assessed = fromTrail(records, 'assessed');

  return {
    'file-complete': {
      ...filedFile,
      done: filedFile.done && missing?.length === 0,
      evidence: { checklist: records.policy.documents ?? null, documents, missing },
    },
    'credit-report-authorisation': authorisation
      ? {
          done: true,
          by: { userId: authorisation.uploadedById, role: 'APPLICANT' },
          at: authorisation.uploadedAt,
          evidence: { sha256: authorisation.sha256 },
        }
      : { done: false, evidence: null },
    assessment: {
      ...assessed,
      done: assessed.done && scored,
      evidence: { pinned: records.policy.scorecards ?? {}, assessments: records.assessments },
    },
    'collateral-appraised': {
      done: records.pledges.length > 0 && records.pledges.every((p) => appraisedIds.has(p.id)),
      by: lastAppraisal ? actorOf(lastAppraisal) : null,
      at: lastAppraisal?.at,
      evidence: appraisals.map((e) => e.data),
    },
    'officer-review': review
      ? {
          done: true,
          by: { userId: review.actorId, role: review.actorRole },
          at: review.decidedAt,
          evidence: {
            recommendation: review.outcome,
            reasons: review.reasons,
            proposal:
              review.amountFen === null
                ? null
                : {
                    amount: yuan(review.amountFen),
                    annualRate: review.annualRate,
                    termMonths: review.termMonths,
                    repaymentMethod: review.repaymentMethod,
                    conditions: review.conditions,
                  },
          },
        }
      : { done: false, evidence: null },
    'four-eyes': {
      // Computed, not recorded: whoever filed or reviewed never decided, and the reviewer
      // did not review their own filing.
      done:
        approval !== undefined &&
        review !== undefined &&
        deciders.length > 0 &&
        review.actorId !== records.filedById &&
        deciders.every((id) => id !== records.filedById && id !== review.actorId),
      by: approval ? system : null,
      at: approval?.decidedAt,
      evidence: {
        filedBy: records.filedById,
        reviewedBy: review?.actorId ?? null,
        decidedBy: deciders,
      },
    },
    'approval-at-level': approval
      ? {
          done: covers(approval.level),
          by: { userId: approval.actorId, role: approval.actorRole },
          at: approval.decidedAt,
          evidence: {
            outcome: approval.outcome,
            level: approval.level,
            routedLevel: records.approvalLevel,
            matrix: records.policy.authority ?? null,
            decidedBy: deciders,
            votes: records.votes.map((v) => ({
              memberId: v.memberId,
              choice: v.choice,
              reasons: v.reasons,
              castAt: v.castAt.toISOString(),
            })),
          },
        }
      : { done: false, evidence: null },
    'decision-letter':
      letters.length > 0
        ? {
            done: true,
            by: system,
            at: letters[0]!.issuedAt,
            evidence: letters.map((l) => ({ ...l, issuedAt: l.issuedAt.toISOString() })),
          }
        : { done: false, evidence: [] },
    'offer-accepted': fromTrail(records, 'offer_accepted'),
    'conditions-met': fromTrail(records, 'conditions_met'),
    'contract-signed': fromTrail(records, 'contract_signed', {
      contractNumber: records.loan?.contractNumber ?? null,
    }),
    'pledges-registered': {
      ...registered,
      evidence: {
        registrations: registered.evidence,
        checks: ofPledges('status_checked').map((e) => ({
          at: e.at.toISOString(),
          ...Object(e.data),
        })),
      },
    },
    'disbursement-paid':
      paid.length > 0
        ? {
            done: true,
            by: fromTrail(records, 'disbursed').by ?? system,
            at: paid[0]!.paidAt,
            evidence: paid.map((p) => ({
              tranche: p.tranche,
              amount: yuan(p.amountFen),
              reference: p.reference,
            })),
          }
        : { done: false, evidence: [] },
    'monitoring-started': {
      done: monitoredFrom !== null,
      by: monitoredFrom ? system : null,
      at: monitoredFrom,
      evidence: {
        loanWorkflowId: records.loan?.workflowId ?? null,
        firstClassification: classified?.data ?? null,
      },
    },
  };
}

export function dutyChecklist(records: ApplicationRecords): {
  duties: DutyRecord[];
  complete: boolean;
} {
  const found = findings(records);
  const reachedByStatus = reachOfStatus[records.status];
  const furthestDone = Math.max(
    -1,
    ...duties.filter((d) => found[d.duty].done).map((d) => steps.indexOf(d.step)),
  );
  const reach = Math.max(reachedByStatus ? steps.indexOf(reachedByStatus) : -1, furthestDone);
  const pledged = records.pledges.length > 0;
  const conditional = records.decisions.some(
    (d) => d.stage === 'APPROVAL' && d.conditions.length > 0,
  );
  const checklist = duties.map(({ duty, step, zh, en }): DutyRecord => {
    const { done, by, at, evidence } = found[duty];
    return {
      duty,
      zh,
      en,
      applicable:
        steps.indexOf(step) <= reach &&
        (duty !== 'conditions-met' || conditional) &&
        (!pledgeDuties.includes(duty) || pledged),
      done,
      by: done ? (by ?? null) : null,
      at: done && at ? at.toISOString() : null,
      evidence,
    };
  });
  return { duties: checklist, complete: checklist.every((d) => !d.applicable || d.done) };
}
