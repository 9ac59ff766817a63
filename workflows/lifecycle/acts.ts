// How any process's workflow waits for people. A person acts through an update: its
// validator accepts the act, which the workflow keeps at once (so no second act gets past
// the validators) together with the recording of it. The process waits for the act, a
// deadline or a withdrawal, and branches on which came: none of them is an exception.
import { ApplicationFailure, condition } from '@temporalio/workflow';
import type { RefusalType } from '../../domain/contracts/shared.ts';

/** A person's act the workflow accepted, and the write that records it. */
export interface Act<T> {
  readonly input: T;
  readonly recorded: Promise<void>;
}

/** Accepts `input` and starts recording it; the update returns once `recorded` settles. */
export function accept<T>(input: T, record: () => Promise<unknown>): Act<T> {
  return { input, recorded: record().then(() => undefined) };
}

export type Waited<T> =
  { outcome: 'acted'; act: T } | { outcome: 'deadline' } | { outcome: 'withdrawn' };

/**
 * Waits until `act` gives a value, `until` passes (if given), or `withdrawn` holds, and says
 * which. A withdrawal wins over an act that came with it, so the withdrawal is never lost.
 */
export async function waitFor<T>(
  act: () => T | undefined,
  { until, withdrawn = () => false }: { until?: Date; withdrawn?: () => boolean } = {},
): Promise<Waited<T>> {
  const settled = () => withdrawn() || act() !== undefined;
  if (until) await condition(settled, msUntil(until));
  else await condition(settled);
  if (withdrawn()) return { outcome: 'withdrawn' };
  const value = act();
  return value === undefined ? { outcome: 'deadline' } : { outcome: 'acted', act: value };
}

/**
 * Waits for `act` however long it takes: a debt or a duty does not lapse. If `until` passes
 * first, `escalate` runs once (a flag for a person) and the wait goes on.
 */
export async function waitEscalating<T>(
  act: () => T | undefined,
  until: Date,
  escalate: () => Promise<unknown>,
): Promise<T> {
  if ((await waitFor(act, { until })).outcome === 'deadline') {
    await escalate();
    await condition(() => act() !== undefined);
  }
  return act()!;
}

/** Milliseconds from workflow time to `instant`; at least 1, since 0 would mean no timer. */
export const msUntil = (instant: Date) => Math.max(instant.getTime() - Date.now(), 1);

/** Refuses a person's act from an update validator: typed, so the API answers with its code. */
export function refuse(
  type: (typeof RefusalType)[keyof typeof RefusalType],
  message: string,
): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
