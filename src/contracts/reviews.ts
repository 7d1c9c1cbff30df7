import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';
import { ComponentResult, PROMOTION_STATUSES, Promotion } from './promotions.ts';

const Comments = z.string().trim().max(LIMITS.comments);

export const TargetEnvironment = z.strictObject({
  environmentId: Id,
  environmentName: z.string().max(LIMITS.name).optional(),
});

/** What an admin's approval will run: stored at submission (10-backend.md §1.1 recommended columns). */
export const DeploymentRequest = z.strictObject({
  packageVersion: z.string().trim().min(1).max(LIMITS.packageVersion).optional(),
  deploymentNotes: Comments.optional(),
  createNewPack: z.boolean().optional(),
  existingPackId: Id.optional(),
  newPackName: z.string().trim().min(1).max(100).optional(),
  newPackDescription: Comments.optional(),
  targetEnvironments: z.array(TargetEnvironment).max(20).optional(),
});
export type ProductionChoices = z.output<typeof DeploymentRequest>;

/**
 * The production choices a request makes, leaving out what it does not say (so a correction does
 * not erase the stored rest). Naming an existing pack drops an earlier choice of a new one.
 */
export function productionChoices(r: ProductionChoices): ProductionChoices {
  const named = {
    packageVersion: r.packageVersion,
    deploymentNotes: r.deploymentNotes,
    createNewPack: r.existingPackId ? false : r.createNewPack,
    existingPackId: r.existingPackId,
    newPackName: r.newPackName,
    newPackDescription: r.newPackDescription,
    targetEnvironments: r.targetEnvironments,
  };
  return Object.fromEntries(Object.entries(named).filter(([, v]) => v !== undefined));
}

export const submitForPeerReview = defineContract({
  name: 'submitForPeerReview',
  refs: { promotionId: 'promotion' },
  summary:
    'Send a promotion to production review: an emergency hotfix from a COMPLETED promotion, or production from a TEST_DEPLOYED one (a new PRODUCTION record).',
  minTier: 'CONTRIBUTOR',
  request: DeploymentRequest.extend({
    promotionId: Id,
    isHotfix: z.boolean().optional(),
    hotfixJustification: z.string().max(LIMITS.justification).optional(),
  }),
  response: z.object({
    promotionId: z.string(),
    testPromotionId: z.string().nullable(),
    status: z.enum(PROMOTION_STATUSES),
    /** Production environments without an online runtime: the reviewers see it before approving. */
    runtimeWarnings: z.array(z.string()).optional(),
  }),
});

export const ReviewItem = Promotion.extend({ results: z.array(ComponentResult), notes: z.string().nullable() });

export const queryPeerReviewQueue = defineContract({
  name: 'queryPeerReviewQueue',
  refs: { devAccountId: 'devAccount' },
  summary: "Promotions waiting for a peer review, without the caller's own submissions (10-backend.md §2.8).",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    devAccountId: Id.optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  }),
  response: z.object({ pendingReviews: z.array(ReviewItem), totalCount: z.number().int() }),
});

export const queryAdminReviewQueue = defineContract({
  name: 'queryAdminReviewQueue',
  summary:
    'Admin: promotions waiting for approval (peer-approved), and approved ones whose deployment failed and can be retried.',
  minTier: 'ADMIN',
  request: z.strictObject({
    includeApproved: z.boolean().default(true),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  }),
  response: z.object({ pendingApprovals: z.array(ReviewItem), totalCount: z.number().int() }),
});

export const submitPeerReview = defineContract({
  name: 'submitPeerReview',
  refs: { promotionId: 'promotion' },
  summary: 'Peer decision on a promotion in PENDING_PEER_REVIEW (10-backend.md §2.9); a rejection deletes the branch.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    promotionId: Id,
    decision: z.enum(['APPROVED', 'REJECTED']),
    comments: Comments.optional(),
  }),
  response: z.object({ promotionId: z.string(), newStatus: z.enum(PROMOTION_STATUSES), peerReviewStatus: z.string() }),
});

export const submitAdminReview = defineContract({
  name: 'submitAdminReview',
  refs: { promotionId: 'promotion' },
  summary:
    'Admin decision on a peer-approved promotion: approval runs the stored production deployment as a job; denial deletes the branch.',
  minTier: 'ADMIN',
  async: true,
  request: DeploymentRequest.extend({
    promotionId: Id,
    decision: z.enum(['APPROVED', 'DENIED']),
    comments: Comments.optional(),
    hotfixAcknowledged: z.boolean().optional(),
    /** Approve now, deploy then (ISO instant, future, at most 90 days ahead); a freeze makes it wait. */
    deployAt: z.iso.datetime({ offset: true }).optional(),
    /** Must be true to approve over open drift on the promotion's components (listDrift). */
    driftAcknowledged: z.boolean().optional(),
  }),
  response: z
    .object({ promotionId: z.string(), newStatus: z.enum(PROMOTION_STATUSES), jobId: z.string().nullable() })
    .catchall(z.unknown()),
});

export const withdrawPromotion = defineContract({
  name: 'withdrawPromotion',
  refs: { promotionId: 'promotion' },
  summary:
    'The submitter takes back a promotion waiting for review; its branch is deleted unless a test deployment still holds it.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id, reason: Comments.optional() }),
  response: z.object({ promotionId: z.string(), status: z.enum(PROMOTION_STATUSES), branchDeleted: z.boolean() }),
});

export const abandonPromotion = defineContract({
  name: 'abandonPromotion',
  refs: { promotionId: 'promotion' },
  summary:
    'Give up an open promotion (COMPLETED, TEST_DEPLOYED, TEST_DEPLOY_FAILED or waiting for review): its ' +
    'author, for a review also its submitter, or an admin. The record ends ABANDONED with the reason, its ' +
    'branch is deleted, reviewers who had it in their queue are told. A production request ends its test ' +
    'deployment with it; a test deployment whose production request is open is refused, naming that request.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id, reason: z.string().trim().min(1).max(LIMITS.comments) }),
  response: z.object({
    promotionId: z.string(),
    previousStatus: z.enum(PROMOTION_STATUSES),
    status: z.literal('ABANDONED'),
    /** The test deployment abandoned with its production request, if any. */
    testPromotionId: z.string().nullable(),
    branchDeleted: z.boolean(),
    message: z.string(),
  }),
});
