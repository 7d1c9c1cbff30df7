import type { z } from 'zod';
import {
  productionChoices,
  type submitAdminReview,
  type submitForPeerReview,
  type submitPeerReview,
  type withdrawPromotion,
} from '../../contracts/reviews.ts';
import { AppError } from '../../platform/errors.ts';
import { sameEmail, type Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { ReviewDeps } from './review-ports.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import { promotionToWire, resultToWire } from '../promotions/promotion-presenter.ts';
import { createBranchDropper } from './drop-branch.ts';
import { abandonPromotion, type AbandonRequest } from './abandon-promotion.ts';
import { isWithdrawer } from '../../contracts/promotion-guide.ts';
import { assertEligible, countApproval, currentContent, voidApprovals } from './approval-steps.ts';
import { breakGlassDeploy, type BreakGlassRequest } from './break-glass.ts';
import { submitForReview } from './submit-for-review.ts';
import type { DriftedComponent } from '../drift/drift-service.ts';
import { auditDriftAcknowledged, requireDriftAcknowledgement } from './drift-acknowledgement.ts';

type SubmitRequest = z.output<typeof submitForPeerReview.request>;
type PeerRequest = z.output<typeof submitPeerReview.request>;
type AdminRequest = z.output<typeof submitAdminReview.request>;
type WithdrawRequest = z.output<typeof withdrawPromotion.request>;

export type { EmailExtra, Notify, ProductionDeployments, ReviewDeps, ReviewEmail } from './review-ports.ts';

const REVIEWABLE_LATER: readonly string[] = [
  'PENDING_ADMIN_REVIEW',
  'PEER_REJECTED',
  'ADMIN_APPROVED',
  'ADMIN_REJECTED',
  'DEPLOYED',
  'WITHDRAWN',
];

/** Everyone whose work ships: the author and, for production from test, the submitter. */
const isAuthorOrSubmitter = (p: Promotion, email: string) =>
  sameEmail(p.initiatedBy, email) || sameEmail(p.submittedBy, email) || sameEmail(p.promotedFromTestBy, email);

export function createReviewService(deps: ReviewDeps) {
  const { db, records, audit } = deps;

  const load = async (id: string, tx?: Tx) => {
    const p = tx ? await records.getForUpdate(tx, id) : await records.get(id);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion ${id}`);
    return p;
  };

  const dropBranch = createBranchDropper(deps);
  const steps = { db, records, audit, notify: deps.notify, approvals: deps.approvals };

  return {
    submitForPeerReview: (caller: Caller, req: SubmitRequest) => submitForReview({ deps, load, steps }, caller, req),

    async peerQueue(caller: Caller, req: { devAccountId?: string | undefined; limit: number }) {
      const accounts = await deps.accounts.accountsToList(caller, req.devAccountId);
      const query = (devAccountIds: string[] | undefined) =>
        records.query({
          status: 'PENDING_PEER_REVIEW',
          devAccountIds,
          excludeEmail: caller.email,
          withResults: true,
          limit: req.limit,
          offset: 0,
        });
      const page = await query(accounts);
      const { policy } = await deps.approvals.current();
      const paths = [policy.PRODUCTION, policy.HOTFIX];
      // Under a policy other than today's, the queue is who may review: other teams' records the
      // policy sends this caller, without the ones they may not review or already approved.
      const crossTeam = paths.some((r) => !r.authorTeamMayReview || r.peerGroups.length > 0);
      if (crossTeam || paths.some((r) => r.peerApprovals > 1)) {
        const candidates = crossTeam && accounts && !req.devAccountId ? await query(undefined) : page;
        const keep = [];
        for (const p of candidates.rows)
          if (!(await deps.approvals.whyNot(caller, p, 'PEER', undefined, policy))) keep.push(p);
        page.rows = keep;
        page.results = candidates.results;
      }
      const pendingReviews = reviewItems(page);
      return { pendingReviews, totalCount: pendingReviews.length };
    },

    async adminQueue(req: { includeApproved: boolean; limit: number }) {
      const pending = reviewItems(
        await records.query({ status: 'PENDING_ADMIN_REVIEW', withResults: true, limit: req.limit, offset: 0 }),
      );
      const approved = req.includeApproved
        ? reviewItems(await records.query({ status: 'ADMIN_APPROVED', withResults: true, limit: req.limit, offset: 0 }))
        : [];
      const pendingApprovals = [...pending, ...approved].slice(0, req.limit);
      return { pendingApprovals, totalCount: pendingApprovals.length };
    },

    async submitPeerReview(caller: Caller, req: PeerRequest) {
      if (req.decision === 'REJECTED' && !req.comments)
        throw new AppError('INVALID_REQUEST', 'comments: a rejection needs a reason', {
          details: { field: 'comments' },
        });
      const approve = req.decision === 'APPROVED';
      // What this approval is for, read from Boomi before the transaction (approvals of other content are voided).
      const before = await load(req.promotionId);
      const content =
        approve && before.status === 'PENDING_PEER_REVIEW' ? await currentContent(steps, before) : undefined;
      const result = await db.transaction(async (tx) => {
        const p = await load(req.promotionId, tx);
        if (isAuthorOrSubmitter(p, caller.email))
          throw new AppError('SELF_REVIEW_NOT_ALLOWED', 'You cannot review your own submission');
        if (REVIEWABLE_LATER.includes(p.status))
          throw new AppError('ALREADY_REVIEWED', `This promotion has already been reviewed (${p.status})`);
        if (p.status !== 'PENDING_PEER_REVIEW')
          throw new AppError(
            'INVALID_REVIEW_STATE',
            `Promotion ${p.promotionId} is ${p.status}, not waiting for a peer review`,
          );
        await assertEligible(steps, tx, caller, p, 'PEER');
        if (approve) {
          const waiting = await countApproval(steps, tx, caller, p, 'PEER', req.comments, content!.fingerprint);
          if (waiting) return p;
        }
        const next = await records.transition(tx, p.promotionId, approve ? 'peerApprove' : 'peerReject', {
          peerReviewedBy: caller.email,
          peerReviewedAt: new Date(),
          peerReviewComments: req.comments ?? null,
        });
        if (!next) throw new AppError('ALREADY_REVIEWED', 'This promotion has already been reviewed');
        if (!approve && p.testPromotionId) await records.transition(tx, p.testPromotionId, 'cancelTest');
        await audit.record(tx, {
          actor: caller.email,
          action: approve ? 'PEER_APPROVED' : 'PEER_REJECTED',
          promotionId: p.promotionId,
          fromStatus: p.status,
          toStatus: next.status,
          details: { comments: req.comments ?? null },
        });
        await deps.notify(tx, approve ? 'PEER_APPROVED' : 'PEER_REJECTED', next, caller);
        const { policy } = await deps.approvals.current(tx);
        if (!approve || policy[deps.approvals.pathOf(p)].adminApprovals > 0 || !deps.production) return next;
        // The policy asks no admin on this path: the last peer approval starts the deployment.
        const approved = await records.transition(tx, p.promotionId, 'adminApprove', {});
        if (!approved) return next;
        const jobId = await deps.production.enqueue(tx, p.promotionId, caller.email);
        await audit.record(tx, {
          actor: caller.email,
          action: 'ADMIN_APPROVAL_NOT_REQUIRED',
          promotionId: p.promotionId,
          fromStatus: next.status,
          toStatus: approved.status,
          details: { reason: 'The approval policy asks no admin approval on this path', jobId },
        });
        return approved;
      });
      // A rejected promotion never ships: its branch goes (D6). The test record no longer holds it.
      if (result.status === 'PEER_REJECTED') await dropBranch(result);
      return {
        promotionId: result.promotionId,
        newStatus: result.status,
        peerReviewStatus: result.peerReviewStatus ?? '',
      };
    },

    async submitAdminReview(caller: Caller, req: AdminRequest) {
      const approve = req.decision === 'APPROVED';
      if (!approve && !req.comments)
        throw new AppError('INVALID_REQUEST', 'comments: a denial needs a reason', { details: { field: 'comments' } });
      const overrides = productionChoices(req);
      let content: { fingerprint: string } | undefined;
      let drifted: DriftedComponent[] = [];
      if (approve && deps.production) {
        const current = await load(req.promotionId);
        if (current.status === 'PENDING_ADMIN_REVIEW') {
          await deps.production.check({ ...(current.deploymentRequest ?? {}), ...overrides });
          await deps.approvalGate?.(current.promotionId);
          const now = await currentContent(steps, current);
          if (now.voided && (await load(current.promotionId)).status !== 'PENDING_ADMIN_REVIEW')
            throw new AppError(
              'APPROVALS_VOIDED',
              'What the peers approved has changed since (the branch content or the deployment request): ' +
                'their approvals no longer count and the promotion went back to peer review.',
            );
          content = now;
          drifted = await requireDriftAcknowledgement(deps.driftGate, current.promotionId, req.driftAcknowledged);
        }
      }
      const result = await db.transaction(async (tx) => {
        const p = await load(req.promotionId, tx);
        if (isAuthorOrSubmitter(p, caller.email) || sameEmail(p.peerReviewedBy, caller.email)) {
          throw new AppError(
            'SELF_APPROVAL_NOT_ALLOWED',
            'The author, the submitter and the peer reviewer cannot also give the admin approval',
          );
        }
        if (p.status === 'PENDING_ADMIN_REVIEW') await assertEligible(steps, tx, caller, p, 'ADMIN');
        if (p.status !== 'PENDING_ADMIN_REVIEW') {
          throw new AppError(
            ['ADMIN_APPROVED', 'ADMIN_REJECTED', 'DEPLOYED'].includes(p.status)
              ? 'ALREADY_REVIEWED'
              : 'INVALID_REVIEW_STATE',
            `Promotion ${p.promotionId} is ${p.status}, not waiting for an admin`,
          );
        }
        if (approve && p.isHotfix && req.hotfixAcknowledged !== true)
          throw new AppError(
            'HOTFIX_ACKNOWLEDGEMENT_REQUIRED',
            'Approving an emergency hotfix needs the explicit acknowledgement (hotfixAcknowledged=true)',
          );
        if (approve && !deps.production)
          throw new AppError('DEPLOYMENT_FAILED', 'Production deployment is not available in this release');
        if (approve) {
          const waiting = await countApproval(steps, tx, caller, p, 'ADMIN', req.comments, content?.fingerprint ?? '');
          // Choices change what the other admins approve: only the approval that completes the quorum may make them.
          if (waiting && Object.keys(overrides).length)
            throw new AppError(
              'INVALID_REQUEST',
              'Deployment choices can be corrected only by the last admin approval the policy asks; approve ' +
                'without them, or wait for the other admins',
            );
          if (waiting) return { promotion: p, jobId: null };
        }
        const next = await records.transition(tx, p.promotionId, approve ? 'adminApprove' : 'adminDeny', {
          adminApprovedBy: caller.email,
          adminApprovedAt: new Date(),
          adminComments: req.comments ?? null,
          ...(Object.keys(overrides).length
            ? { deploymentRequest: { ...(p.deploymentRequest ?? {}), ...overrides } }
            : {}),
        });
        if (!next) throw new AppError('ALREADY_REVIEWED', 'This promotion has already been reviewed');
        if (!approve && p.testPromotionId) await records.transition(tx, p.testPromotionId, 'cancelTest');
        const runAt = req.deployAt ? new Date(req.deployAt) : undefined;
        const jobId = approve ? await deps.production!.enqueue(tx, p.promotionId, caller.email, { runAt }) : null;
        await audit.record(tx, {
          actor: caller.email,
          action: approve ? 'ADMIN_APPROVED' : 'ADMIN_DENIED',
          promotionId: p.promotionId,
          fromStatus: p.status,
          toStatus: next.status,
          details: {
            comments: req.comments ?? null,
            hotfixAcknowledged: req.hotfixAcknowledged ?? false,
            isHotfix: p.isHotfix,
            jobId,
          },
        });
        if (approve)
          await auditDriftAcknowledged(audit, tx, {
            actor: caller.email,
            promotionId: p.promotionId,
            status: next.status,
            drifted,
          });
        if (!approve) await deps.notify(tx, 'ADMIN_DENIED', next, caller);
        return { promotion: next, jobId };
      });
      if (!approve) await dropBranch(result.promotion);
      return {
        promotionId: result.promotion.promotionId,
        newStatus: result.promotion.status,
        jobId: result.jobId,
        ...(approve && req.deployAt ? { scheduledDeployAt: new Date(req.deployAt).toISOString() } : {}),
      };
    },

    async withdraw(caller: Caller, req: WithdrawRequest) {
      const result = await db.transaction(async (tx) => {
        const p = await load(req.promotionId, tx);
        if (!isWithdrawer(p, caller.email)) {
          throw new AppError('NOT_PROMOTION_INITIATOR', 'Only the submitter can withdraw a promotion');
        }
        const next = await records.transition(tx, p.promotionId, 'withdraw', {
          errorMessage: req.reason ? `Withdrawn: ${req.reason}` : 'Withdrawn by the submitter',
        });
        if (!next)
          throw new AppError(
            'INVALID_PROMOTION_STATUS',
            `Promotion ${p.promotionId} is ${p.status}; only promotions waiting for review can be withdrawn`,
          );
        await audit.record(tx, {
          actor: caller.email,
          action: 'PROMOTION_WITHDRAWN',
          promotionId: p.promotionId,
          fromStatus: p.status,
          toStatus: next.status,
          details: { reason: req.reason ?? null },
        });
        return next;
      });
      const branchDeleted = await dropBranch(result);
      return { promotionId: result.promotionId, status: result.status, branchDeleted };
    },

    abandon: (caller: Caller, req: AbandonRequest) => abandonPromotion({ ...deps, dropBranch }, caller, req),

    breakGlass: (caller: Caller, req: BreakGlassRequest) =>
      breakGlassDeploy({ ...steps, production: deps.production }, caller, req),

    /** Voids the approvals of a record whose approved content changed elsewhere (drift on main). */
    voidApprovals: (promotionId: string, reason: string) => voidApprovals(steps, promotionId, reason),
  };
}

/**
 * Review items carry their per-component results, read with the page. Added to the wire record,
 * not spread into a new one: a spread copy of 50 fields became a slow dictionary object that cost
 * the queue three times its time in validation and serialization.
 */
function reviewItems(page: Awaited<ReturnType<PromotionRecords['query']>>) {
  return page.rows.map((p) =>
    Object.assign(promotionToWire(p), {
      notes: p.deploymentNotes,
      results: (page.results?.get(p.promotionId) ?? []).map(resultToWire),
    }),
  );
}

export type ReviewService = ReturnType<typeof createReviewService>;
