import { MAX_SCHEDULE_DAYS } from '../../contracts/freeze-limits.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import { freezeRefusal } from '../freezes/freeze-service.ts';
import { describeInstant, type ActiveFreeze } from '../freezes/freeze-rules.ts';
import { PRODUCTION_DEPLOYMENT_JOB, type DeploymentDeps, type ProductionJobData } from './deployment-deps.ts';

export interface EnqueueOptions {
  /** Run at this moment instead of now (a scheduled deployment); a freeze then makes it wait, not fail. */
  runAt?: Date | undefined;
  /** A break-glass hotfix: no freeze window stops it, now or when its job runs. */
  breakGlass?: boolean | undefined;
}

const waitingNote = (f: ActiveFreeze) =>
  `Waiting for freeze window '${f.name}' to end at ${describeInstant(f.endsAt, f.timeZone)}`;

/**
 * Queues the production deployment of an ADMIN_APPROVED promotion in the caller's transaction.
 * The record names the run deploying it: the reaper watches that run, and a run that is not the
 * record's latest (a dead one pg-boss repeats, a cancelled schedule) steps aside. A deployment for
 * now is refused during a freeze (FREEZE_ACTIVE) before anything is written; the caller's throw
 * rolls back whatever it wrote before.
 */
export async function enqueueProduction(
  deps: DeploymentDeps,
  tx: Tx,
  promotionId: string,
  requestedBy: string,
  opts: EnqueueOptions = {},
): Promise<string> {
  const now = new Date(deps.clock.now());
  const { runAt, breakGlass = false } = opts;
  let note: string | null = null;
  if (runAt) {
    if (runAt <= now) throw invalidDeployAt('must be in the future');
    if (runAt.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * 86_400_000)
      throw invalidDeployAt(`must be at most ${MAX_SCHEDULE_DAYS} days ahead`);
    const freeze = breakGlass ? null : await deps.freezes?.activeAt(runAt, tx);
    if (freeze) note = waitingNote(freeze);
  } else if (!breakGlass) {
    const freeze = await deps.freezes?.activeAt(now, tx);
    if (freeze) throw freezeRefusal(freeze);
  }
  const data: ProductionJobData = {
    promotionId,
    requestedBy,
    ...(breakGlass ? { breakGlass } : {}),
    ...(runAt ? { scheduledFor: runAt.toISOString() } : {}),
  };
  const jobId = await deps.jobs.enqueue(tx, PRODUCTION_DEPLOYMENT_JOB, data, {
    requestedBy,
    promotionId,
    startAfter: runAt,
  });
  await deps.promotions.update(tx, promotionId, { jobId, scheduledDeployAt: runAt ?? null, scheduleNote: note });
  if (runAt) {
    await deps.audit.record(tx, {
      actor: requestedBy,
      action: 'DEPLOYMENT_SCHEDULED',
      promotionId,
      fromStatus: 'ADMIN_APPROVED',
      toStatus: 'ADMIN_APPROVED',
      details: { jobId, deployAt: runAt.toISOString(), breakGlass, note },
    });
  }
  return jobId;
}

const invalidDeployAt = (why: string) =>
  new AppError('INVALID_REQUEST', `deployAt: ${why}`, { details: { field: 'deployAt' } });

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; code: string; message: string };

/**
 * The runner's freeze check: a window may have started since the job was queued. A scheduled run
 * waits for the freeze to end by queueing its successor for that moment (a durable job, not a
 * sleeping process); a run for now fails with FREEZE_ACTIVE on the record, which stays
 * ADMIN_APPROVED for an admin to retry or cancel. Undefined: deploy.
 */
