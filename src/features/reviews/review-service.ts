import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  productionChoices,
  type submitAdminReview,
  type submitForPeerReview,
  type submitPeerReview,
  type withdrawPromotion,
} from '../../contracts/reviews.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';
import { sameEmail, type Caller } from '../../platform/http/caller.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { Notify, ProductionDeployments } from './review-ports.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import { promotionToWire, resultToWire } from '../promotions/promotion-presenter.ts';
import { createBranchDropper } from './drop-branch.ts';
import { abandonPromotion, type AbandonRequest } from './abandon-promotion.ts';
import { isWithdrawer } from '../../contracts/promotion-guide.ts';
import type { ApprovalService } from '../approvals/approval-service.ts';
import { assertEligible, currentContent, skipPeerReviewIfNone, voidApprovals } from './approval-steps.ts';
import { breakGlassDeploy, type BreakGlassRequest } from './break-glass.ts';
import type { DriftedComponent } from '../drift/drift-service.ts';
import { auditDriftAcknowledged, requireDriftAcknowledgement, type DriftGate } from './drift-acknowledgement.ts';

type SubmitRequest = z.output<typeof submitForPeerReview.request>;
type PeerRequest = z.output<typeof submitPeerReview.request>;
type AdminRequest = z.output<typeof submitAdminReview.request>;
type WithdrawRequest = z.output<typeof withdrawPromotion.request>;

export type { EmailExtra, Notify, ProductionDeployments, ReviewEmail } from './review-ports.ts';

