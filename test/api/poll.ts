// Waiting on the API: ask again until the answer is the one expected or the deadline passes.
// The interval only paces the questions; no test waits a fixed time for something to happen.
import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** First pause between attempts (ms); it doubles up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** What is awaited, for the error message. */
  description?: string;
}

/**
 * Calls `probe` until `done(value)` holds and returns that value. After the deadline it
 * throws, naming what was awaited and the last value seen (or the last error thrown).
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  {
    timeoutMs = 20_000,
    intervalMs = 25,
    maxIntervalMs = 250,
    description = 'condition',
  }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = intervalMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen =
        last === undefined
          ? 'nothing'
          : 'value' in last
            ? JSON.stringify(last.value)?.slice(0, 2_000)
            : String(last.error);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last: ${seen}`);
    }
    await delay(Math.min(pause, Math.max(deadline - Date.now(), 0)));
    pause = Math.min(pause * 2, maxIntervalMs);
  }
}
