import { getPromotionTimeline } from '../../contracts/timeline.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { TimelineService } from './timeline-service.ts';

export function timelineActions(service: TimelineService) {
  return [bindAction({ contract: getPromotionTimeline, handle: (req) => service.timeline(req.promotionId) })];
}
