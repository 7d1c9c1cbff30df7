import type { Tier } from './limits.ts';
import type { PromotionStatus } from './promotions.ts';

// Where a promotion stands, for the person looking at it (issue 12): why it is in its status, who
// holds it, and what this viewer may do next. Shared by the service (who may abandon, what a
// conflict's message advises) and the dashboard (My work, P3, P2's warning, error pages), so the
// words and the rules never disagree. Types only from the schemas: the dashboard's first bundle
// must not pull the schema library in for this.

/** Statuses no transition leaves: the record's branch is gone or never existed. */
export const TERMINAL_STATUSES = [
  'FAILED',
  'PEER_REJECTED',
  'ADMIN_REJECTED',
  'DEPLOYED',
  'TEST_CANCELLED',
  'WITHDRAWN',
  'DEPLOYMENT_CANCELLED',
  'ABANDONED',
  'ROLLED_BACK',
] as const satisfies readonly PromotionStatus[];

/**
 * What a person may give up on: a promotion nobody's job is running on and no admin has approved
 * yet. A running job finishes (or the reaper fails it) first; an approved one has P7's ways out.
 */
export const ABANDONABLE_STATUSES = [
  'COMPLETED',
  'TEST_DEPLOYED',
  'TEST_DEPLOY_FAILED',
  'PENDING_PEER_REVIEW',
  'PENDING_ADMIN_REVIEW',
] as const satisfies readonly PromotionStatus[];

const IN_REVIEW: readonly PromotionStatus[] = ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW'];

export const isFinished = (s: PromotionStatus) => (TERMINAL_STATUSES as readonly PromotionStatus[]).includes(s);

/** The fields of a promotion record the guide reads (queryStatus's wire record has them all). */
export interface GuidedPromotion {
  promotionId: string;
  status: PromotionStatus;
  initiatedBy: string;
  submittedBy: string | null;
  promotedFromTestBy: string | null;
  peerReviewedBy: string | null;
  testPromotionId: string | null;
  lastErrorCode: string | null;
  errorMessage: string | null;
  /** A test record's latest production request, when it has one (queryStatus adds it). */
  productionRequest?: { promotionId: string; status: PromotionStatus } | null | undefined;
}

export interface Viewer {
  email: string;
  tier: Tier;
}

export type Holder = 'you' | 'author' | 'peer-reviewers' | 'admins' | 'job' | 'nobody';

/** One thing the viewer may do: a page to go to, the abandon dialog, or only a note (no `to`). */
export interface NextStep {
  label: string;
  to?: string;
  action?: 'abandon' | 'withdraw';
}

