// The lifecycle of a warrant attached to a loan's approval: granted, then exercised by the
// affiliate within its window (units issued on the cap table) or expired at the end of its
// life. Each ending is told to the firm by letter.
import { defineLifecycle, type StatusOf } from '../lifecycle.ts';

export const warrantLifecycle = defineLifecycle({
  entity: 'Warrant',
  steps: ['granted', 'ended'],
  statuses: ['GRANTED', 'EXERCISED', 'EXPIRED'],
  initial: 'GRANTED',
  closed: ['EXERCISED', 'EXPIRED'],
  events: {
    granted: null,
    exercised: { from: ['GRANTED'], to: 'EXERCISED' },
    expired: { from: ['GRANTED'], to: 'EXPIRED' },
  },
  tasks: {},
});

export type WarrantStatus = StatusOf<typeof warrantLifecycle>;
