// The lifecycle of a credit application on the dedicated track (DOMAIN.md §2): the steps the
// workflow walks, the statuses the application's row shows, every event its trail records
// (and which of them move the status), and the tasks it hands to people.
import { defineLifecycle, type EventOf, type StatusOf, type TaskKindOf } from '../lifecycle.ts';

/** Before a decision: the applicant may still withdraw, and the bank may still ask. */
const undecided = [
  'SUBMITTED',
  'AWAITING_DOCUMENTS',
  'ASSESSING',
  'UNDER_REVIEW',
  'AWAITING_DECISION',
] as const;

export const creditApplication = defineLifecycle({
  entity: 'Application',
  steps: [
    'documents',
    'assessment',
    'review',
    'approval',
    'guarantee',
    'letter',
    'offer',
    'conditions',
    'contract',
    'registration',
    'disbursement',
    'closed',
  ],
  statuses: [
    ...undecided,
    'APPROVED',
    'REJECTED',
    'WITHDRAWN',
    'EXPIRED',
    'OFFER_DECLINED',
    'OFFER_EXPIRED',
    'CONTRACTED',
    'DISBURSED',
    'CANCELLED',
    'GUARANTEE_DECLINED',
  ],
  initial: 'SUBMITTED',
  closed: [
    'REJECTED',
    'WITHDRAWN',
    'EXPIRED',
    'OFFER_DECLINED',
    'OFFER_EXPIRED',
    'DISBURSED',
    'CANCELLED',
    'GUARANTEE_DECLINED',
  ],
  events: {
    filed: null,
    document_supplied: null,
    documents_task_opened: { from: ['SUBMITTED'], to: 'AWAITING_DOCUMENTS' },
    file_completed: { from: ['SUBMITTED', 'AWAITING_DOCUMENTS'], to: 'ASSESSING' },
    file_expired: { from: ['AWAITING_DOCUMENTS'], to: 'EXPIRED' },
    assessed: null,
    routed: null,
    review_task_opened: { from: ['ASSESSING'], to: 'UNDER_REVIEW' },
    reviewed: null,
    decision_task_opened: { from: ['UNDER_REVIEW', 'AWAITING_DECISION'], to: 'AWAITING_DECISION' },
    committee_task_opened: { from: ['UNDER_REVIEW', 'AWAITING_DECISION'], to: 'AWAITING_DECISION' },
    reminder_sent: null,
    escalated: null,
    information_requested: null,
    information_provided: null,
    information_lapsed: null,
    vote_cast: null,
    approved: { from: ['AWAITING_DECISION'], to: 'APPROVED' },
    rejected: { from: ['AWAITING_DECISION'], to: 'REJECTED' },
    withdrawn: { from: undecided, to: 'WITHDRAWN' },
    guarantee_declined: { from: ['APPROVED'], to: 'GUARANTEE_DECLINED' },
    letter_issued: null,
    letter_corrected: null,
    offer_made: null,
    offer_accepted: null,
    offer_declined: { from: ['APPROVED'], to: 'OFFER_DECLINED' },
    offer_expired: { from: ['APPROVED'], to: 'OFFER_EXPIRED' },
    conditions_met: null,
    contract_signed: { from: ['APPROVED'], to: 'CONTRACTED' },
    pledges_registered: null,
    collateral_problem: null,
    collateral_resolved: null,
    contract_cancelled: { from: ['CONTRACTED'], to: 'CANCELLED' },
    disbursed: { from: ['CONTRACTED'], to: 'DISBURSED' },
  },
  tasks: {
    DOCUMENTS: { role: 'APPLICANT' },
    REVIEW: { role: 'OFFICER' },
    DECISION: { role: 'APPROVER' },
    COMMITTEE: { role: 'COMMITTEE_MEMBER' },
    INFORMATION: { role: 'APPLICANT' },
    OFFER: { role: 'APPLICANT' },
    CONDITIONS: { role: 'OFFICER' },
    COLLATERAL: { role: 'OFFICER' },
  },
});

/**
 * The events a bank tells its customer of. The rest (routing, reviews, votes, reminders and
 * escalations) is the bank's internal working of the case.
 */
export const customerMilestones = [
  'filed',
  'document_supplied',
  'file_completed',
  'file_expired',
  'information_requested',
  'information_provided',
  'information_lapsed',
  'approved',
  'rejected',
  'withdrawn',
  'guarantee_declined',
  'letter_issued',
  'letter_corrected',
  'offer_made',
  'offer_accepted',
  'offer_declined',
  'offer_expired',
  'conditions_met',
  'contract_signed',
  'pledges_registered',
  'contract_cancelled',
  'disbursed',
] as const satisfies readonly (keyof typeof creditApplication.events)[];

export type ApplicationStep = (typeof creditApplication.steps)[number];
export type ApplicationStatus = StatusOf<typeof creditApplication>;
export type CreditEvent = EventOf<typeof creditApplication>;
export type CreditTaskKind = TaskKindOf<typeof creditApplication>;

/** What the read model knows that tells the step apart within a status. */
export interface StepFacts {
  status: ApplicationStatus;
  /** The application's open tasks. */
  tasks: readonly { kind: string }[];
  letters: readonly { kind: string }[];
  offer: { status: 'OPEN' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' } | null;
  /** A pledge loan's pledged rights; none for a credit loan. */
  pledges?: readonly { status: string }[];
  /** A guaranteed loan's guarantee. */
  guarantee?: { status: string } | null;
}

/**
 * The workflow's step, derived from the read model so lists need no workflow query. The
 * status names the phase; within APPROVED the open tasks and the offer tell the letter,
 * offer, conditions and contract steps apart (and a guarantee not yet decided its own step), within CONTRACTED the pledges tell
 * registration from disbursement, and a rejected application reaches `closed`
 * only once its decision letter is out.
 */
export function stepOf({
  status,
  tasks,
  letters,
  offer,
  pledges = [],
  guarantee,
}: StepFacts): ApplicationStep {
  const open = (kind: CreditTaskKind) => tasks.some((t) => t.kind === kind);
  switch (status) {
    case 'SUBMITTED':
    case 'AWAITING_DOCUMENTS':
      return 'documents';
    case 'ASSESSING':
      return 'assessment';
    case 'UNDER_REVIEW':
      return 'review';
    case 'AWAITING_DECISION':
      return 'approval';
    case 'APPROVED':
      if (guarantee && ['REQUESTED', 'UNDER_REVIEW'].includes(guarantee.status)) return 'guarantee';
      if (open('CONDITIONS')) return 'conditions';
      if (offer?.status === 'ACCEPTED') return 'contract';
      if (offer?.status === 'OPEN' || open('OFFER')) return 'offer';
      return 'letter';
    case 'REJECTED':
      return letters.some((l) => l.kind === 'rejection') ? 'closed' : 'letter';
    case 'CONTRACTED':
      return open('COLLATERAL') || pledges.some((p) => p.status !== 'REGISTERED')
        ? 'registration'
        : 'disbursement';
    default:
      return 'closed';
  }
}
