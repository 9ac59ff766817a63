// The lifecycles of the guidance fund's side (DOMAIN.md §6; rules 26, 27). A sub-fund has no
// status to move: it lives as long as its fund, and what happens to it is a record of events
// (its commitments checked against the stake rule, its investments tracked, its reports due,
// filed or overdue) with two kinds of task for the guidance fund: a report awaited from the
// sub-fund's manager, and an early-stage share fallen below what the terms require. A
// buy-back of the fund's stake is asked, approved or declined by the fund, paid and settled.
import { defineLifecycle, type EventOf, type StatusOf, type TaskKindOf } from '../lifecycle.ts';

export const subFundLifecycle = defineLifecycle({
  entity: 'SubFund',
  steps: ['investing'],
  statuses: ['ACTIVE'],
  initial: 'ACTIVE',
  closed: [],
  events: {
    created: null,
    commitment_changed: null,
    investment_recorded: null,
    investment_event_recorded: null,
    write_off_exception: null,
    seed_share_below: null,
    seed_share_restored: null,
    report_due: null,
    report_filed: null,
    report_overdue: null,
  },
  tasks: {
    REPORT: { role: 'FUND_MANAGER' },
    SEED_SHARE: { role: 'FUND_MANAGER' },
  },
});

export type SubFundEvent = EventOf<typeof subFundLifecycle>;

export const buybackLifecycle = defineLifecycle({
  entity: 'Buyback',
  steps: ['approval', 'payment', 'settled'],
  statuses: ['REQUESTED', 'APPROVED', 'DECLINED', 'SETTLED'],
  initial: 'REQUESTED',
  closed: ['DECLINED', 'SETTLED'],
  events: {
    requested: null,
    approved: { from: ['REQUESTED'], to: 'APPROVED' },
    declined: { from: ['REQUESTED'], to: 'DECLINED' },
    overdue: null,
    settled: { from: ['APPROVED'], to: 'SETTLED' },
  },
  tasks: {
    BUYBACK_APPROVAL: { role: 'FUND_MANAGER' },
    BUYBACK_PAYMENT: { role: 'FUND_MANAGER' },
  },
});

export type BuybackStatus = StatusOf<typeof buybackLifecycle>;
export type BuybackTaskKind = TaskKindOf<typeof buybackLifecycle>;
