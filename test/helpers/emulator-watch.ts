import type { Emulator } from '../../emulator/index.ts';

/**
 * What the emulator saw, counted at its door: when each Platform API request arrived and how many
 * it refused with 503 (its rate limit; the tests that use this inject no faults).
 */
export interface EmulatorWatch {
  readonly arrivals: number[];
  refusals(): number;
  reset(): void;
}

/** Call before the emulator listens (Fastify takes hooks only until then). */
export function watchEmulator(emulator: Emulator): EmulatorWatch {
  let arrivals: number[] = [];
  let refused = 0;
  emulator.app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/__emulator')) arrivals.push(Date.now());
  });
  emulator.app.addHook('onResponse', async (_req, reply) => {
    if (reply.statusCode === 503) refused++;
  });
  return {
    get arrivals() {
      return arrivals;
    },
    refusals: () => refused,
    reset() {
      arrivals = [];
      refused = 0;
    },
  };
}

/** The most events in any half-open window of `windowMs` (times in ms, any order). */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - windowMs + 1) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * The most grants a limiter of `ratePerSecond` and `burst` may show in one second of observed
 * times while callers wait without pause: grants held back by a stall of s ms (the event loop's,
 * or answers late on a loaded machine, seen as the longest gap beyond one interval) come out
 * together, up to rate * s more, without any slot being given twice.
 */
export function allowedInWindow(times: readonly number[], ratePerSecond: number, burst: number, loopStallMs: number) {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
  const stallMs = Math.max(loopStallMs, gaps.length ? Math.max(...gaps) - 1000 / ratePerSecond : 0, 0);
  return burst + ratePerSecond + Math.ceil((ratePerSecond * stallMs) / 1000);
}
