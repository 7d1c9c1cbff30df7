import { isAppError } from '../../platform/errors.ts';
import type { RollbackStepName } from '../../contracts/releases.ts';
import { rollbackCompleted, rollbackFailed } from '../notifications/rollback-emails.ts';
import type { Progress, RollbackDeps } from './rollback-deps.ts';
import { rollbackFacts } from './rollback-facts.ts';
import { RollbackStepError, redeploy, releasePack, restoreMain, restorePlan } from './rollback-steps.ts';
import type { RollbackRecord, StepRecord } from './rollback-store.ts';
import { productionChain } from './release-history.ts';

const LABELS: Record<RollbackStepName, string> = {
  RELEASE_PACK: 'Releasing the pack with the previous package',
  REDEPLOY: 'Deploying the previous package again',
  RESTORE_MAIN: 'Bringing main back to the previous versions',
  FINISH: 'Recording the rollback',
};

export type RollbackOutcome = { ok: true; rollback: RollbackRecord } | { ok: false; code: string; message: string };

/**
 * The rollback job: each step in order, skipping those an earlier run finished, each recorded on
 * the record as it starts and ends, so a failure says exactly which ran and a retry resumes at
 * the first step not done.
 */
export async function runRollback(
  deps: RollbackDeps,
  rollbackId: string,
  jobId: string,
  progress: Progress = async () => {},
): Promise<RollbackOutcome> {
  const { db, store } = deps;
  let r = await store.get(rollbackId);
  if (!r || r.status !== 'RUNNING' || r.jobId !== jobId)
    return { ok: false, code: 'INVALID_ROLLBACK_STATUS', message: `Rollback ${rollbackId} is not running this job` };
  const steps = r.steps.map((s) => ({ ...s }));
  const save = async (s: StepRecord, patch: Partial<StepRecord>, extra = {}) => {
    Object.assign(s, patch);
    await db.transaction((tx) => store.update(tx, rollbackId, { steps, ...extra }));
  };
  const now = () => new Date(deps.clock.now()).toISOString();
  for (const [i, s] of steps.entries()) {
    if (s.status === 'DONE' || s.status === 'SKIPPED') continue;
    await progress(i, steps.length, LABELS[s.step]).catch(() => {});
    await save(s, { status: 'RUNNING', startedAt: now(), finishedAt: null, error: null });
    try {
      r = (await store.get(rollbackId))!;
      if (s.step === 'FINISH') {
        const done = await finish(deps, r, steps, s, now());
        await progress(steps.length, steps.length, 'Done').catch(() => {});
        return { ok: true, rollback: done };
      }
      const result = await runStep(deps, r, s.step);
      await save(
        s,
        { status: result.skipped ? 'SKIPPED' : 'DONE', finishedAt: now(), detail: result.detail },
        result.extra,
      );
    } catch (e) {
      const message =
        e instanceof RollbackStepError || isAppError(e)
          ? e.message
          : `${LABELS[s.step]} failed: ${(e as Error).message}`;
      const code =
        isAppError(e) && (e.code === 'MERGE_FAILED' || e.code === 'MERGE_TIMEOUT') ? e.code : 'ROLLBACK_FAILED';
      await failRollback(deps, rollbackId, { step: s.step, code, message, at: now(), steps });
      return { ok: false, code, message };
    }
  }
  return { ok: false, code: 'ROLLBACK_FAILED', message: `Rollback ${rollbackId} has no step left to run` };
}

async function runStep(
  deps: RollbackDeps,
  r: RollbackRecord,
  step: Exclude<RollbackStepName, 'FINISH'>,
): Promise<{ detail: string; skipped?: boolean; extra?: Record<string, unknown> }> {
  switch (step) {
    case 'RELEASE_PACK': {
      // A release deployed while this rollback waited for approval would be skipped over.
      const latest = productionChain(await deps.store.releases(r.processId))[0];
      if (!r.releaseRequestId && latest && latest.id !== r.rolledBack.id)
        throw new RollbackStepError(
          `Package ${latest.packageVersion} (${latest.id}) was released after this rollback was asked for; cancel it and roll back the latest release instead`,
        );
      const requestId = await releasePack(deps, r);
      return {
        detail: `${r.integrationPackName ?? r.integrationPackId} released with package ${r.restores.packageVersion} (${requestId})`,
      };
    }
    case 'REDEPLOY': {
      if (!r.environments.length)
        return { skipped: true, detail: 'The rolled-back release was not deployed directly to any environment' };
      const results = await redeploy(deps.boomi, r);
      const failed = results.filter((x) => !x.deployed);
      return {
        detail: `Package ${r.restores.packageVersion} deployed to ${results
          .filter((x) => x.deployed)
          .map((x) => x.environmentName)
          .join(
            ', ',
          )}${failed.length ? `; not to ${failed.map((x) => `${x.environmentName} (${x.errorMessage})`).join(', ')}` : ''}`,
        extra: { environmentResults: results },
      };
    }
    case 'RESTORE_MAIN': {
      const plan = await restorePlan(deps.boomi, r);
      const restored = await restoreMain(deps, r, plan);
      const left = plan.leftInPlace.length
        ? `; not part of the previous release, left in place: ${plan.leftInPlace.map((c) => c.name).join(', ')}`
        : '';
      return {
        detail: `${restored.length} component(s) back at their previous versions on main${left}`,
        extra: { restoredComponents: restored, leftInPlace: plan.leftInPlace },
      };
    }
  }
}