export async function freezeAtRun(
  deps: DeploymentDeps,
  data: ProductionJobData,
  jobId: string,
): Promise<Outcome | undefined> {
  if (data.breakGlass || !deps.freezes) return undefined;
  const now = new Date(deps.clock.now());
  const freeze = await deps.freezes.activeAt(now);
  if (!freeze) return undefined;
  const refusal = freezeRefusal(freeze);
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    const p = await deps.promotions.getForUpdate(tx, data.promotionId);
    if (p?.status !== 'ADMIN_APPROVED' || p.jobId !== jobId)
      return {
        ok: false,
        code: 'DEPLOYMENT_FAILED',
        message: 'A later production deployment of this promotion took over from this run',
      };
    if (!data.scheduledFor) {
      await deps.promotions.update(tx, p.promotionId, {
        errorMessage: refusal.message,
        lastErrorCode: 'FREEZE_ACTIVE',
      });
      await deps.audit.record(tx, {
        actor: 'system',
        action: 'PRODUCTION_DEPLOY_FAILED',
        promotionId: p.promotionId,
        fromStatus: p.status,
        toStatus: p.status,
        details: { errorCode: 'FREEZE_ACTIVE', errorMessage: refusal.message, branchKept: true, jobId },
      });
      return { ok: false, code: 'FREEZE_ACTIVE', message: refusal.message };
    }
    const until = await deps.freezes!.freeFrom(now, tx);
    const note = waitingNote({ ...freeze, endsAt: until });
    const next: ProductionJobData = { ...data, scheduledFor: until.toISOString() };
    const nextJobId = await deps.jobs.enqueue(tx, PRODUCTION_DEPLOYMENT_JOB, next, {
      requestedBy: data.requestedBy,
      promotionId: p.promotionId,
      startAfter: until,
    });
    await deps.promotions.update(tx, p.promotionId, { jobId: nextJobId, scheduledDeployAt: until, scheduleNote: note });
    await deps.audit.record(tx, {
      actor: 'system',
      action: 'DEPLOYMENT_DEFERRED_BY_FREEZE',
      promotionId: p.promotionId,
      fromStatus: p.status,
      toStatus: p.status,
      details: { windowId: freeze.windowId, name: freeze.name, deployAt: until.toISOString(), jobId, nextJobId },
    });
    return {
      ok: true,
      result: {
        promotionId: p.promotionId,
        status: p.status,
        deferred: true,
        scheduledDeployAt: until.toISOString(),
        scheduleNote: note,
        nextJobId,
      },
    };
  });
}

/** A scheduled run that goes ahead: the record no longer waits for a time (it deploys now). */
export async function clearSchedule(deps: DeploymentDeps, promotionId: string, jobId: string) {
  await deps.db.transaction(async (tx) => {
    const p = await deps.promotions.getForUpdate(tx, promotionId);
    if (p?.jobId === jobId && p.scheduledDeployAt)
      await deps.promotions.update(tx, promotionId, { scheduledDeployAt: null, scheduleNote: null });
  });
}

/**
 * An admin calls off a scheduled deployment before it starts. Its job is cancelled in the same
 * transaction that clears the record, guarded on the job still being queued: a run that has
 * started is never half-cancelled. The record stays ADMIN_APPROVED (deploy now, or cancel it).
 */
export async function cancelScheduled(
  deps: DeploymentDeps,
  caller: Caller,
  req: { promotionId: string; reason?: string | undefined },
) {
  return deps.db.transaction(async (tx) => {
    const p = await deps.promotions.getForUpdate(tx, req.promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion ${req.promotionId}`);
    if (p.status !== 'ADMIN_APPROVED' || !p.scheduledDeployAt || !p.jobId)
      throw new AppError(
        'INVALID_PROMOTION_STATUS',
        `Promotion ${p.promotionId} has no scheduled deployment (it is ${p.status})`,
      );
    const message = `Scheduled deployment cancelled by ${caller.email}${req.reason ? `: ${req.reason}` : ''}`;
    if (!(await deps.jobs.cancelQueued(tx, p.jobId, 'SCHEDULE_CANCELLED', message)))
      throw new AppError(
        'INVALID_PROMOTION_STATUS',
        `The scheduled deployment of ${p.promotionId} has started (job ${p.jobId}); wait for it to end`,
      );
    await deps.promotions.update(tx, p.promotionId, { jobId: null, scheduledDeployAt: null, scheduleNote: null });
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'SCHEDULED_DEPLOYMENT_CANCELLED',
      promotionId: p.promotionId,
      fromStatus: p.status,
      toStatus: p.status,
      details: { jobId: p.jobId, deployAt: p.scheduledDeployAt.toISOString(), reason: req.reason ?? null },
    });
    return {
      promotionId: p.promotionId,
      status: 'ADMIN_APPROVED' as const,
      cancelledJobId: p.jobId,
      message: `${message}. The promotion stays approved: deploy it now, or cancel it.`,
    };
  });
}
