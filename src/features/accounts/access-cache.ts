import type { Clock } from '../../platform/clock.ts';
import type { DevAccountAccess } from './account-store.ts';

export interface AccessCache {
  /** Every active DevAccountAccess row. */
  rows(): Promise<DevAccountAccess[]>;
  invalidate(): void;
}

/**
 * Every request asks "which dev accounts may this caller see?", while the table behind it
 * changes a few times a month. Each replica keeps a copy that a database NOTIFY (on any change,
 * from any replica) throws away. The copy is used only while the LISTEN connection is healthy,
 * and never for longer than `ttlMs`, so a lost notification cannot keep stale rights alive.
 */
export function createAccessCache(
  load: () => Promise<DevAccountAccess[]>,
  opts: { clock: Clock; ttlMs: number; trusted: () => boolean },
): AccessCache {
  let cached: { rows: DevAccountAccess[]; at: number } | undefined;
  let generation = 0;
  return {
    async rows() {
      if (cached && opts.trusted() && opts.clock.now() - cached.at < opts.ttlMs) return cached.rows;
      const startedAt = generation;
      const at = opts.clock.now();
      const rows = await load();
      // A change notified while loading may not be in `rows`: then serve them once, cache nothing.
      if (startedAt === generation) cached = { rows, at };
      return rows;
    },
    invalidate() {
      generation++;
      cached = undefined;
    },
  };
}
