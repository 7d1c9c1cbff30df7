import type { ReleaseEvent } from './rollback-store.ts';

// Pure rules over a process's releases (newest first, as the store lists them).

/** Production releases in the order they took over: each replaced the one after it in the list. */
export const productionChain = (events: readonly ReleaseEvent[]) => events.filter((e) => e.target === 'PRODUCTION');

/**
 * RUNNING: the newest release of its target (for TEST, of its test environments); SUPERSEDED: a
 * later release replaced it; ROLLED_BACK: a rollback replaced it with the release before it.
 */
export function releaseStatus(
  e: ReleaseEvent,
  events: readonly ReleaseEvent[],
): 'RUNNING' | 'SUPERSEDED' | 'ROLLED_BACK' {
  if (e.status === 'ROLLED_BACK') return 'ROLLED_BACK';
  const newest = events.find((x) => x.target === e.target);
  return newest === e ? 'RUNNING' : 'SUPERSEDED';
}
