import {
  cancelRollback,
  getRollback,
  listReleases,
  listRollbacks,
  retryRollback,
  reviewRollback,
  rollbackRelease,
} from '../../contracts/releases.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { RollbackService } from './rollback-service.ts';

export function releaseActions(service: RollbackService) {
  return [
    bindAction({ contract: rollbackRelease, handle: (req, ctx) => service.request(ctx.caller, req) }),
    bindAction({ contract: reviewRollback, handle: (req, ctx) => service.review(ctx.caller, req) }),
    bindAction({ contract: cancelRollback, handle: (req, ctx) => service.cancel(ctx.caller, req) }),
    bindAction({ contract: retryRollback, handle: (req, ctx) => service.retry(ctx.caller, req) }),
    bindAction({ contract: getRollback, handle: (req) => service.get(req) }),
    bindAction({ contract: listRollbacks, handle: (req, ctx) => service.list(ctx.caller, req) }),
    bindAction({ contract: listReleases, handle: (req, ctx) => service.releases(ctx.caller, req) }),
  ];
}
