import type { PromotionStatus } from '../../contracts/promotions.ts';
import { ABANDONABLE_STATUSES, TERMINAL_STATUSES } from '../../contracts/promotion-guide.ts';

/**
 * Every status change of a promotion record (10-backend.md §1.2.2 as the spec README amends it:
 * TEST from the branch, production records created from a test record, withdrawal, cancellation
 * and abandonment). Stores apply a transition as `UPDATE ... WHERE status = from`, so of two
 * concurrent callers exactly one wins.
 */
export const TRANSITIONS = {
  complete: { from: ['IN_PROGRESS'], to: 'COMPLETED' },
  fail: { from: ['IN_PROGRESS'], to: 'FAILED' },
  startTestDeployment: { from: ['COMPLETED', 'TEST_DEPLOY_FAILED'], to: 'TEST_DEPLOYING' },
  testDeployed: { from: ['TEST_DEPLOYING'], to: 'TEST_DEPLOYED' },
  testDeploymentFailed: { from: ['TEST_DEPLOYING'], to: 'TEST_DEPLOY_FAILED' },
  submitHotfix: { from: ['COMPLETED'], to: 'PENDING_PEER_REVIEW' },
  peerApprove: { from: ['PENDING_PEER_REVIEW'], to: 'PENDING_ADMIN_REVIEW' },
  peerReject: { from: ['PENDING_PEER_REVIEW'], to: 'PEER_REJECTED' },
  adminApprove: { from: ['PENDING_ADMIN_REVIEW'], to: 'ADMIN_APPROVED' },
  adminDeny: { from: ['PENDING_ADMIN_REVIEW'], to: 'ADMIN_REJECTED' },
  deployed: { from: ['ADMIN_APPROVED'], to: 'DEPLOYED' },
  withdraw: { from: ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW'], to: 'WITHDRAWN' },
  approvalsVoided: { from: ['PENDING_ADMIN_REVIEW'], to: 'PENDING_PEER_REVIEW' },
  breakGlass: { from: ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW'], to: 'ADMIN_APPROVED' },
  cancelTest: { from: ['TEST_DEPLOYED', 'TEST_DEPLOY_FAILED'], to: 'TEST_CANCELLED' },
  cancelDeployment: { from: ['ADMIN_APPROVED'], to: 'DEPLOYMENT_CANCELLED' },
  abandon: { from: ABANDONABLE_STATUSES, to: 'ABANDONED' },
  rollBack: { from: ['DEPLOYED'], to: 'ROLLED_BACK' },
} as const satisfies Record<string, { from: readonly PromotionStatus[]; to: PromotionStatus }>;

export type Transition = keyof typeof TRANSITIONS;

/**
 * Who applies each transition. A `person` may choose it whenever the status holds; a `job` applies
 * it only when its work succeeds; the `reaper` applies it even when the process running the job
 * died. The state machine test proves that every status a record can reach has a way to an end
 * state through people and the reaper alone, so no record waits on work that keeps failing.
 */
export const APPLIED_BY: Record<Transition, { by: 'person' | 'job' | 'reaper'; who: string }> = {
  complete: { by: 'job', who: 'the promotion job' },
  fail: { by: 'reaper', who: 'the promotion job, or the reaper when its process died' },
  startTestDeployment: { by: 'person', who: 'a contributor of the team (packageAndDeploy TEST)' },
  testDeployed: { by: 'job', who: 'the test deployment job' },
  testDeploymentFailed: { by: 'reaper', who: 'the test deployment job, or the reaper when its process died' },
  submitHotfix: { by: 'person', who: 'the author or an admin (submitForPeerReview, isHotfix)' },
  peerApprove: { by: 'person', who: 'a peer who is not the author or submitter (submitPeerReview)' },
  peerReject: { by: 'person', who: 'a peer who is not the author or submitter (submitPeerReview)' },
  adminApprove: { by: 'person', who: 'an admin who is not the author, submitter or peer (submitAdminReview)' },
  adminDeny: { by: 'person', who: 'an admin who is not the author, submitter or peer (submitAdminReview)' },
  deployed: { by: 'job', who: 'the production deployment job (on approval, or an admin retry)' },
  withdraw: { by: 'person', who: 'the submitter (withdrawPromotion)' },
  approvalsVoided: {
    by: 'job',
    who: 'Promo, when what was approved changed before it shipped (branch, request, or drift on main)',
  },
  breakGlass: { by: 'person', who: 'an admin, for a HOTFIX the policy lets break glass (breakGlassDeploy)' },
  cancelTest: { by: 'person', who: 'the initiator or an admin (cancelTestDeployment), or a rejection of its request' },
  cancelDeployment: {
    by: 'person',
    who: 'an admin, once the production deployment failed (cancelProductionDeployment)',
  },
  abandon: {
    by: 'person',
    who: 'the author (for a review, also the submitter) or an admin (abandonPromotion)',
  },
  rollBack: { by: 'job', who: 'the rollback job, once a rollback of its release is done (rollbackRelease)' },
};

/**
 * Transitions out of a finished record: its own work is over (DEPLOYED holds no branch), and a
 * later rollback of its release only relabels it.
 */
export const AFTER_FINISHED: readonly Transition[] = ['rollBack'];

export const TERMINAL: readonly PromotionStatus[] = TERMINAL_STATUSES;

/** Open promotions hold a branch and components that have not reached main yet. */
export const isOpen = (s: PromotionStatus) => !TERMINAL.includes(s);

export const canApply = (t: Transition, from: PromotionStatus) =>
  (TRANSITIONS[t].from as readonly PromotionStatus[]).includes(from);

/** The review sub-statuses always move with `status`, which is authoritative (§8 #19). */
export function reviewStatusesFor(status: PromotionStatus): { peerReviewStatus?: string; adminReviewStatus?: string } {
  switch (status) {
    case 'PENDING_PEER_REVIEW':
      return { peerReviewStatus: 'PENDING_PEER_REVIEW' };
    case 'PEER_REJECTED':
      return { peerReviewStatus: 'PEER_REJECTED' };
    case 'PENDING_ADMIN_REVIEW':
      return { peerReviewStatus: 'PEER_APPROVED', adminReviewStatus: 'PENDING_ADMIN_REVIEW' };
    case 'ADMIN_APPROVED':
    case 'DEPLOYED':
    case 'ROLLED_BACK':
    case 'DEPLOYMENT_CANCELLED':
      return { peerReviewStatus: 'PEER_APPROVED', adminReviewStatus: 'ADMIN_APPROVED' };
    case 'ADMIN_REJECTED':
      return { peerReviewStatus: 'PEER_APPROVED', adminReviewStatus: 'ADMIN_REJECTED' };
    default:
      return {};
  }
}
