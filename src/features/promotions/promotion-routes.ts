import {
  executePromotion,
  findBlockingPromotions,
  generateComponentDiff,
  queryStatus,
} from '../../contracts/promotions.ts';
import { AppError } from '../../platform/errors.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { PromotionService } from './promotion-service.ts';

export function promotionActions(service: PromotionService) {
  return [
    bindAction({
      contract: executePromotion,
      handle: async (req, ctx) => {
        const started = await service.start(ctx.caller, req);
        if (ctx.respondAsync)
          return {
            httpStatus: 202,
            promotionId: started.promotion.promotionId,
            jobId: started.jobId,
            status: 'IN_PROGRESS',
          };
        const outcome = await service.awaitPromotion(started.promotion.promotionId, started.jobId);
        if (outcome.state === 'running')
          return {
            httpStatus: 202,
            promotionId: started.promotion.promotionId,
            jobId: started.jobId,
            status: 'IN_PROGRESS',
          };
        if (outcome.response.status === 'FAILED') {
          throw new AppError(
            (outcome.errorCode ?? 'PROMOTION_FAILED') as 'PROMOTION_FAILED',
            outcome.errorMessage ?? 'The promotion failed',
            { fields: outcome.response },
          );
        }
        return outcome.response;
      },
    }),
    bindAction({
      contract: generateComponentDiff,
      handle: (req) => service.diff(req),
    }),
    bindAction({
      contract: queryStatus,
      handle: (req, ctx) => service.query(ctx.caller, req),
    }),
    bindAction({
      contract: findBlockingPromotions,
      handle: (req) => service.blockers(req),
    }),
  ];
}
