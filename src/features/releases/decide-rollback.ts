import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import { rollbackDenied } from '../notifications/rollback-emails.ts';
import { rollbackApprovalsNeeded } from './rollback-approval.ts';
import { ROLLBACK_JOB, type RollbackDeps } from './rollback-deps.ts';
import { rollbackFacts } from './rollback-facts.ts';
import { rollbackBranchName } from './rollback-steps.ts';
import type { RollbackRecord } from './rollback-store.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const wrongStatus = (r: RollbackRecord, what: string) =>
  new AppError('INVALID_ROLLBACK_STATUS', `Rollback ${r.rollbackId} is ${r.status}: ${what}`);

async function locked(deps: RollbackDeps, tx: Tx, id: string) {
  const r = await deps.store.getForUpdate(tx, id);
  if (!r) throw new AppError('ROLLBACK_NOT_FOUND', `No rollback '${id}'`, { details: { field: 'rollbackId' } });
  return r;
}

/**
 * reviewRollback: one decision per person, never the requester's. An admin approves as an admin,
 * a contributor only as a peer and only while the requirement still asks for peers. The decision
 * that completes the quorum starts the job, in the same transaction.
 */
export async function reviewRollback(
  deps: RollbackDeps,
  caller: Caller,
  req: { rollbackId: string; decision: 'APPROVED' | 'DENIED'; comments?: string | undefined },
): Promise<{ rollback: RollbackRecord; jobId: string | null }> {
  const comments = req.comments?.trim() || null;
  if (req.decision === 'DENIED' && !comments)
    throw new AppError('INVALID_REQUEST', 'comments: a reason is required to deny a rollback', {
      details: { field: 'comments' },
    });
  return deps.db.transaction(async (tx) => {
    const r = await locked(deps, tx, req.rollbackId);
    if (r.status !== 'PENDING_APPROVAL') throw wrongStatus(r, 'only a rollback waiting for approval can be decided');
    if (same(r.requestedBy, caller.email))
      throw new AppError('ROLLBACK_SELF_APPROVAL_NOT_ALLOWED', 'The requester of a rollback cannot decide it');
    const requirement = { peers: r.peersRequired, admins: r.adminsRequired };
    const given = (await deps.store.approvals(r.rollbackId, tx)).filter((a) => a.decision === 'APPROVED');
    const role = caller.tier === 'ADMIN' ? 'ADMIN' : 'PEER';
    if (role === 'PEER' && rollbackApprovalsNeeded(requirement, given).peers === 0)
      throw new AppError('INSUFFICIENT_TIER', 'This rollback waits for an admin, who decides it');
    const added = await deps.store.addApproval(tx, r.rollbackId, {
      approver: caller.email,
      role,
      decision: req.decision,
      comments,
    });
    if (!added) throw new AppError('ALREADY_REVIEWED', 'You have decided on this rollback already');
    if (req.decision === 'DENIED') {
      const denied = (await deps.store.transition(tx, r.rollbackId, 'deny', {
        finishedAt: new Date(deps.clock.now()),
      }))!;
      await deps.audit.record(tx, {
        actor: caller.email,
        action: 'ROLLBACK_DENIED',
        promotionId: r.promotionId,
        fromStatus: 'PENDING_APPROVAL',
        toStatus: 'DENIED',
        details: { rollbackId: r.rollbackId, comments },
      });
      await deps.notify(tx, rollbackDenied({ ...rollbackFacts(denied), deniedBy: caller.email, comments: comments! }));
      return { rollback: denied, jobId: null };
    }
    const missing = rollbackApprovalsNeeded(requirement, [...given, { role }]);
    if (!missing.done) {
      await deps.audit.record(tx, {
        actor: caller.email,
        action: 'ROLLBACK_APPROVAL_ADDED',
        promotionId: r.promotionId,
        fromStatus: 'PENDING_APPROVAL',
        toStatus: 'PENDING_APPROVAL',
        details: {
          rollbackId: r.rollbackId,
          role,
          comments,
          missing: { peers: missing.peers, admins: missing.admins },
        },
      });
      return { rollback: (await deps.store.get(r.rollbackId, tx))!, jobId: null };
    }
    const jobId = await deps.jobs.enqueue(
      tx,
      ROLLBACK_JOB,
      { rollbackId: r.rollbackId },
      { requestedBy: caller.email, promotionId: r.promotionId },
    );
    const approved = (await deps.store.transition(tx, r.rollbackId, 'approve', { jobId }))!;
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'ROLLBACK_APPROVED',
      promotionId: r.promotionId,
      fromStatus: 'PENDING_APPROVAL',
      toStatus: 'RUNNING',
      details: { rollbackId: r.rollbackId, role, comments, jobId },
    });
    return { rollback: approved, jobId };
  });
}

