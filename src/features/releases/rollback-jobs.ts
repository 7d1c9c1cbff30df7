import { z } from 'zod';
import type { Jobs } from '../../platform/jobs.ts';
import { ROLLBACK_JOB, type RollbackDeps } from './rollback-deps.ts';
import { runRollback } from './run-rollback.ts';
import { toWireRollback } from './rollback-presenter.ts';

const RollbackJobData = z.object({ rollbackId: z.uuid() });

/**
 * The rollback job. A run pg-boss repeats after a crash finds the record FAILED (the reaper) or
 * RUNNING under another job (a retry) and does nothing; the live one beats while Boomi is polled.
 */
export async function registerRollbackJobs(jobs: Jobs, deps: RollbackDeps) {
  await jobs.register<unknown>(
    ROLLBACK_JOB,
    async (raw, ctx) => {
      const parsed = RollbackJobData.safeParse(raw);
      if (!parsed.success)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: `Unusable job payload: ${parsed.error.issues[0]?.message}`,
        };
      let last: [number, number, string] = [0, 4, 'Starting'];
      const beat = setInterval(() => void ctx.progress(...last).catch(() => {}), deps.heartbeatMs);
      let out: Awaited<ReturnType<typeof runRollback>>;
      try {
        out = await runRollback(deps, parsed.data.rollbackId, ctx.id, (done, total, step) => {
          last = [done, total, step];
          return ctx.progress(done, total, step);
        });
      } finally {
        clearInterval(beat);
      }
      const record = await deps.store.get(parsed.data.rollbackId);
      const result = record ? { rollback: toWireRollback(record, await deps.store.approvals(record.rollbackId)) } : {};
      return out.ok ? { ok: true, result } : { ok: false, code: out.code, message: out.message, result };
    },
    { concurrency: 1, expireInSeconds: 60 * 60, retryLimit: 1 },
  );
}
