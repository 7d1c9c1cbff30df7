import { isAppError } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/jobs.ts';
import type { Promotion } from '../promotions/promotion-store.ts';
import type { DeploymentDeps, TestDeploymentJobData } from './deployment-deps.ts';
import type { EnvironmentResult } from './deployment-store.ts';
import {
  StepError,
  choosePack,
  deployEverywhere,
  packageNotes,
  packageRoot,
  releaseWithComponent,
  targetEnvironments,
} from './deployment-steps.ts';

export type DeploymentOutcome =
  { ok: true; promotion: Promotion } | { ok: false; promotion: Promotion | undefined; code: string; message: string };

/**
 * The TEST deployment job (D6; 10-backend.md §2.5 mode 1 as corrected): package the root process
 * from the promotion branch, add it to the test pack, release the pack, wait for the release,
 * deploy to each test environment. Main is never written and the branch is kept for the
 * production review's diff.
 */
export async function runTestDeployment(
  deps: DeploymentDeps,
  data: TestDeploymentJobData,
  ctx: JobContext,
): Promise<DeploymentOutcome> {
  const { promotions, store, boomi, db, audit } = deps;
  const promotion = await promotions.get(data.promotionId);
  if (promotion && promotion.jobId !== ctx.id) {
    // pg-boss runs a crashed job again once it expires; by then the record was failed as
    // interrupted and may be deploying again under a newer job, which this run must not join.
    return {
      ok: false,
      promotion,
      code: 'TEST_DEPLOY_FAILED',
      message: 'A later test deployment of this promotion took over from this run',
    };
  }
  if (!promotion || promotion.status !== 'TEST_DEPLOYING') {
    return promotion?.status === 'TEST_DEPLOYED'
      ? { ok: true, promotion }
      : {
          ok: false,
          promotion,
          code: 'TEST_DEPLOY_FAILED',
          message: promotion?.errorMessage ?? 'The promotion is not being deployed to test',
        };
  }
  let step = 'Checking the test environments';
  const heartbeat = setInterval(() => {
    void ctx.progress(0, 5, step).catch(() => {});
  }, deps.heartbeatMs);
  const results: EnvironmentResult[] = [];
  try {
    await ctx.progress(0, 5, step);
    const environments = await targetEnvironments(boomi, 'TEST', data.environments);
    if (!promotion.branchName || !promotion.branchId)
      throw new StepError('The promotion has no branch to package from');
    const rootProdId = (await promotions.results(promotion.promotionId)).find(
      (r) => r.devComponentId === promotion.rootComponentId,
    )?.prodComponentId;
    if (!rootProdId) throw new StepError('The promoted root process has no production component');

    step = 'Packaging the process from the branch';
    await ctx.progress(1, 5, step);
    const pkg = await packageRoot(boomi, {
      componentId: rootProdId,
      packageVersion: data.packageVersion,
      branchName: promotion.branchName,
      notes: packageNotes(data.deploymentNotes, promotion),
    });

    step = 'Releasing the test pack';
    await ctx.progress(2, 5, step);
    const pack = await choosePack(boomi, 'TEST', data.pack);
    const release = await releaseWithComponent(deps, {
      promotionId: promotion.promotionId,
      target: 'TEST',
      pack,
      componentId: rootProdId,
      packageVersion: data.packageVersion,
    });

    step = 'Deploying to the test environments';
    await ctx.progress(4, 5, step);
    const partial = await deployEverywhere(
      boomi,
      pkg.packageId,
      environments,
      data.deploymentNotes || `Promo ${promotion.promotionId} to TEST`,
      results,
    );

    const done = await db.transaction(async (tx) => {
      await store.saveEnvironmentResults(tx, promotion.promotionId, 'TEST', results);
      const p = await promotions.transition(tx, promotion.promotionId, 'testDeployed', {
        testDeployedAt: new Date(),
        testIntegrationPackId: release.packId,
        testIntegrationPackName: release.packName,
        prodPackageId: pkg.packageId,
        packageVersion: data.packageVersion,
        targetEnvironment: 'TEST',
        errorMessage: partial,
        lastErrorCode: null,
      });
      if (p) {
        await audit.record(tx, {
          actor: data.requestedBy,
          action: 'TEST_DEPLOYED',
          promotionId: promotion.promotionId,
          fromStatus: 'TEST_DEPLOYING',
          toStatus: 'TEST_DEPLOYED',
          details: {
            packageId: pkg.packageId,
            packageVersion: data.packageVersion,
            integrationPackId: release.packId,
            releaseId: release.releaseId,
            environments: results.map((r) => ({ environmentId: r.environmentId, deployed: r.deployed })),
          },
        });
        await deps.notify(tx, 'TEST_DEPLOYED', p);
        const processIds = [rootProdId, promotion.rootComponentId].filter((id): id is string => !!id);
        await deps.afterTestDeploy?.(tx, p, processIds, data.requestedBy);
      }
      return p;
    });
    await ctx.progress(5, 5, 'Deployed to test');
    return done
      ? { ok: true, promotion: done }
      : {
          ok: false,
          promotion: await promotions.get(promotion.promotionId),
          code: 'TEST_DEPLOY_FAILED',
          message: 'The promotion changed state while it was deployed',
        };
  } catch (e) {
    const message = e instanceof StepError || isAppError(e) ? e.message : `${step} failed: ${(e as Error).message}`;
    return failTestDeployment(deps, promotion, data.requestedBy, results, message);
  } finally {
    clearInterval(heartbeat);
  }
}

/** TEST_DEPLOY_FAILED with the reason; the branch stays so the developer can retry (§6.2 #45). */
export async function failTestDeployment(
  deps: DeploymentDeps,
  promotion: Promotion,
  actor: string,
  results: readonly EnvironmentResult[],
  message: string,
  /** The reaper's call: the run whose process died, failed with the record. */
  interruptedJobId?: string,
): Promise<DeploymentOutcome> {
  const failed = await deps.db.transaction(async (tx) => {
    await deps.store.saveEnvironmentResults(tx, promotion.promotionId, 'TEST', results);
    const p = await deps.promotions.transition(tx, promotion.promotionId, 'testDeploymentFailed', {
      errorMessage: message.slice(0, 5000),
      lastErrorCode: 'TEST_DEPLOY_FAILED',
      targetEnvironment: 'TEST',
    });
    if (p && interruptedJobId) await deps.jobs.failRun(tx, interruptedJobId, 'TEST_DEPLOY_FAILED', message);
    if (p)
      await deps.audit.record(tx, {
        actor,
        action: 'TEST_DEPLOY_FAILED',
        promotionId: promotion.promotionId,
        fromStatus: 'TEST_DEPLOYING',
        toStatus: 'TEST_DEPLOY_FAILED',
        details: { errorMessage: message, branchKept: true },
      });
    return p;
  });
  return {
    ok: false,
    promotion: failed ?? (await deps.promotions.get(promotion.promotionId)),
    code: 'TEST_DEPLOY_FAILED',
    message,
  };
}