export interface PromotionGuide {
  /** One short line: why it is in this status. */
  why: string;
  holder: Holder;
  /** Who holds it, in words ("You", "Admins", "The test deployment job", "Nobody — it is finished"). */
  holderText: string;
  steps: NextStep[];
  finished: boolean;
  /** The viewer may abandon it now (the service checks the same rule). */
  canAbandon: boolean;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** The author, or whoever sent it to production review: the people whose work it is. */
export const isOwner = (p: GuidedPromotion, email: string) =>
  same(p.initiatedBy, email) ||
  (IN_REVIEW.includes(p.status) && (same(p.submittedBy, email) || same(p.promotedFromTestBy, email)));

/**
 * Who may withdraw a promotion from review to change it: whoever submitted it (its author when no
 * submitter was recorded). Unlike abandoning, a withdrawn production request leaves its test
 * deployment in place, ready to be submitted again. The service applies the same rule.
 */
export const isWithdrawer = (p: GuidedPromotion, email: string) =>
  p.submittedBy ? same(p.submittedBy, email) : same(p.initiatedBy, email) || same(p.promotedFromTestBy, email);

/**
 * Who may abandon a promotion in its status: its author; for a review, also its submitter; and
 * any admin. (A test record whose production request is open is refused separately: see guideFor.)
 */
export const mayAbandon = (p: GuidedPromotion, v: Viewer) =>
  (ABANDONABLE_STATUSES as readonly PromotionStatus[]).includes(p.status) &&
  (v.tier === 'ADMIN' || isOwner(p, v.email));

/** A test record is held by its production request while that request is open or deployed. */
const heldByProductionRequest = (p: GuidedPromotion) => !!p.productionRequest && !isGone(p.productionRequest.status);
/** A production request that no longer holds its test record: failed, withdrawn or closed. */
const isGone = (s: PromotionStatus) => s !== 'DEPLOYED' && isFinished(s);

/** What to do about a promotion that blocks another, by its status (P2's warning, conflict errors). */
export function blockerAdvice(status: PromotionStatus): string {
  switch (status) {
    case 'IN_PROGRESS':
      return 'It is being promoted right now: wait for it to finish, then try again.';
    case 'COMPLETED':
      return 'It was promoted but not deployed: open it and continue to deployment, or abandon it.';
    case 'TEST_DEPLOYING':
      return 'It is being deployed to test: wait for the deployment to finish.';
    case 'TEST_DEPLOYED':
      return 'It is deployed to test: promote it to production, or abandon it.';
    case 'TEST_DEPLOY_FAILED':
      return 'Its test deployment failed: retry the deployment, or abandon it.';
    case 'PENDING_PEER_REVIEW':
    case 'PENDING_ADMIN_REVIEW':
      return 'It is waiting for review: withdraw or abandon it, or ask the reviewers to decide.';
    case 'ADMIN_APPROVED':
      return 'It is approved for production: wait for its deployment, or ask an admin to retry or cancel a failed one.';
    default:
      return 'Open it to see where it stands.';
  }
}

const FINISHED_WHY: Partial<Record<PromotionStatus, string>> = {
  DEPLOYED: 'It is deployed to production.',
  PEER_REJECTED: 'A peer reviewer rejected it.',
  ADMIN_REJECTED: 'An admin denied it.',
  WITHDRAWN: 'Its submitter withdrew it from review.',
  TEST_CANCELLED: 'Its test deployment was cancelled.',
  DEPLOYMENT_CANCELLED: 'Its failed production deployment was cancelled.',
  ABANDONED: 'It was abandoned.',
  ROLLED_BACK: 'Its release was rolled back: production runs the release before it again.',
  FAILED: 'The promotion failed.',
};

/** Where a promotion stands for this viewer; see the file comment. */
export function guideFor(p: GuidedPromotion, v: Viewer): PromotionGuide {
  const id = encodeURIComponent(p.promotionId);
  const mine = same(p.initiatedBy, v.email);
  const owner = isOwner(p, v.email);
  const admin = v.tier === 'ADMIN';
  const canAbandon = mayAbandon(p, v) && !heldByProductionRequest(p);
  const abandon: NextStep[] = canAbandon ? [{ label: 'Abandon it', action: 'abandon' }] : [];
  const theirs = (why: string, steps: NextStep[]): PromotionGuide => ({
    why,
    holder: mine ? 'you' : 'author',
    holderText: mine ? 'You' : `Its author, ${p.initiatedBy}`,
    steps: [...steps, ...abandon],
    finished: false,
    canAbandon,
  });
  const held = (why: string, holder: Holder, holderText: string, steps: NextStep[]): PromotionGuide => ({
    why,
    holder,
    holderText,
    steps: [...steps, ...abandon],
    finished: false,
    canAbandon,
  });
  const testDeployment = `/promotions/${id}/deploy?mode=test`;
  const withdraw: NextStep[] =
    IN_REVIEW.includes(p.status) && isWithdrawer(p, v.email) ? [{ label: 'Withdraw it', action: 'withdraw' }] : [];

  switch (p.status) {
    case 'IN_PROGRESS':
      return held('It is being promoted onto its branch right now.', 'job', 'The promotion job', [
        { label: 'Follow its progress', to: `/promotions/${id}` },
      ]);
    case 'COMPLETED':
      return theirs('It was promoted onto its branch but has not been deployed anywhere yet.', [
        { label: 'Continue to deployment', to: `/promotions/${id}` },
      ]);
    case 'TEST_DEPLOYING':
      return held('It is being deployed to test right now.', 'job', 'The test deployment job', [
        { label: 'Follow the test deployment', to: testDeployment },
      ]);
    case 'TEST_DEPLOY_FAILED':
      return theirs(`Its test deployment failed${p.errorMessage ? `: ${p.errorMessage}` : '.'}`, [
        { label: 'Retry the test deployment', to: testDeployment },
      ]);
    case 'TEST_DEPLOYED': {
      const prod = p.productionRequest;
      if (prod && heldByProductionRequest(p)) {
        const open = {
          label: 'Open its production request',
          to: `/promotions/${encodeURIComponent(prod.promotionId)}`,
        };
        if (prod.status === 'DEPLOYED')
          return finished('It reached production through its production request.', [open]);
        const holder = prod.status === 'PENDING_PEER_REVIEW' ? 'peer-reviewers' : 'admins';
        return held(
          `It is deployed to test; its production request is ${phase(prod.status)}.`,
          holder,
          holder === 'admins' ? 'Admins' : PEERS,
          [open],
        );
      }
      return theirs('It is deployed to test and waits to be promoted to production.', [
        { label: 'Promote it to production', to: `/test-deployments/${id}/promote` },
      ]);
    }
    case 'PENDING_PEER_REVIEW':
      return held(
        'It is waiting for a peer review before it can go to production.',
        'peer-reviewers',
        PEERS,
        owner
          ? [{ label: 'Wait for a peer review' }, ...withdraw]
          : [{ label: 'Review it', to: `/reviews/peer/${id}` }],
      );
    case 'PEER_APPROVED':
    case 'PENDING_ADMIN_REVIEW': {
      const mayApprove = admin && !owner && !same(p.peerReviewedBy, v.email);
      return held(
        'A peer approved it; it is waiting for an admin to approve or deny it.',
        'admins',
        'Admins',
        mayApprove
          ? [{ label: 'Approve or deny it', to: `/admin/approvals?selected=${id}` }]
          : [{ label: 'Wait for an admin review' }, ...withdraw],
      );
    }
    case 'ADMIN_APPROVED':
      if (p.lastErrorCode)
        return held(
          `It was approved, but its production deployment failed${p.errorMessage ? `: ${p.errorMessage}` : '.'}`,
          'admins',
          'Admins',
          admin
            ? [{ label: 'Retry or cancel the deployment', to: `/admin/approvals?selected=${id}` }]
            : [{ label: 'Wait for an admin to retry or cancel the deployment' }],
        );
      return held('It was approved; its production deployment is running.', 'job', 'The production deployment job', [
        { label: 'Wait for the deployment' },
      ]);
    case 'FAILED': {
      const missing = p.lastErrorCode === 'MISSING_CONNECTION_MAPPINGS';
      return finished(p.errorMessage ?? FINISHED_WHY.FAILED!, [
        ...(missing
          ? [
              admin
                ? { label: 'Seed the missing connection mappings', to: '/admin/mappings' }
                : { label: 'Ask an admin to seed the missing connection mappings' },
            ]
          : []),
        START_AGAIN,
      ]);
    }
    case 'WITHDRAWN':
      // A withdrawn production request leaves its test deployment waiting for production.
      return finished(
        FINISHED_WHY.WITHDRAWN!,
        p.testPromotionId
          ? [{ label: 'Open its test deployment', to: `/promotions/${encodeURIComponent(p.testPromotionId)}` }]
          : [START_AGAIN],
      );
    case 'DEPLOYED':
      return finished(FINISHED_WHY.DEPLOYED!, []);
    case 'ABANDONED':
      return finished(p.errorMessage ?? FINISHED_WHY.ABANDONED!, [START_AGAIN]);
    case 'ROLLED_BACK':
      // Nothing more can happen to it: its history and the process's releases are all there is.
      return finished(FINISHED_WHY.ROLLED_BACK!, [
        { label: 'See the release history', to: `/releases?promotionId=${id}` },
      ]);
    default:
      return finished(FINISHED_WHY[p.status] ?? 'It is finished.', [START_AGAIN]);
  }
}

const PEERS = 'Peer reviewers (any contributor of the team but its author and submitter)';
const START_AGAIN: NextStep = { label: 'Start again from the Package Browser', to: '/packages' };

const finished = (why: string, steps: NextStep[]): PromotionGuide => ({
  why,
  holder: 'nobody',
  holderText: 'Nobody — it is finished',
  steps,
  finished: true,
  canAbandon: false,
});

const phase = (s: PromotionStatus) =>
  s === 'PENDING_PEER_REVIEW'
    ? 'waiting for a peer review'
    : s === 'PENDING_ADMIN_REVIEW'
      ? 'waiting for an admin review'
      : s === 'ADMIN_APPROVED'
        ? 'approved and being deployed'
        : s.toLowerCase().replace(/_/g, ' ');
