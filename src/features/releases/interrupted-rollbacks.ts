import type { ReapedRun } from '../../platform/jobs.ts';
import { isAlive } from '../deployments/interrupted-deployments.ts';
import type { RollbackDeps } from './rollback-deps.ts';
import { failRollback } from './run-rollback.ts';

export const INTERRUPTED_ROLLBACK =
  'The rollback was interrupted when the service stopped. An admin can retry it: it resumes at this step.';

/**
 * RUNNING rollbacks whose job died with its process become FAILED at the step they were in, with
 * the dead run failed in the same transaction, so a person can retry or cancel them.
 */
export async function failInterruptedRollbacks(deps: RollbackDeps): Promise<ReapedRun[]> {
  const staleAfter = 4 * deps.heartbeatMs;
  const now = deps.clock.now();
  const reaped: ReapedRun[] = [];
  for (const r of await deps.store.staleRunning(new Date(now - staleAfter))) {
    const run = r.jobId ? await deps.jobs.get(r.jobId) : undefined;
    if (isAlive(run, now, staleAfter)) continue;
    const step = r.steps.find((s) => s.status === 'RUNNING') ?? r.steps.find((s) => s.status === 'PENDING');
    const failed = await failRollback(deps, r.rollbackId, {
      step: step?.step ?? 'FINISH',
      code: 'ROLLBACK_FAILED',
      message: INTERRUPTED_ROLLBACK,
      at: new Date(now).toISOString(),
      ...(r.jobId ? { jobId: r.jobId } : {}),
    });
    if (failed) reaped.push({ jobId: r.jobId, promotionId: r.promotionId, reason: INTERRUPTED_ROLLBACK });
  }
  return reaped;
}