/** DONE, the rolled-back release ROLLED_BACK, the audit event and the emails: one transaction. */
async function finish(deps: RollbackDeps, r: RollbackRecord, steps: StepRecord[], s: StepRecord, at: string) {
  const { db, store, promotions, audit } = deps;
  const approvers = (await store.approvals(r.rollbackId))
    .filter((a) => a.decision === 'APPROVED')
    .map((a) => a.approver);
  const initiator =
    r.rolledBack.kind === 'ROLLBACK' ? null : ((await promotions.get(r.rolledBack.id))?.initiatedBy ?? null);
  Object.assign(s, { status: 'DONE', finishedAt: at, detail: `Package ${r.restores.packageVersion} runs again` });
  return db.transaction(async (tx) => {
    const done = await store.transition(tx, r.rollbackId, 'finish', { steps, finishedAt: new Date(at) });
    if (!done) throw new RollbackStepError('The rollback changed state while it ran');
    const relabelled =
      r.rolledBack.kind === 'ROLLBACK'
        ? await store.transition(tx, r.rolledBack.id, 'rollBack')
        : await promotions.transition(tx, r.rolledBack.id, 'rollBack');
    if (!relabelled)
      throw new RollbackStepError(`The rolled-back release ${r.rolledBack.id} is no longer the one running`);
    await audit.record(tx, {
      actor: 'system',
      action: 'ROLLBACK_COMPLETED',
      promotionId: r.promotionId,
      fromStatus: 'RUNNING',
      toStatus: 'DONE',
      details: {
        rollbackId: r.rollbackId,
        rolledBack: r.rolledBack.id,
        packageVersion: r.restores.packageVersion,
        restoredComponents: done.restoredComponents.length,
        leftInPlace: done.leftInPlace.map((c) => c.name),
      },
    });
    if (r.rolledBack.kind !== 'ROLLBACK')
      await audit.record(tx, {
        actor: 'system',
        action: 'RELEASE_ROLLED_BACK',
        promotionId: r.rolledBack.id,
        fromStatus: 'DEPLOYED',
        toStatus: 'ROLLED_BACK',
        details: { rollbackId: r.rollbackId, reason: r.reason },
      });
    await deps.notify(
      tx,
      rollbackCompleted({
        ...rollbackFacts(done),
        approvers,
        initiator,
        leftInPlace: done.leftInPlace.map((c) => c.name),
      }),
    );
    return done;
  });
}

/** FAILED with the step and its error, audited and mailed; the steps before it stay done. */
export async function failRollback(
  deps: RollbackDeps,
  rollbackId: string,
  f: { step: RollbackStepName; code: string; message: string; at: string; steps?: StepRecord[]; jobId?: string },
): Promise<RollbackRecord | undefined> {
  return deps.db.transaction(async (tx) => {
    const current = await deps.store.getForUpdate(tx, rollbackId);
    if (current?.status !== 'RUNNING' || (f.jobId && current.jobId !== f.jobId)) return undefined;
    const steps = (f.steps ?? current.steps).map((s) =>
      s.step === f.step ? { ...s, status: 'FAILED' as const, finishedAt: f.at, error: f.message } : s,
    );
    if (f.jobId) await deps.jobs.failRun(tx, f.jobId, f.code, f.message);
    const failed = await deps.store.transition(tx, rollbackId, 'fail', {
      steps,
      errorCode: f.code,
      errorMessage: f.message.slice(0, 5000),
    });
    if (!failed) return undefined;
    await deps.audit.record(tx, {
      actor: 'system',
      action: 'ROLLBACK_FAILED',
      promotionId: failed.promotionId,
      fromStatus: 'RUNNING',
      toStatus: 'FAILED',
      details: { rollbackId, step: f.step, errorCode: f.code, errorMessage: f.message },
    });
    await deps.notify(tx, rollbackFailed({ ...rollbackFacts(failed), step: f.step, error: f.message }));
    return failed;
  });
}
