import type { z } from 'zod';
import type { breakGlassDeploy as contract } from '../../contracts/approval-policy.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ApprovalStepDeps } from './approval-steps.ts';
import { assertEligible } from './approval-steps.ts';
import type { ProductionDeployments } from './review-ports.ts';

export type BreakGlassRequest = z.output<typeof contract.request>;

/**
 * An emergency hotfix deployed with fewer approvals than the policy asks: only for HOTFIX, only
 * when the policy allows it, never by someone who authored it. It passes a freeze window. It is
 * its own audit event, every admin gets an email, and the record carries it for every page.
 */
export async function breakGlassDeploy(
  deps: ApprovalStepDeps & { production: ProductionDeployments | undefined },
  caller: Caller,
  req: BreakGlassRequest,
) {
  const production = deps.production;
  if (!production) throw new AppError('DEPLOYMENT_FAILED', 'Production deployment is not available in this release');
  const before = await deps.records.get(req.promotionId);
  if (!before) throw new AppError('PROMOTION_NOT_FOUND', `No promotion ${req.promotionId}`);
  await production.check((before.deploymentRequest ?? {}) as Parameters<ProductionDeployments['check']>[0]);
  return deps.db.transaction(async (tx) => {
    const p = await deps.records.getForUpdate(tx, req.promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion ${req.promotionId}`);
    if (!p.isHotfix)
      throw new AppError('BREAK_GLASS_NOT_ALLOWED', 'Break-glass is for emergency hotfixes only; this is not one');
    if (p.status !== 'PENDING_PEER_REVIEW' && p.status !== 'PENDING_ADMIN_REVIEW')
      throw new AppError(
        'INVALID_REVIEW_STATE',
        `Promotion ${p.promotionId} is ${p.status}; break-glass applies to a hotfix waiting for review`,
      );
    const { version, policy } = await deps.approvals.current(tx);
    if (!policy.HOTFIX.breakGlass)
      throw new AppError(
        'BREAK_GLASS_NOT_ALLOWED',
        `The approval policy (version ${version}) does not allow break-glass for hotfixes; an admin can change it`,
      );
    // Someone who authored the hotfix may not wave it through either; groups and team rules still hold.
    await assertEligible(deps, tx, caller, p, 'ADMIN');
    const approvals = (await deps.approvals.approvals(p.promotionId, tx)).filter((a) => !a.voidedAt);
    const now = new Date();
    const next = await deps.records.transition(tx, p.promotionId, 'breakGlass', {
      adminApprovedBy: caller.email,
      adminApprovedAt: now,
      adminComments: `Break-glass: ${req.reason}`,
      breakGlassBy: caller.email,
      breakGlassReason: req.reason,
      breakGlassAt: now,
    });
    if (!next) throw new AppError('ALREADY_REVIEWED', 'This promotion changed meanwhile; reload it');
    const jobId = await production.enqueue(tx, p.promotionId, caller.email, { breakGlass: true });
    const required = { peers: policy.HOTFIX.peerApprovals, admins: policy.HOTFIX.adminApprovals };
    await deps.audit.record(tx, {
      actor: caller.email,
      action: 'BREAK_GLASS_DEPLOYMENT',
      promotionId: p.promotionId,
      fromStatus: p.status,
      toStatus: next.status,
      details: {
        reason: req.reason,
        policyVersion: version,
        required,
        approvals: approvals.map((a) => ({ role: a.role, approvedBy: a.approvedBy })),
        jobId,
      },
    });
    await deps.notify(tx, 'BREAK_GLASS_DEPLOYMENT', next, caller, {
      reason: req.reason,
      approvers: approvals.map((a) => a.approvedBy),
      required,
    });
    return { promotionId: p.promotionId, newStatus: next.status, jobId };
  });
}
