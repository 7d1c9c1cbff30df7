import type { RollbackStepName } from '../../contracts/releases.ts';
import { ROLLBACK_STEPS } from '../../contracts/releases.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { rollbackRequested } from '../notifications/rollback-emails.ts';
import { DEFAULT_ROLLBACK_APPROVALS, rollbackApprovalsNeeded } from './rollback-approval.ts';
import { ROLLBACK_JOB, type RollbackDeps } from './rollback-deps.ts';
import { rollbackFacts } from './rollback-facts.ts';
import { productionChain } from './release-history.ts';
import type { ReleaseEvent, RollbackComponent, RollbackRecord } from './rollback-store.ts';

const CHANGED = new Set(['CREATED', 'UPDATED']);

/** The release a rollback request names, and what it changed: checked before anything is created. */
interface Target {
  id: string;
  processId: string;
  promotionId: string;
  components: RollbackComponent[];
}

async function promotionTarget(deps: RollbackDeps, promotionId: string): Promise<Target> {
  const p = await deps.promotions.get(promotionId);
  if (!p)
    throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${promotionId}'`, { details: { field: 'promotionId' } });
  if (p.status === 'ROLLED_BACK')
    throw new AppError('ALREADY_ROLLED_BACK', `The release of promotion ${promotionId} was rolled back already`);
  const processId = await deps.store.processOf(promotionId);
  if (p.targetEnvironment !== 'PRODUCTION' || p.status !== 'DEPLOYED' || !p.prodPackageId || !processId)
    throw new AppError(
      'ROLLBACK_NOT_DEPLOYED',
      `Promotion ${promotionId} is ${p.status}${p.targetEnvironment === 'TEST' ? ' (a test deployment)' : ''}: only a release deployed to production can be rolled back`,
    );
  const components = (await deps.promotions.results(promotionId))
    .filter((c) => CHANGED.has(c.action) && c.prodComponentId)
    .map((c) => ({ prodComponentId: c.prodComponentId!, name: c.name }));
  return { id: promotionId, processId, promotionId, components };
}

async function rollbackTarget(deps: RollbackDeps, rollbackId: string): Promise<Target> {
  const r = await deps.store.get(rollbackId);
  if (!r) throw new AppError('ROLLBACK_NOT_FOUND', `No rollback '${rollbackId}'`, { details: { field: 'rollbackId' } });
  if (r.status === 'ROLLED_BACK')
    throw new AppError('ALREADY_ROLLED_BACK', `Rollback ${rollbackId} was rolled back already`);
  if (r.status !== 'DONE')
    throw new AppError(
      'ROLLBACK_NOT_DEPLOYED',
      `Rollback ${rollbackId} is ${r.status}: only a finished rollback is a release that can be rolled back`,
    );
  const components = r.restoredComponents.map((c) => ({ prodComponentId: c.prodComponentId, name: c.name }));
  return { id: rollbackId, processId: r.processId, promotionId: r.promotionId, components };
}

/** The restored release's package must still exist: Boomi cannot release or deploy a deleted one. */
async function checkStillInBoomi(deps: RollbackDeps, previous: ReleaseEvent): Promise<void> {
  const missing = () =>
    new AppError(
      'PREVIOUS_RELEASE_MISSING',
      `The previous release of ${previous.processName ?? previous.processId}, package ${previous.packageVersion} (${previous.packageId}), no longer exists in Boomi`,
      { fields: { packageId: previous.packageId, packageVersion: previous.packageVersion } },
    );
  try {
    const pkg = await deps.boomi.packagedComponents.get(previous.packageId);
    if (pkg.deleted) throw missing();
  } catch (e) {
    if (isAppError(e) && [400, 404, 410].includes(Number(e.details?.status))) throw missing();
    throw e;
  }
}

const pendingSteps = () =>
  ROLLBACK_STEPS.map((step: RollbackStepName) => ({
    step,
    status: 'PENDING' as const,
    startedAt: null,
    finishedAt: null,
    detail: null,
    error: null,
  }));

