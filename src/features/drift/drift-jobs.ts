import { z } from 'zod';
import { isAppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { DRIFT_JOB } from './drift-jobs-contract.ts';
import type { DriftService } from './drift-service.ts';

const CheckJobData = z.object({ requestedAt: z.iso.datetime().optional() });

/**
 * The drift check as a durable job: queued by checkDrift and by the cron schedule (one run per
 * tick across replicas; a lock in the runner keeps two from overlapping). One worker per replica.
 */
export async function registerDriftJobs(jobs: Jobs, service: DriftService, schedule: string) {
  await jobs.register<unknown>(
    DRIFT_JOB,
    async (raw, ctx) => {
      const data = CheckJobData.safeParse(raw);
      if (!data.success) return { ok: false, code: 'INVALID_REQUEST', message: 'Unusable job payload' };
      const run = await jobs.get(ctx.id);
      // A scheduled run has no request time of its own: it asks for a check from now on.
      const requestedAt = data.data.requestedAt ? new Date(data.data.requestedAt) : (run?.createdAt ?? new Date());
      try {
        return { ok: true, result: { ...(await service.runCheck(run?.requestedBy ?? 'schedule', requestedAt)) } };
      } catch (e) {
        return { ok: false, code: isAppError(e) ? e.code : 'INTERNAL_ERROR', message: (e as Error).message };
      }
    },
    { concurrency: 1, expireInSeconds: 60 * 60, retryLimit: 0 },
  );
  await jobs.schedule(DRIFT_JOB, schedule);
}
