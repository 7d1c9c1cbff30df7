import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion } from '../promotions/promotion-store.ts';
import type { ApprovalService } from './approval-service.ts';
import type { ApprovalRole } from './approval-rules.ts';

const WAITING_FOR_TEST = ['COMPLETED', 'TEST_DEPLOY_FAILED'];

/**
 * The TEST path of the policy (issue 14): when it asks for approvals, a promotion is approved for
 * Test without a status of its own (it stays COMPLETED), and its test deployment is refused until
 * the approvals standing for its current branch content are enough.
 */
export function createTestApprovals(deps: {
  db: Transactor;
  audit: AuditLog;
  approvals: ApprovalService;
  records: { get(promotionId: string): Promise<Promotion | undefined> };
}) {
  const { approvals } = deps;

  /** Approvals standing for what the branch holds now: an earlier content's approval does not count. */
  const standingFor = async (p: Promotion, fingerprint: string) =>
    (await approvals.approvals(p.promotionId)).filter((a) => !a.voidedAt && a.fingerprint === fingerprint);

  return {
    async gate(p: Promotion) {
      const rule = await approvals.rule('TEST');
      if (rule.peerApprovals + rule.adminApprovals === 0) return;
      const left = approvals.remaining(rule, await standingFor(p, await approvals.fingerprint(p)));
      if (left.peers + left.admins === 0) return;
      throw new AppError(
        'TEST_APPROVAL_REQUIRED',
        `The approval policy asks ${rule.peerApprovals} peer and ${rule.adminApprovals} admin approval(s) before ` +
          `a test deployment; ${left.peers} peer and ${left.admins} admin approval(s) are still missing ` +
          '(approveForTest). Approvals of an earlier branch content do not count.',
      );
    },

    async approve(caller: Caller, req: { promotionId: string; comments?: string | undefined }) {
      const p = await deps.records.get(req.promotionId);
      if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${req.promotionId}'`);
      if (!WAITING_FOR_TEST.includes(p.status))
        throw new AppError(
          'INVALID_REVIEW_STATE',
          `Promotion ${p.promotionId} is ${p.status}; approvals for Test are given to a COMPLETED promotion`,
        );
      const { version, policy } = await approvals.current();
      const fingerprint = await approvals.fingerprint(p);
      const left = approvals.remaining(policy.TEST, await standingFor(p, fingerprint));
      if (left.peers + left.admins === 0)
        throw new AppError('ALREADY_REVIEWED', 'It has every approval the TEST path asks; it can be deployed to Test');
      // Peers first, as for production: an admin gives the peer approval while peers are missing.
      const role: ApprovalRole = left.peers > 0 ? 'PEER' : 'ADMIN';
      const why = await approvals.whyNot(caller, p, role);
      if (why)
        throw new AppError(
          why.startsWith('You authored') ? 'SELF_REVIEW_NOT_ALLOWED' : 'NOT_AN_ELIGIBLE_REVIEWER',
          why,
        );
      return deps.db.transaction(async (tx) => {
        // Approvals of an earlier content are void: the branch changed since.
        await approvals.voidStale(tx, p.promotionId, fingerprint);
        const added = await approvals.record(tx, {
          promotionId: p.promotionId,
          role,
          approvedBy: caller.email,
          comments: req.comments ?? null,
          fingerprint,
          policyVersion: version,
        });
        if (!added) throw new AppError('ALREADY_APPROVED_BY_YOU', 'You have already approved it for Test');
        const now = approvals.remaining(policy.TEST, await approvals.approvals(p.promotionId, tx));
        await deps.audit.record(tx, {
          actor: caller.email,
          action: 'TEST_APPROVED',
          promotionId: p.promotionId,
          fromStatus: p.status,
          toStatus: p.status,
          details: { role, comments: req.comments ?? null, stillNeeded: now },
        });
        return { promotionId: p.promotionId, role, remaining: now };
      });
    },
  };
}