/**
 * rollbackRelease: every check first (the release is deployed, not rolled back, the one running
 * now, has a previous release whose package Boomi still holds, and no other rollback of the
 * process is open), then one transaction: the record, its audit event and the admins' email.
 */
export async function requestRollback(
  deps: RollbackDeps,
  caller: Caller,
  req: { promotionId?: string | undefined; rollbackId?: string | undefined; reason: string },
): Promise<{ rollback: RollbackRecord; jobId: string | null }> {
  const target = req.promotionId
    ? await promotionTarget(deps, req.promotionId)
    : await rollbackTarget(deps, req.rollbackId!);
  const chain = productionChain(await deps.store.releases(target.processId));
  const latest = chain[0];
  if (!latest)
    throw new AppError('ROLLBACK_NOT_DEPLOYED', `Release ${target.id} has no production deployment on record`);
  if (latest.id !== target.id)
    throw new AppError(
      'ROLLBACK_NOT_LATEST',
      `Release ${target.id} is not the one running: ${latest.kind === 'ROLLBACK' ? 'rollback' : 'promotion'} ${latest.id} (package ${latest.packageVersion}) replaced it. Roll back the latest release first.`,
      { fields: { latestReleaseId: latest.id } },
    );
  const previous = chain[1];
  if (!previous)
    throw new AppError(
      'NO_PREVIOUS_RELEASE',
      `${latest.processName ?? 'This process'} has no earlier release to go back to`,
    );
  const open = await deps.store.openFor(target.processId);
  if (open)
    throw new AppError('ROLLBACK_IN_PROGRESS', `Rollback ${open.rollbackId} of this process is ${open.status}`, {
      fields: { rollbackId: open.rollbackId },
    });
  await checkStillInBoomi(deps, previous);

  const requirement = deps.approvalRequirement ? await deps.approvalRequirement() : DEFAULT_ROLLBACK_APPROVALS;
  const approvedAlready = rollbackApprovalsNeeded(requirement, []).done;
  const rollbackId = crypto.randomUUID();
  return deps.db.transaction(async (tx) => {
    let rollback = await deps.store.insert(tx, {
      rollbackId,
      processId: target.processId,
      processName: latest.processName,
      devAccountId: latest.devAccountId,
      promotionId: target.promotionId,
      rolledBack: {
        kind: latest.kind,
        id: latest.id,
        packageId: latest.packageId,
        packageVersion: latest.packageVersion,
        releasedAt: latest.at,
      },
      restores: {
        kind: previous.kind,
        id: previous.id,
        packageId: previous.packageId,
        packageVersion: previous.packageVersion,
        releasedAt: previous.at,
      },
      integrationPackId: latest.integrationPackId!,
      integrationPackName: latest.integrationPackName,
      reason: req.reason,
      status: approvedAlready ? 'RUNNING' : 'PENDING_APPROVAL',
      requestedBy: caller.email,
      peersRequired: requirement.peers,
      adminsRequired: requirement.admins,
      environments: latest.environments
        .filter((e) => e.deployed)
        .map((e) => ({ environmentId: e.environmentId, environmentName: e.environmentName })),
      components: target.components,
      steps: pendingSteps(),
    });
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'ROLLBACK_REQUESTED',
      promotionId: target.promotionId,
      toStatus: rollback.status,
      details: {
        rollbackId,
        rolledBack: latest.id,
        restores: previous.id,
        packageVersion: previous.packageVersion,
        reason: req.reason,
        approvalsRequired: requirement,
      },
    });
    let jobId: string | null = null;
    if (approvedAlready) {
      jobId = await deps.jobs.enqueue(
        tx,
        ROLLBACK_JOB,
        { rollbackId },
        { requestedBy: caller.email, promotionId: target.promotionId },
      );
      await deps.store.update(tx, rollbackId, { jobId });
      rollback = { ...rollback, jobId };
    } else {
      await deps.notify(tx, rollbackRequested(rollbackFacts(rollback)));
    }
    return { rollback, jobId };
  });
}
