import { z } from 'zod';
import type { Jobs } from '../../platform/jobs.ts';
import { PROMOTION_JOB, type PromotionDeps } from './promotion-deps.ts';
import { runPromotion } from './run-promotion.ts';
import { executeResponse } from './promotion-presenter.ts';

const PromotionJobData = z.object({
  promotionId: z.uuid(),
  devAccountId: z.string(),
  rootComponentId: z.string(),
  initiatedBy: z.string(),
  jobId: z.string(),
  components: z.array(
    z.object({ devComponentId: z.string(), name: z.string(), type: z.string(), folderFullPath: z.string() }),
  ),
  force: z.boolean().optional(),
});

/** Job payloads are validated when dequeued: a payload from an older release must not half-run. */
export async function registerPromotionJobs(jobs: Jobs, deps: PromotionDeps) {
  await jobs.register<unknown>(
    PROMOTION_JOB,
    async (raw, ctx) => {
      const parsed = PromotionJobData.safeParse(raw);
      if (!parsed.success)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: `Unusable job payload: ${parsed.error.issues[0]?.message}`,
        };
      const out = await runPromotion(deps, parsed.data, ctx);
      const results = out.promotion ? await deps.store.results(out.promotion.promotionId) : [];
      const response = out.promotion ? executeResponse(out.promotion, results, ctx.id) : undefined;
      return out.ok
        ? { ok: true, result: response! }
        : { ok: false, code: out.code, message: out.message, ...(response ? { result: response } : {}) };
    },
    { concurrency: 2, expireInSeconds: 60 * 60, retryLimit: 1 },
  );
}
