import { listDevPackages, resolveDependencies } from '../../contracts/promotions.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { PackageService } from './package-service.ts';

export function packageActions(service: PackageService) {
  return [
    bindAction({
      contract: listDevPackages,
      handle: async (req) => {
        const packages = await service.listDevPackages(req.devAccountId);
        return { packages, totalCount: packages.length };
      },
    }),
    bindAction({
      contract: resolveDependencies,
      handle: async (req, ctx) => {
        if (!ctx.respondAsync) return service.resolveDependencies(req);
        const jobId = await service.resolveLater(ctx.caller.email, req);
        return { httpStatus: 202, jobId, status: 'QUEUED' };
      },
    }),
  ];
}
