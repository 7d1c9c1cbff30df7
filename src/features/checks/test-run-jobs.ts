import { z } from 'zod';
import type { Jobs } from '../../platform/jobs.ts';
import type { TestRunExecute } from './test-run-execution.ts';
import { TEST_RUN_JOB } from './test-run-jobs-contract.ts';

const TestRunJobData = z.object({ runId: z.uuid() });

/**
 * Test runs as durable jobs. The run's own row says how it ended (a failing test is a finished
 * job, not a failed one); a job pg-boss repeats after a crash resumes polling the same request.
 */
export async function registerTestRunJobs(jobs: Jobs, execute: TestRunExecute, timeoutMs: number) {
  await jobs.register<unknown>(
    TEST_RUN_JOB,
    async (raw, ctx) => {
      const data = TestRunJobData.safeParse(raw);
      if (!data.success) return { ok: false, code: 'INVALID_REQUEST', message: 'Unusable job payload' };
      const run = await execute(data.data.runId, ctx);
      return {
        ok: true,
        result: { runId: data.data.runId, status: run?.status ?? null, errorMessage: run?.errorMessage ?? null },
      };
    },
    { concurrency: 2, expireInSeconds: Math.ceil(timeoutMs / 1000) + 15 * 60, retryLimit: 1 },
  );
}
