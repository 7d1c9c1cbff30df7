import type { Clock } from '../platform/clock.ts';
import type { PollDefaults } from './api-context.ts';

export interface PollOptions {
  intervalMs?: number;
  /** Give up this long after the first read. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

/**
 * Reads until `done` holds, sleeping on the injected clock between reads, and calls `onTimeout`
 * when the next read would start after the deadline. The first read happens at once.
 */
export async function pollUntil<T>(
  clock: Clock,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  opts: PollOptions & { defaults: PollDefaults; onTimeout: (last: T, waitedMs: number) => Error },
): Promise<T> {
  const intervalMs = opts.intervalMs ?? opts.defaults.intervalMs;
  const timeoutMs = opts.timeoutMs ?? opts.defaults.timeoutMs;
  const start = clock.now();
  for (;;) {
    opts.signal?.throwIfAborted();
    const value = await read();
    if (done(value)) return value;
    const waited = clock.now() - start;
    if (waited + intervalMs > timeoutMs) throw opts.onTimeout(value, waited);
    await clock.sleep(intervalMs, opts.signal);
  }
}
