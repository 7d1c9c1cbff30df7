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