export interface ReviewDeps {
  db: Transactor;
  records: PromotionRecords;
  accounts: AccountService;
  audit: AuditLog;
  boomi: BoomiClient;
  notify: Notify;
  production: ProductionDeployments | undefined;
  /** Refuses an admin approval an admin's rule forbids (extensions not ready for production). */
  approvalGate?: ((promotionId: string) => Promise<void>) | undefined;
  /** The approval policy: who may approve what, how many, and whether an approval still stands. */
  approvals: ApprovalService;
  /** Open drift on the promotion's components: approving over it needs `driftAcknowledged` (issue 14). */
  driftGate?: DriftGate | undefined;
}

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
    async submitForPeerReview(caller: Caller, req: SubmitRequest) {
      const source = await load(req.promotionId);
      const request = productionChoices(req);
      // What production will need is checked now, not discovered by its deployment after two reviews.
      const checkRequest = () => deps.production?.check(request);
      const runtimeWarnings = async () => {
        const warnings = (await deps.production?.warnings(request)) ?? [];
        return warnings.length ? { runtimeWarnings: warnings } : {};
      };
      if (source.status === 'COMPLETED') {
        if (req.isHotfix !== true)
          throw new AppError(
            'INVALID_DEPLOYMENT_TARGET',
            'A completed promotion goes to TEST first, or to PRODUCTION as an emergency hotfix (isHotfix=true with a justification).',
          );
        if (!req.hotfixJustification?.trim())
          throw new AppError('HOTFIX_JUSTIFICATION_REQUIRED', 'Hotfix justification is required');
        if (!sameEmail(source.initiatedBy, caller.email) && caller.tier !== 'ADMIN')
          throw new AppError(
            'NOT_PROMOTION_INITIATOR',
            'Only the author of the promotion (or an admin) may submit it as a hotfix',
          );
        await checkRequest();
        await deps.approvals.assertSatisfiable({
          ...source,
          isHotfix: true,
          targetEnvironment: 'PRODUCTION',
          submittedBy: caller.email,
        });
        const updated = await db.transaction(async (tx) => {
          const p = await records.transition(tx, source.promotionId, 'submitHotfix', {
            isHotfix: true,
            hotfixJustification: req.hotfixJustification!.trim(),
            targetEnvironment: 'PRODUCTION',
            deploymentRequest: request,
            packageVersion: req.packageVersion ?? source.packageVersion,
            deploymentNotes: req.deploymentNotes ?? null,
            submittedBy: caller.email,
            submittedAt: new Date(),
          });
          if (!p)
            throw new AppError('INVALID_PROMOTION_STATUS', 'The promotion changed while you submitted it; reload it');
          await audit.record(tx, {
            actor: caller.email,
            action: 'HOTFIX_SUBMITTED',
            promotionId: p.promotionId,
            fromStatus: 'COMPLETED',
            toStatus: p.status,
            details: { hotfixJustification: p.hotfixJustification, deploymentRequest: request },
          });
          const skipped = await skipPeerReviewIfNone(steps, tx, p, caller);
          if (!skipped) await deps.notify(tx, 'HOTFIX_REVIEW_NEEDED', p, caller);
          return skipped ?? p;
        });
        return {
          promotionId: updated.promotionId,
          testPromotionId: null,
          status: updated.status,
          ...(await runtimeWarnings()),
        };
      }
      if (source.status === 'TEST_DEPLOYED' && source.targetEnvironment === 'TEST') {
        if (req.isHotfix)
          throw new AppError(
            'INVALID_DEPLOYMENT_TARGET',
            'A tested promotion goes to production through review, not as a hotfix',
          );
        // Boomi keeps one package per version of a process: production cannot reuse the test's.
        if (!req.packageVersion || req.packageVersion === source.packageVersion) {
          throw new AppError(
            'INVALID_REQUEST',
            `packageVersion: give the production package a version other than the test package's (${source.packageVersion ?? 'none'})`,
            { details: { field: 'packageVersion' } },
          );
        }
        // Whether it may go at all is answered before whether the request is complete.
        const waiting = async (test: Promotion, tx?: Tx) => {
          const live = (await records.productionRecordsOf(test.promotionId, tx)).filter(
            (r) => r.status !== 'FAILED' && r.status !== 'WITHDRAWN',
          );
          if (test.status !== 'TEST_DEPLOYED' || live.length)
            throw new AppError(
              'TEST_PROMOTION_NOT_FOUND',
              `Test promotion ${test.promotionId} is not a test deployment waiting for production`,
            );
        };
        await waiting(source);
        await checkRequest();
        const promotionId = randomUUID();
        await deps.approvals.assertSatisfiable({
          ...source,
          promotionId,
          testPromotionId: source.promotionId,
          isHotfix: false,
          targetEnvironment: 'PRODUCTION',
          submittedBy: caller.email,
          promotedFromTestBy: caller.email,
        });
        const created = await db.transaction(async (tx) => {
          const test = await load(source.promotionId, tx);
          await waiting(test, tx);
          const p = await records.insertFromTest(tx, test, {
            promotionId,
            submittedBy: caller.email,
            deploymentRequest: request,
            packageVersion: req.packageVersion ?? null,
            deploymentNotes: req.deploymentNotes ?? null,
          });
          await audit.record(tx, {
            actor: caller.email,
            action: 'PRODUCTION_SUBMITTED',
            promotionId,
            toStatus: p.status,
            details: { testPromotionId: test.promotionId, deploymentRequest: request },
          });
          const skipped = await skipPeerReviewIfNone(steps, tx, p, caller);
          if (!skipped) await deps.notify(tx, 'PEER_REVIEW_NEEDED', p, caller);
          return skipped ?? p;
        });
        return {
          promotionId: created.promotionId,
          testPromotionId: source.promotionId,
          status: created.status,
          ...(await runtimeWarnings()),
        };
      }
      if (source.targetEnvironment === 'TEST' || source.status.startsWith('TEST_'))
        throw new AppError(
          'TEST_PROMOTION_NOT_FOUND',
          `Test promotion ${source.promotionId} is ${source.status}, not TEST_DEPLOYED`,
        );
      throw new AppError(
        'INVALID_PROMOTION_STATUS',
        `Promotion ${source.promotionId} is ${source.status}; only COMPLETED (hotfix) or TEST_DEPLOYED promotions go to production review`,
      );
    },

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
        for (const p of candidates.rows) if (!(await deps.approvals.whyNot(caller, p, 'PEER'))) keep.push(p);
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
          const { version, policy } = await deps.approvals.current(tx);
          const rule = policy[deps.approvals.pathOf(p)];
          await deps.approvals.record(tx, {
            promotionId: p.promotionId,
            role: 'PEER',
            approvedBy: caller.email,
            comments: req.comments ?? null,
            fingerprint: content!.fingerprint,
            policyVersion: version,
          });
          const left = deps.approvals.remaining(rule, await deps.approvals.approvals(p.promotionId, tx));
          if (left.peers > 0) {
            // A quorum: this approval counts, the record waits for the others.
            await audit.record(tx, {
              actor: caller.email,
              action: 'PEER_APPROVED',
              promotionId: p.promotionId,
              fromStatus: p.status,
              toStatus: p.status,
              details: { comments: req.comments ?? null, peerApprovalsStillNeeded: left.peers },
            });
            return p;
          }
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
          const { version, policy } = await deps.approvals.current(tx);
          await deps.approvals.record(tx, {
            promotionId: p.promotionId,
            role: 'ADMIN',
            approvedBy: caller.email,
            comments: req.comments ?? null,
            fingerprint: content?.fingerprint ?? '',
            policyVersion: version,
          });
          const rule = policy[deps.approvals.pathOf(p)];
          const left = deps.approvals.remaining(rule, await deps.approvals.approvals(p.promotionId, tx));
          if (left.admins > 0) {
            await audit.record(tx, {
              actor: caller.email,
              action: 'ADMIN_APPROVED',
              promotionId: p.promotionId,
              fromStatus: p.status,
              toStatus: p.status,
              details: { comments: req.comments ?? null, adminApprovalsStillNeeded: left.admins },
            });
            return { promotion: p, jobId: null };
          }
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
