// The lifecycle of a claim on a guarantee (DOMAIN.md §5; rules 19, 22): filed by the bank once
// the loan is far enough past due; the guarantor pays the bank its share within its deadline;
// then the re-guarantor and the national fund pay the guarantor theirs, and the pool decides
// the guarantor's claim on it; settled once every payment is made. Each payment is a task of
// the institution that owes it; a deadline passed is escalated, never forgotten.
import { defineLifecycle, type EventOf, type StatusOf, type TaskKindOf } from '../lifecycle.ts';

export const claimLifecycle = defineLifecycle({
  entity: 'GuaranteeClaim',
  steps: ['guarantor', 'counter-guarantees', 'settled'],
  statuses: ['FILED', 'GUARANTOR_PAID', 'SETTLED'],
  initial: 'FILED',
  closed: ['SETTLED'],
  events: {
    filed: null,
    payment_requested: null,
    payment_overdue: null,
    paid: null,
    guarantor_paid: { from: ['FILED'], to: 'GUARANTOR_PAID' },
    pool_claim_filed: null,
    pool_suspended: null,
    pool_decided: null,
    settled: { from: ['GUARANTOR_PAID'], to: 'SETTLED' },
    recovery_recorded: null,
  },
  tasks: {
    CLAIM_PAYMENT: { role: 'GUARANTOR' },
    POOL_DECISION: { role: 'POOL_MANAGER' },
  },
});

export type ClaimStatus = StatusOf<typeof claimLifecycle>;
export type ClaimEvent = EventOf<typeof claimLifecycle>;
export type ClaimTaskKind = TaskKindOf<typeof claimLifecycle>;
