// The lifecycle of one pledged right (DOMAIN.md §3.4–§3.5, §4): named at filing, appraised,
// filed with its registry, registered (the pledge exists from then, rule 16) or rejected,
// and released once the loan no longer needs it, or disposed of when the loan defaults; a
// right never registered is withdrawn when its case ends. Each filing is its own workflow; the case and the loan read the status.
import { defineLifecycle, type EventOf, type StatusOf } from '../lifecycle.ts';

export const pledgeLifecycle = defineLifecycle({
  entity: 'Pledge',
  steps: ['appraisal', 'registration', 'held', 'release', 'ended'],
  statuses: [
    'PROPOSED',
    'FILED',
    'REGISTERED',
    'REJECTED',
    'RELEASE_FILED',
    'RELEASED',
    'WITHDRAWN',
    'DISPOSED',
  ],
  initial: 'PROPOSED',
  closed: ['RELEASED', 'WITHDRAWN', 'DISPOSED'],
  events: {
    named: null,
    appraised: null,
    registration_filed: { from: ['PROPOSED', 'REJECTED'], to: 'FILED' },
    filing_overdue: null,
    registered: { from: ['FILED'], to: 'REGISTERED' },
    registration_rejected: { from: ['FILED'], to: 'REJECTED' },
    status_checked: null,
    release_filed: { from: ['REGISTERED'], to: 'RELEASE_FILED' },
    released: { from: ['RELEASE_FILED'], to: 'RELEASED' },
    withdrawn: { from: ['PROPOSED', 'REJECTED'], to: 'WITHDRAWN' },
    disposed: { from: ['REGISTERED'], to: 'DISPOSED' },
  },
  tasks: {
    FILING_OVERDUE: { role: 'OFFICER' },
  },
});

export type PledgeStatus = StatusOf<typeof pledgeLifecycle>;
export type PledgeEvent = EventOf<typeof pledgeLifecycle>;

/** What a filing with the registry does: create the pledge, or cancel it. */
export type FilingKind = 'registration' | 'release';
