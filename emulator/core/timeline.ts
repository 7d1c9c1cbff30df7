import { advanceBranch } from '../domain/branch-objects.ts';
import { advanceMerge } from '../domain/merge-engine.ts';
import { advancePropagation } from '../domain/pack-propagation.ts';
import { advanceRelease } from '../domain/release-objects.ts';
import type { EmulatorCore } from './core.ts';

// Timed stages advance lazily, on the next API call after they fall due. That keeps them exact
// under a test clock, makes stage timings of 0 mean "done by the next call", and lets a restart
// pick up where it left off (the due times are in the state file).

export function advanceTimeline(core: EmulatorCore): void {
  const { state } = core;
  if (state.pending.length === 0) return;
  const now = core.now();
  // A finished stage may start another (a release starts its propagation): new items land in a
  // fresh list while the old one is walked.
  const items = state.pending;
  state.pending = [];
  const kept = items.filter((item) => {
    const account = state.accounts[item.accountId];
    if (!account) return false;
    switch (item.kind) {
      case 'branch':
        return !advanceBranch(account, item.id, now);
      case 'merge':
        return !advanceMerge(core, account, item.id, now);
      case 'release':
        return !advanceRelease(core, account, item.id, now);
      case 'propagation':
        return !advancePropagation(account, item.id, now);
    }
    return false;
  });
  state.pending = [...kept, ...state.pending];
  // Cheap when nothing changed; pending items are few and short-lived.
  core.markDirty();
}
