import {
  abandonPromotion,
  queryAdminReviewQueue,
  queryPeerReviewQueue,
  submitAdminReview,
  submitForPeerReview,
  submitPeerReview,
  withdrawPromotion,
} from '../../contracts/reviews.ts';
import { breakGlassDeploy } from '../../contracts/approval-policy.ts';
import type { PromotionStatus } from '../../contracts/promotions.ts';
import { bindAction } from '../../platform/http/actions.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReviewService } from './review-service.ts';

type Decided = { promotionId: string; newStatus: PromotionStatus; jobId: string | null };

type AwaitProduction = (
  jobId: string,
) => Promise<
  | { state: 'running' }
  | { state: 'finished'; response: Record<string, unknown>; failed: boolean; errorCode?: string; errorMessage?: string }
>;

export function reviewActions(service: ReviewService, awaitProduction: AwaitProduction) {
  /** An approval that starts the production deployment (D3) answers with its result when it is quick. */
  async function answer(decided: Decided, respondAsync: boolean) {
    // A scheduled deployment runs later: the approval is the answer.
    if (!decided.jobId || 'scheduledDeployAt' in decided) return decided;
    if (respondAsync)
      return {
        httpStatus: 202 as const,
        jobId: decided.jobId,
        promotionId: decided.promotionId,
        status: decided.newStatus,
      };
    const done = await awaitProduction(decided.jobId);
    if (done.state === 'running')
      return {
        httpStatus: 202 as const,
        jobId: decided.jobId,
        promotionId: decided.promotionId,
        status: decided.newStatus,
      };
    if (done.failed) {
      throw new AppError(
        (done.errorCode ?? 'DEPLOYMENT_FAILED') as 'DEPLOYMENT_FAILED',
        done.errorMessage ??
          'The production deployment failed; the branch is kept and an admin can retry with packageAndDeploy PRODUCTION',
        { fields: { ...done.response, jobId: decided.jobId } },
      );
    }
    return {
      ...done.response,
      promotionId: decided.promotionId,
      newStatus: String(done.response.status ?? decided.newStatus) as typeof decided.newStatus,
      jobId: decided.jobId,
    };
  }

  return [
    bindAction({
      contract: submitForPeerReview,
      handle: (r, ctx) => service.submitForPeerReview(ctx.caller, r),
    }),
    bindAction({
      contract: queryPeerReviewQueue,
      handle: (r, ctx) => service.peerQueue(ctx.caller, r),
    }),
    bindAction({ contract: queryAdminReviewQueue, handle: (r) => service.adminQueue(r) }),
    bindAction({
      contract: submitPeerReview,
      handle: (r, ctx) => service.submitPeerReview(ctx.caller, r),
    }),
    bindAction({
      contract: submitAdminReview,
      handle: async (r, ctx) => answer(await service.submitAdminReview(ctx.caller, r), ctx.respondAsync),
    }),
    bindAction({
      contract: breakGlassDeploy,
      handle: async (r, ctx) => answer(await service.breakGlass(ctx.caller, r), ctx.respondAsync),
    }),
    bindAction({
      contract: withdrawPromotion,
      handle: (r, ctx) => service.withdraw(ctx.caller, r),
    }),
    bindAction({
      contract: abandonPromotion,
      handle: (r, ctx) => service.abandon(ctx.caller, r),
    }),
  ];
}
