import { z } from 'zod';
import { isAppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { PackageService } from './package-service.ts';
import { RESOLVE_JOB } from './package-jobs-contract.ts';

const ResolveJobData = z.object({
  devAccountId: z.string(),
  rootComponentId: z.string(),
  rootVersion: z.number().int().optional(),
});

/** D3: a large tree's walk as a durable job, for callers that send `Prefer: respond-async`. */
export async function registerPackageJobs(jobs: Jobs, service: PackageService) {
  await jobs.register<unknown>(
    RESOLVE_JOB,
    async (raw) => {
      const data = ResolveJobData.safeParse(raw);
      if (!data.success) return { ok: false, code: 'INVALID_REQUEST', message: 'Unusable job payload' };
      try {
        return { ok: true, result: { ...(await service.resolveDependencies(data.data)) } };
      } catch (e) {
        return { ok: false, code: isAppError(e) ? e.code : 'INTERNAL_ERROR', message: (e as Error).message };
      }
    },
    { concurrency: 2, expireInSeconds: 30 * 60, retryLimit: 1 },
  );
}
