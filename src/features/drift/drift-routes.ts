import { checkDrift, listDrift } from '../../contracts/drift.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { DriftService } from './drift-service.ts';

export function driftActions(service: DriftService) {
  return [
    bindAction({ contract: listDrift, handle: (req, ctx) => service.list(ctx.caller, req) }),
    bindAction({
      contract: checkDrift,
      handle: async (_req, ctx) => {
        const jobId = await service.requestCheck(ctx.caller);
        const done = ctx.respondAsync ? undefined : await service.awaitCheck(jobId);
        return done ?? { httpStatus: 202, jobId, status: 'QUEUED' };
      },
    }),
  ];
}
