import { queryAdminReviewQueue, queryPeerReviewQueue, submitAdminReview, submitForPeerReview, submitPeerReview, withdrawPromotion } from '../../contracts/reviews.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ReviewService } from './review-service.ts';

export function reviewActions(service: ReviewService) {
  return [
    bindAction({ contract: submitForPeerReview, scope: (r) => ({ promotionId: r.promotionId }), handle: (r, ctx) => service.submitForPeerReview(ctx.caller, r) }),
    bindAction({ contract: queryPeerReviewQueue, scope: (r) => ({ devAccountId: r.devAccountId }), handle: (r, ctx) => service.peerQueue(ctx.caller, r) }),
    bindAction({ contract: queryAdminReviewQueue, handle: (r) => service.adminQueue(r) }),
    bindAction({ contract: submitPeerReview, scope: (r) => ({ promotionId: r.promotionId }), handle: (r, ctx) => service.submitPeerReview(ctx.caller, r) }),
    bindAction({ contract: submitAdminReview, scope: (r) => ({ promotionId: r.promotionId }), handle: (r, ctx) => service.submitAdminReview(ctx.caller, r) }),
    bindAction({ contract: withdrawPromotion, scope: (r) => ({ promotionId: r.promotionId }), handle: (r, ctx) => service.withdraw(ctx.caller, r) }),
  ];
}