/** retryRollback: a failed rollback runs again from the step that failed (admins). */
export async function retryRollback(deps: RollbackDeps, caller: Caller, rollbackId: string) {
  return deps.db.transaction(async (tx) => {
    const r = await locked(deps, tx, rollbackId);
    if (r.status !== 'FAILED') throw wrongStatus(r, 'only a failed rollback can be retried');
    const jobId = await deps.jobs.enqueue(
      tx,
      ROLLBACK_JOB,
      { rollbackId },
      { requestedBy: caller.email, promotionId: r.promotionId },
    );
    const steps = r.steps.map((s) => (s.status === 'FAILED' ? { ...s, status: 'PENDING' as const } : s));
    const retried = (await deps.store.transition(tx, rollbackId, 'retry', {
      jobId,
      steps,
      errorCode: null,
      errorMessage: null,
    }))!;
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'ROLLBACK_RETRIED',
      promotionId: r.promotionId,
      fromStatus: 'FAILED',
      toStatus: 'RUNNING',
      details: { rollbackId, jobId, failedStep: r.steps.find((s) => s.status === 'FAILED')?.step ?? null },
    });
    return { rollback: retried, jobId };
  });
}

/**
 * cancelRollback: the requester or an admin closes a rollback waiting for approval or one that
 * failed. Finished steps are not undone (the record lists them); a branch it left is deleted.
 */
export async function cancelRollback(deps: RollbackDeps, caller: Caller, req: { rollbackId: string; reason: string }) {
  const cancelled = await deps.db.transaction(async (tx) => {
    const r = await locked(deps, tx, req.rollbackId);
    if (caller.tier !== 'ADMIN' && !same(caller.email, r.requestedBy))
      throw new AppError('NOT_PROMOTION_INITIATOR', 'Only the requester of a rollback or an admin can cancel it');
    if (r.status !== 'PENDING_APPROVAL' && r.status !== 'FAILED')
      throw wrongStatus(r, 'only a rollback waiting for approval or a failed one can be cancelled');
    const done = (await deps.store.transition(tx, r.rollbackId, 'cancel', {
      finishedAt: new Date(deps.clock.now()),
    }))!;
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'ROLLBACK_CANCELLED',
      promotionId: r.promotionId,
      fromStatus: r.status,
      toStatus: 'CANCELLED',
      details: {
        rollbackId: r.rollbackId,
        reason: req.reason,
        stepsDone: r.steps.filter((s) => s.status === 'DONE').map((s) => s.step),
      },
    });
    return done;
  });
  const branchId =
    cancelled.branchId ??
    (await deps.boomi.branches.findByName(rollbackBranchName(cancelled.rollbackId)).catch(() => undefined))?.id;
  if (
    branchId &&
    (await deps.boomi.branches.delete(branchId).then(
      () => true,
      () => false,
    ))
  )
    await deps.db.transaction((tx) => deps.store.update(tx, cancelled.rollbackId, { branchId: null }));
  return { rollback: (await deps.store.get(cancelled.rollbackId)) ?? cancelled, jobId: null };
}
