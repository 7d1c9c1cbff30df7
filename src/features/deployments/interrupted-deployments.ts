import type { JobRun, ReapedRun } from '../../platform/jobs.ts';
import type { DeploymentDeps } from './deployment-deps.ts';
import { failTestDeployment } from './run-test-deployment.ts';

export const INTERRUPTED_TEST_DEPLOYMENT =
  'The test deployment was interrupted when the service stopped; the branch is kept. Deploy to test again.';

/**
 * A queued run is alive: pg-boss starts it once a worker is back. A running one beats its
 * heartbeat into its job row; four missed beats mean the process that ran it died.
 */
export const isAlive = (run: JobRun | undefined, now: number, staleAfterMs: number) =>
  !!run && (run.state === 'QUEUED' || (run.state === 'RUNNING' && now - run.updatedAt.getTime() < staleAfterMs));

/**
 * TEST_DEPLOYING records whose job died with its process (killed, restarted, lost) go to
 * TEST_DEPLOY_FAILED through the state rules, keeping their branch, so the developer can deploy
 * again. Without this they would wait for pg-boss to expire the dead run (an hour) and then
 * resume it unasked. Returns how many it failed.
 */
export async function failInterruptedTestDeployments(deps: DeploymentDeps): Promise<ReapedRun[]> {
  const staleAfter = 4 * deps.heartbeatMs;
  const now = deps.clock.now();
  // The record is touched when its deployment starts: a younger one cannot have missed four beats.
  const stuck = await deps.promotions.stale('TEST_DEPLOYING', new Date(now - staleAfter));
  const failed: ReapedRun[] = [];
  for (const p of stuck) {
    if (isAlive(p.jobId ? await deps.jobs.get(p.jobId) : undefined, now, staleAfter)) continue;
    const out = await failTestDeployment(deps, p, 'system', [], INTERRUPTED_TEST_DEPLOYMENT, p.jobId ?? undefined);
    if (out.promotion?.status === 'TEST_DEPLOY_FAILED') {
      failed.push({ jobId: p.jobId, promotionId: p.promotionId, reason: INTERRUPTED_TEST_DEPLOYMENT });
    }
  }
  return failed;
}

export const INTERRUPTED_PRODUCTION_DEPLOYMENT =
  'The production deployment was interrupted when the service stopped; the branch is kept. An admin can deploy it again.';

/**
 * An approved promotion whose production run died is not stuck (it stays ADMIN_APPROVED, which an
 * admin may deploy again), but nothing would say so: its job reads RUNNING until pg-boss expires
 * it. It gets the failure the runner itself records (error, audit event, same status), and loses
 * the dead run's job id so the run, when pg-boss repeats it, steps aside.
 */
export async function recordInterruptedProductionDeployments(deps: DeploymentDeps): Promise<ReapedRun[]> {
  const staleAfter = 4 * deps.heartbeatMs;
  const now = deps.clock.now();
  const approved = await deps.promotions.stale('ADMIN_APPROVED', new Date(now - staleAfter));
  const recorded: ReapedRun[] = [];
  for (const p of approved) {
    if (!p.jobId) continue;
    const run = await deps.jobs.get(p.jobId);
    // A finished run has recorded its own outcome on the record.
    if (isAlive(run, now, staleAfter) || run?.state === 'SUCCEEDED' || run?.state === 'FAILED') continue;
    const marked = await deps.db.transaction(async (tx) => {
      const locked = await deps.promotions.getForUpdate(tx, p.promotionId);
      if (locked?.status !== 'ADMIN_APPROVED' || locked.jobId !== p.jobId) return false;
      await deps.jobs.failRun(tx, p.jobId!, 'DEPLOYMENT_FAILED', INTERRUPTED_PRODUCTION_DEPLOYMENT);
      await deps.promotions.update(tx, p.promotionId, {
        errorMessage: INTERRUPTED_PRODUCTION_DEPLOYMENT,
        lastErrorCode: 'DEPLOYMENT_FAILED',
        jobId: null,
      });
      await deps.audit.record(tx, {
        actor: 'system',
        action: 'PRODUCTION_DEPLOY_FAILED',
        promotionId: p.promotionId,
        fromStatus: 'ADMIN_APPROVED',
        toStatus: 'ADMIN_APPROVED',
        details: {
          errorCode: 'DEPLOYMENT_FAILED',
          errorMessage: INTERRUPTED_PRODUCTION_DEPLOYMENT,
          branchKept: true,
          jobId: p.jobId,
        },
      });
      return true;
    });
    if (marked)
      recorded.push({ jobId: p.jobId, promotionId: p.promotionId, reason: INTERRUPTED_PRODUCTION_DEPLOYMENT });
  }
  return recorded;
}
