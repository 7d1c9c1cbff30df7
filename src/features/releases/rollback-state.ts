import { ROLLBACK_STATUSES, type RollbackStatus } from '../../contracts/releases.ts';

/**
 * Every status change of a rollback record. Stores apply a transition as `UPDATE ... WHERE status
 * = from`, so of two admins approving at once, or a retry racing the reaper, exactly one wins.
 */
export const ROLLBACK_TRANSITIONS = {
  approve: { from: ['PENDING_APPROVAL'], to: 'RUNNING' },
  deny: { from: ['PENDING_APPROVAL'], to: 'DENIED' },
  finish: { from: ['RUNNING'], to: 'DONE' },
  fail: { from: ['RUNNING'], to: 'FAILED' },
  retry: { from: ['FAILED'], to: 'RUNNING' },
  cancel: { from: ['PENDING_APPROVAL', 'FAILED'], to: 'CANCELLED' },
  rollBack: { from: ['DONE'], to: 'ROLLED_BACK' },
} as const satisfies Record<string, { from: readonly RollbackStatus[]; to: RollbackStatus }>;

export type RollbackTransition = keyof typeof ROLLBACK_TRANSITIONS;

/** Who applies each transition; see promotion-state.ts for why only people and the reaper count. */
export const ROLLBACK_APPLIED_BY: Record<RollbackTransition, { by: 'person' | 'job' | 'reaper'; who: string }> = {
  approve: { by: 'person', who: 'the last admin (or peer) of the quorum (reviewRollback)' },
  deny: { by: 'person', who: 'an admin who is not the requester (reviewRollback)' },
  finish: { by: 'job', who: 'the rollback job' },
  fail: { by: 'reaper', who: 'the rollback job, or the reaper when its process died' },
  retry: { by: 'person', who: 'an admin (retryRollback)' },
  cancel: { by: 'person', who: 'the requester or an admin (cancelRollback)' },
  rollBack: { by: 'person', who: 'a rollback of this rollback, once it is done (rollbackRelease)' },
};

/** Statuses no person needs to act on any more. DONE stays a release a later rollback may undo. */
export const ROLLBACK_TERMINAL: readonly RollbackStatus[] = ['DONE', 'DENIED', 'CANCELLED', 'ROLLED_BACK'];

/** Open rollbacks hold their process: no second rollback of it may start (ROLLBACK_IN_PROGRESS). */
export const OPEN_ROLLBACK_STATUSES = ROLLBACK_STATUSES.filter((s) => !ROLLBACK_TERMINAL.includes(s));

export const canApplyRollback = (t: RollbackTransition, from: RollbackStatus) =>
  (ROLLBACK_TRANSITIONS[t].from as readonly RollbackStatus[]).includes(from);
