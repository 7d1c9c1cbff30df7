import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { ApprovalService } from '../approvals/approval-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { Notify } from './review-ports.ts';

export interface ApprovalStepDeps {
  db: Transactor;
  records: PromotionRecords;
  audit: AuditLog;
  notify: Notify;
  approvals: ApprovalService;
}

const SYSTEM: Caller = { email: 'promo', name: 'Promo', groups: [], tier: 'ADMIN', via: 'session' };

/**
 * A path whose policy asks no peer approval goes straight to the admins: the record passes peer
 * review in the transaction that submitted it, and the trail says why.
 */
export async function skipPeerReviewIfNone(deps: ApprovalStepDeps, tx: Tx, p: Promotion, caller: Caller) {
  const rule = await deps.approvals.rule(deps.approvals.pathOf(p), tx);
  if (rule.peerApprovals > 0) return undefined;
  const next = await deps.records.transition(tx, p.promotionId, 'peerApprove', {});
  if (!next) return undefined;
  await deps.audit.record(tx, {
    actor: caller.email,
    action: 'PEER_REVIEW_NOT_REQUIRED',
    promotionId: p.promotionId,
    fromStatus: p.status,
    toStatus: next.status,
    details: { reason: 'The approval policy asks no peer approval on this path' },
  });
  await deps.notify(tx, 'PEER_APPROVED', next, caller);
  return next;
}

/**
 * Voids the standing approvals of a record because what they approved changed: the approvers are
 * told, and a record waiting for an admin goes back to the peers (when the policy asks for any).
 * Returns the approvals voided.
 */
export async function voidApprovals(deps: ApprovalStepDeps, promotionId: string, reason: string) {
  return deps.db.transaction(async (tx) => {
    const p = await deps.records.getForUpdate(tx, promotionId);
    if (!p || (p.status !== 'PENDING_PEER_REVIEW' && p.status !== 'PENDING_ADMIN_REVIEW')) return [];
    const voided = await deps.approvals.voidApprovals(tx, promotionId, reason);
    if (!voided.length) return [];
    const rule = await deps.approvals.rule(deps.approvals.pathOf(p), tx);
    const back =
      p.status === 'PENDING_ADMIN_REVIEW' && rule.peerApprovals > 0
        ? await deps.records.transition(tx, promotionId, 'approvalsVoided', {
            peerReviewedBy: null,
            peerReviewedAt: null,
            peerReviewComments: null,
          })
        : undefined;
    const now = back ?? p;
    const approvers = voided.map((a) => a.approvedBy);
    await deps.audit.record(tx, {
      actor: 'promo',
      action: 'APPROVALS_VOIDED',
      promotionId,
      fromStatus: p.status,
      toStatus: now.status,
      details: { reason, approvers, roles: voided.map((a) => a.role) },
    });
    await deps.notify(tx, 'APPROVALS_VOIDED', now, SYSTEM, { reason, approvers });
    return voided;
  });
}

/**
 * What is being approved now, as a fingerprint; approvals standing for other content are voided
 * first (their approvers told). Returns the fingerprint and whether anything was voided.
 */
export async function currentContent(deps: ApprovalStepDeps, p: Promotion) {
  const fingerprint = await deps.approvals.fingerprint(p);
  const standing = (await deps.approvals.approvals(p.promotionId)).filter((a) => !a.voidedAt);
  const stale = standing.filter((a) => a.fingerprint !== fingerprint);
  if (!stale.length) return { fingerprint, voided: false };
  await voidApprovals(
    deps,
    p.promotionId,
    'What was approved changed afterwards (the branch content or the deployment request)',
  );
  return { fingerprint, voided: true };
}

/** The policy's refusal of this caller for this role, as the error the reviewer sees. */
export async function assertEligible(
  deps: ApprovalStepDeps,
  tx: Tx,
  caller: Caller,
  p: Promotion,
  role: 'PEER' | 'ADMIN',
) {
  const why = await deps.approvals.whyNot(caller, p, role, tx);
  if (!why) return;
  if (why.startsWith('You authored'))
    throw new AppError(
      role === 'PEER' ? 'SELF_REVIEW_NOT_ALLOWED' : 'SELF_APPROVAL_NOT_ALLOWED',
      role === 'PEER'
        ? `You cannot review your own submission: ${why}`
        : `The author, the submitter, whoever deployed it to Test and its peer reviewers cannot also give the admin approval: ${why}`,
    );
  if (why.startsWith('You have already'))
    throw new AppError(
      role === 'ADMIN' ? 'SELF_APPROVAL_NOT_ALLOWED' : 'ALREADY_APPROVED_BY_YOU',
      role === 'ADMIN'
        ? 'The author, the submitter and the peer reviewer cannot also give the admin approval: you already approved it'
        : 'You have already approved this promotion; it waits for other reviewers',
    );
  throw new AppError('NOT_AN_ELIGIBLE_REVIEWER', why);
}

/**
 * Records the caller's approval of a record in review. True when the policy asks for more of this
 * role: the approval counts, it is audited, and the record waits for the others (a quorum).
 */
export async function countApproval(
  deps: ApprovalStepDeps,
  tx: Tx,
  caller: Caller,
  p: Promotion,
  role: 'PEER' | 'ADMIN',
  comments: string | undefined,
  fingerprint: string,
) {
  const { version, policy } = await deps.approvals.current(tx);
  const added = await deps.approvals.record(tx, {
    promotionId: p.promotionId,
    role,
    approvedBy: caller.email,
    comments: comments ?? null,
    fingerprint,
    policyVersion: version,
  });
  if (!added) throw new AppError('ALREADY_APPROVED_BY_YOU', 'You have already approved this promotion');
  const left = deps.approvals.remaining(
    policy[deps.approvals.pathOf(p)],
    await deps.approvals.approvals(p.promotionId, tx),
  );
  const stillNeeded = role === 'PEER' ? left.peers : left.admins;
  if (stillNeeded === 0) return false;
  await deps.audit.record(tx, {
    actor: caller.email,
    action: role === 'PEER' ? 'PEER_APPROVED' : 'ADMIN_APPROVED',
    promotionId: p.promotionId,
    fromStatus: p.status,
    toStatus: p.status,
    details: { comments: comments ?? null, stillNeeded },
  });
  return true;
}
