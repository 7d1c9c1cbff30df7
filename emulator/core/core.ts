import type { EmulatorState } from '../state/state-types.ts';
import type { QueryCursors } from '../query/query-cursors.ts';
import type { FaultRegistry } from './faults.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RuntimeSettings } from './settings.ts';

/** Everything a request handler may touch. One per emulator instance. */
export interface EmulatorCore {
  state: EmulatorState;
  settings: RuntimeSettings;
  faults: FaultRegistry;
  rateLimiter: RateLimiter;
  cursors: QueryCursors;
  counters: Map<string, number>;
  now: () => number;
  /** Called after every mutation; schedules a state-file write when persisting. */
  markDirty: () => void;
  /** Unexpected handler errors (bugs); the client gets a generic 500. */
  logError: (err: unknown) => void;
}

export function count(core: EmulatorCore, operation: string): void {
  core.counters.set(operation, (core.counters.get(operation) ?? 0) + 1);
}
