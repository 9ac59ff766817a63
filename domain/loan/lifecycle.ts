// The lifecycle of a disbursed loan (post-loan monitoring, DOMAIN.md §2): paid out, watched
// every day for days past due and early warnings, closed once nothing is owed; a pledge
// loan whose pledges could not be registered is cancelled before any money moves, and a
// defaulted one is closed by the disposal of its collateral.
import { defineLifecycle, type EventOf, type StatusOf } from '../lifecycle.ts';

export const loanLifecycle = defineLifecycle({
  entity: 'Loan',
  steps: ['contract', 'live', 'repaid', 'disposal'],
  statuses: ['CONTRACTED', 'LIVE', 'REPAID', 'CANCELLED', 'IN_DISPOSAL', 'DISPOSED'],
  initial: 'CONTRACTED',
  closed: ['REPAID', 'CANCELLED', 'DISPOSED'],
  events: {
    paid_out: { from: ['CONTRACTED'], to: 'LIVE' },
    cancelled: { from: ['CONTRACTED'], to: 'CANCELLED' },
    classified: null,
    repayment_recorded: null,
    early_warning: null,
    early_warning_resolved: null,
    repaid: { from: ['LIVE'], to: 'REPAID' },
    collateral_checked: null,
    top_up_requested: null,
    top_up_met: null,
    pledges_released: null,
    disposal_opened: { from: ['LIVE'], to: 'IN_DISPOSAL' },
    proceeds_applied: null,
    disposal_closed: { from: ['IN_DISPOSAL'], to: 'DISPOSED' },
  },
  tasks: {
    EARLY_WARNING: { role: 'OFFICER' },
    TOP_UP: { role: 'APPLICANT' },
  },
});

export type LoanStatus = StatusOf<typeof loanLifecycle>;
export type LoanEvent = EventOf<typeof loanLifecycle>;
