import type { z } from 'zod';
import type { cancelProductionDeployment } from '../../contracts/deployments.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { DeploymentDeps } from './deployment-deps.ts';
import { isAlive } from './interrupted-deployments.ts';

type CancelRequest = z.output<typeof cancelProductionDeployment.request>;

/**
 * The way out of a failed production deployment other than a retry (issue 11): an admin closes
 * the record. Only once the deployment has failed and nothing runs it: a running deployment
 * finishes or fails first. The branch goes after the status commits, as in every cancellation.
 */
export async function cancelFailedProduction(deps: DeploymentDeps, caller: Caller, req: CancelRequest) {
  const { db, promotions, store, audit } = deps;
  const refuse = (promotionId: string, why: string) =>
    new AppError(
      'INVALID_PROMOTION_STATUS',
      `Promotion ${promotionId} ${why}; only a production deployment that failed or never ran can be cancelled`,
    );
  const current = await promotions.get(req.promotionId);
  if (!current) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${req.promotionId}'`);
  if (current.status !== 'ADMIN_APPROVED') throw refuse(current.promotionId, `is ${current.status}`);
  // Read before the transaction: embedded PGlite serves one connection, which the transaction holds.
  const run = current.jobId ? await deps.jobs.get(current.jobId) : undefined;
  if (isAlive(run, deps.clock.now(), 4 * deps.heartbeatMs)) {
    throw refuse(
      current.promotionId,
      current.scheduledDeployAt && run?.state === 'QUEUED'
        ? `has a deployment scheduled for ${current.scheduledDeployAt.toISOString()}; cancel the schedule first`
        : `is being deployed (job ${current.jobId}); wait for it to end`,
    );
  }
  // No failure and no run: approved, and its schedule called off before it ran (issue 14).
  const neverRan = !current.lastErrorCode && !current.jobId;
  if (!current.lastErrorCode && !neverRan) throw refuse(current.promotionId, 'has not failed');
  const mergedToMain = !!(await store.mergeOf(current.promotionId));
  const failure = current.errorMessage;

  const previous = await db.transaction(async (tx) => {
    const p = await promotions.getForUpdate(tx, req.promotionId);
    if (!p || p.status !== 'ADMIN_APPROVED' || p.jobId !== current.jobId || (!p.lastErrorCode && p.jobId)) {
      throw refuse(req.promotionId, 'changed while you cancelled it');
    }
    const message = neverRan
      ? `Cancelled by ${caller.email}: ${req.reason}. It had not been deployed.`
      : `Cancelled by ${caller.email}: ${req.reason}. The deployment had failed: ${failure ?? p.lastErrorCode}`;
    const next = await promotions.transition(tx, p.promotionId, 'cancelDeployment', {
      errorMessage: message.slice(0, 5000),
      jobId: null,
    });
    if (!next) throw refuse(p.promotionId, 'changed while you cancelled it');
    // A production request made from a test deployment shares its branch: both end together.
    const test = p.testPromotionId ? await promotions.getForUpdate(tx, p.testPromotionId) : undefined;
    if (test && (test.status === 'TEST_DEPLOYED' || test.status === 'TEST_DEPLOY_FAILED')) {
      await promotions.transition(tx, test.promotionId, 'cancelTest', {});
    }
    await audit.record(tx, {
      actor: caller.email,
      action: 'PRODUCTION_DEPLOYMENT_CANCELLED',
      promotionId: p.promotionId,
      fromStatus: p.status,
      toStatus: next.status,
      details: { reason: req.reason, failure, mergedToMain, branchId: p.branchId, testPromotionId: p.testPromotionId },
    });
    await deps.notify(tx, 'DEPLOYMENT_CANCELLED', next, {
      email: caller.email,
      name: caller.name,
      reason: req.reason,
      failure,
      mergedToMain,
    });
    return p;
  });

  let branchDeleted = !previous.branchId;
  let note = '';
  if (previous.branchId) {
    try {
      await deps.boomi.branches.delete(previous.branchId);
      branchDeleted = true;
      await db.transaction(async (tx) => {
        await promotions.update(tx, previous.promotionId, { branchId: null });
        if (previous.testPromotionId) await promotions.update(tx, previous.testPromotionId, { branchId: null });
      });
    } catch (e) {
      note = ` The branch could not be deleted yet: ${(e as Error).message}`;
    }
  }
  return {
    promotionId: previous.promotionId,
    previousStatus: previous.status,
    newStatus: 'DEPLOYMENT_CANCELLED' as const,
    branchDeleted,
    mergedToMain,
    message: `Production deployment cancelled.${mergedToMain ? ' Main already holds the merged components.' : ''}${note}`,
  };
}
