// The lifecycle of a guarantee on a tech loan (DOMAIN.md §5): requested with the case, then
// either the guarantor's own diligence (an officer reviews, an approver decides: four eyes)
// or, under a batch framework agreement (见贷即保), approved by the bank's approval alone;
// counter-guarantees attach under their framework agreements; the contract puts it in force,
// and only then may the bank pay out. It ends released with the loan, or claimed on default.
import { defineLifecycle, type EventOf, type StatusOf, type TaskKindOf } from '../lifecycle.ts';

export const guaranteeLifecycle = defineLifecycle({
  entity: 'Guarantee',
  steps: ['diligence', 'decision', 'contract', 'in-force', 'ended'],
  statuses: [
    'REQUESTED',
    'UNDER_REVIEW',
    'APPROVED',
    'DECLINED',
    'IN_FORCE',
    'LAPSED',
    'RELEASED',
    'CLAIMED',
  ],
  initial: 'REQUESTED',
  closed: ['DECLINED', 'LAPSED', 'RELEASED', 'CLAIMED'],
  events: {
    requested: null,
    review_task_opened: { from: ['REQUESTED'], to: 'UNDER_REVIEW' },
    reviewed: null,
    approved: { from: ['UNDER_REVIEW'], to: 'APPROVED' },
    approved_under_framework: { from: ['REQUESTED'], to: 'APPROVED' },
    declined: { from: ['REQUESTED', 'UNDER_REVIEW', 'APPROVED'], to: 'DECLINED' },
    contracted: { from: ['APPROVED'], to: 'IN_FORCE' },
    lapsed: { from: ['REQUESTED', 'UNDER_REVIEW', 'APPROVED', 'IN_FORCE'], to: 'LAPSED' },
    released: { from: ['IN_FORCE'], to: 'RELEASED' },
    claimed: { from: ['IN_FORCE'], to: 'CLAIMED' },
  },
  tasks: {
    GUARANTEE_REVIEW: { role: 'GUARANTOR' },
    GUARANTEE_DECISION: { role: 'GUARANTEE_APPROVER' },
  },
});

export type GuaranteeStatus = StatusOf<typeof guaranteeLifecycle>;
export type GuaranteeEvent = EventOf<typeof guaranteeLifecycle>;
export type GuaranteeTaskKind = TaskKindOf<typeof guaranteeLifecycle>;

/** Guarantees that still hold headroom (the firm's balance, an agreement's quota): taken on and not ended. */
export const liveGuarantee: readonly GuaranteeStatus[] = ['APPROVED', 'IN_FORCE', 'CLAIMED'];

/** How the guarantor took the deal on: its own diligence, or a batch agreement with the bank. */
export type GuaranteeRoute = 'diligence' | 'batch';
