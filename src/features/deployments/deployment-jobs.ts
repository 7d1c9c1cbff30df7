import { z } from 'zod';
import type { Jobs } from '../../platform/jobs.ts';
import { PRODUCTION_DEPLOYMENT_JOB, TEST_DEPLOYMENT_JOB, type DeploymentDeps } from './deployment-deps.ts';
import type { DeploymentService } from './deployment-service.ts';
import { runProductionDeployment } from './run-production-deployment.ts';
import { runTestDeployment } from './run-test-deployment.ts';
import { clearSchedule, freezeAtRun } from './production-queue.ts';

const TestDeploymentJobData = z.object({
  promotionId: z.uuid(),
  requestedBy: z.string(),
  packageVersion: z.string().min(1),
  deploymentNotes: z.string().optional(),
  pack: z
    .object({
      existingPackId: z.string().optional(),
      newPackName: z.string().optional(),
      newPackDescription: z.string().optional(),
    })
    .refine((p) => !!p.existingPackId !== !!p.newPackName, 'exactly one of existingPackId and newPackName'),
  environments: z.array(z.object({ environmentId: z.string(), environmentName: z.string().optional() })).nullable(),
});

/** Job payloads are validated when dequeued. A run cut short by a crash is run once more: every step reuses what the first run made. */
export async function registerDeploymentJobs(jobs: Jobs, deps: DeploymentDeps, service: DeploymentService) {
  await jobs.register<unknown>(
    TEST_DEPLOYMENT_JOB,
    async (raw, ctx) => {
      const parsed = TestDeploymentJobData.safeParse(raw);
      if (!parsed.success)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: `Unusable job payload: ${parsed.error.issues[0]?.message}`,
        };
      const out = await runTestDeployment(deps, parsed.data, ctx);
      const response = await service.testResponse(parsed.data.promotionId, ctx.id);
      // Where nothing would run the deployment, the answer says so; a failed lookup only costs that.
      const runtimeWarnings = out.ok
        ? await service.runtimeWarnings('TEST', parsed.data.environments ?? undefined).catch(() => [])
        : [];
      return out.ok
        ? { ok: true, result: { ...response!, ...(runtimeWarnings.length ? { runtimeWarnings } : {}) } }
        : { ok: false, code: out.code, message: out.message, ...(response ? { result: response } : {}) };
    },
    { concurrency: 2, expireInSeconds: 60 * 60, retryLimit: 1 },
  );

  await jobs.register<unknown>(
    PRODUCTION_DEPLOYMENT_JOB,
    async (raw, ctx) => {
      const parsed = ProductionJobData.safeParse(raw);
      if (!parsed.success)
        return {
          ok: false,
          code: 'INVALID_REQUEST',
          message: `Unusable job payload: ${parsed.error.issues[0]?.message}`,
        };
      // A dead run pg-boss repeats once it expires must not deploy a record an admin has since retried, or was told was interrupted.
      const current = await deps.promotions.get(parsed.data.promotionId);
      if (current?.status === 'ADMIN_APPROVED' && current.jobId !== ctx.id)
        return {
          ok: false,
          code: 'DEPLOYMENT_FAILED',
          message: 'A later production deployment of this promotion took over from this run',
        };
      const frozen = await freezeAtRun(deps, parsed.data, ctx.id);
      if (frozen) return frozen;
      if (parsed.data.scheduledFor) await clearSchedule(deps, parsed.data.promotionId, ctx.id);
      // The run beats its last step while a merge or release is being polled, which can take
      // minutes: the reaper takes four missed beats for a dead process.
      let last: [number, number, string] = [0, 6, 'Starting'];
      const beat = setInterval(() => {
        void ctx.progress(...last).catch(() => {});
      }, deps.heartbeatMs);
      let out: Awaited<ReturnType<typeof runProductionDeployment>>;
      try {
        out = await runProductionDeployment(
          deps,
          parsed.data.promotionId,
          parsed.data.requestedBy,
          (done, total, step) => {
            last = [done, total, step];
            return ctx.progress(done, total, step);
          },
        );
      } finally {
        clearInterval(beat);
      }
      const p = out.promotion;
      const results = p ? await deps.store.environmentResults(p.promotionId, 'PRODUCTION') : [];
      const response = p
        ? {
            promotionId: p.promotionId,
            status: p.status,
            deploymentTarget: 'PRODUCTION',
            branchPreserved: p.branchId !== null,
            isHotfix: p.isHotfix,
            packageId: p.prodPackageId,
            prodPackageId: p.prodPackageId,
            packageVersion: p.packageVersion,
            integrationPackId: p.integrationPackId,
            integrationPackName: p.integrationPackName,
            errorMessage: p.errorMessage,
            releaseId: (await deps.store.releases(p.promotionId, 'PRODUCTION')).at(-1)?.releaseId ?? null,
            deploymentStatus:
              results.length === 0
                ? null
                : results.every((r) => r.deployed)
                  ? 'DEPLOYED'
                  : results.some((r) => r.deployed)
                    ? 'PARTIAL'
                    : 'FAILED',
            deploymentResults: results.map((r) => ({
              environmentId: r.environmentId,
              environmentName: r.environmentName,
              deployed: r.deployed,
              status: r.deployed ? 'DEPLOYED' : 'FAILED',
              errorMessage: r.errorMessage,
            })),
          }
        : undefined;
      return out.ok
        ? { ok: true, result: response! }
        : { ok: false, code: out.code, message: out.message, ...(response ? { result: response } : {}) };
    },
    { concurrency: 1, expireInSeconds: 60 * 60, retryLimit: 1 },
  );
}

const ProductionJobData = z.object({
  promotionId: z.uuid(),
  requestedBy: z.string(),
  breakGlass: z.boolean().optional(),
  scheduledFor: z.iso.datetime({ offset: true }).optional(),
});
