// The lifecycle of an equity round (DOMAIN.md §4): open for commitments until its deadline;
// closed once the minimum is committed and the firm confirms the closing conditions, which
// issues the units; lapsed at the deadline otherwise, which releases every commitment. After
// a closing, each investor in a tax-qualified start-up is told, 24 months on, that 70% of its
// investment is deductible (rule 25).
import { defineLifecycle, type StatusOf } from '../lifecycle.ts';

export const roundLifecycle = defineLifecycle({
  entity: 'EquityRound',
  steps: ['open', 'closed'],
  statuses: ['OPEN', 'CLOSED', 'LAPSED'],
  initial: 'OPEN',
  closed: ['CLOSED', 'LAPSED'],
  events: {
    opened: null,
    committed: null,
    conditions_confirmed: null,
    closed: { from: ['OPEN'], to: 'CLOSED' },
    lapsed: { from: ['OPEN'], to: 'LAPSED' },
    deduction_available: null,
  },
  tasks: {},
});

export type RoundStatus = StatusOf<typeof roundLifecycle>;
