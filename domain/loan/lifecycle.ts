// The lifecycle of a disbursed loan (post-loan monitoring, DOMAIN.md §2): paid out, watched
// every day for days past due and early warnings, closed once nothing is owed.
import { defineLifecycle, type EventOf, type StatusOf } from '../lifecycle.ts';

export const loanLifecycle = defineLifecycle({
  entity: 'Loan',
  steps: ['contract', 'live', 'repaid'],
  statuses: ['CONTRACTED', 'LIVE', 'REPAID'],
  initial: 'CONTRACTED',
  closed: ['REPAID'],
  events: {
    paid_out: { from: ['CONTRACTED'], to: 'LIVE' },
    classified: null,
    repayment_recorded: null,
    early_warning: null,
    early_warning_resolved: null,
    repaid: { from: ['LIVE'], to: 'REPAID' },
  },
  tasks: {
    EARLY_WARNING: { role: 'OFFICER' },
  },
});

export type LoanStatus = StatusOf<typeof loanLifecycle>;
export type LoanEvent = EventOf<typeof loanLifecycle>;
