import type { BoomiClient } from '../../boomi/index.ts';
import { isAppError } from '../../platform/errors.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import type { Promotion, PromotionStore } from '../promotions/promotion-store.ts';
import { commitPromotionMappings, mergeBranchToMain } from '../promotions/merge-to-main.ts';
import { refreshRecordedVersions } from '../mappings/recorded-versions.ts';
import type { DeploymentStore, EnvironmentResult } from './deployment-store.ts';
import type { DeploymentOutcome } from './run-test-deployment.ts';
import {
  StepError,
  choosePack,
  deployEverywhere,
  packageNotes,
  packageRoot,
  releaseWithComponent,
  targetEnvironments,
  type ChosenEnvironments,
  type PackChoice,
} from './deployment-steps.ts';

export interface ProductionDeploymentDeps {
  db: Transactor;
  promotions: PromotionStore;
  store: DeploymentStore;
  mappings: MappingService;
  audit: AuditLog;
  boomi: BoomiClient;
  notify: (tx: Tx, kind: 'DEPLOYED', promotion: Promotion) => Promise<void>;
  /** Work after a successful deployment that must never fail it (the extension access caches). */
  afterProductionDeploy?: ((promotionId: string) => Promise<string[]>) | undefined;
}

type Progress = (done: number, total: number, step: string) => Promise<void>;

/** The deployment request stored at submission (and amended at approval), as the runner reads it. */
interface StoredRequest {
  packageVersion?: string;
  deploymentNotes?: string;
  createNewPack?: boolean;
  existingPackId?: string;
  newPackName?: string;
  newPackDescription?: string;
  targetEnvironments?: ChosenEnvironments;
}

/**
 * The production deployment of an ADMIN_APPROVED promotion (D6; 10-backend.md §2.5 modes 2/3 as
 * corrected): merge the branch to main (once), commit its mappings, package from main, release the
 * production pack, deploy to each production environment, delete the branch, DEPLOYED. On failure
 * the record stays ADMIN_APPROVED with the reason and its branch, so an admin can retry (§8.C #42).
 */
export async function runProductionDeployment(
  deps: ProductionDeploymentDeps,
  promotionId: string,
  actor = 'system',
  progress: Progress = async () => {},
): Promise<DeploymentOutcome> {
  const { promotions, store, boomi, db, audit } = deps;
  const p = await promotions.get(promotionId);
  if (!p || p.status !== 'ADMIN_APPROVED') {
    return p?.status === 'DEPLOYED'
      ? { ok: true, promotion: p }
      : {
          ok: false,
          promotion: p,
          code: 'INVALID_PROMOTION_STATUS',
          message: `Promotion ${promotionId} is not ADMIN_APPROVED`,
        };
  }
  const req = (p.deploymentRequest ?? {}) as StoredRequest;
  const results: EnvironmentResult[] = [];
  let code = 'DEPLOYMENT_FAILED';
  // Shown to the approving admin (P7): "Merging branch to main...", then the deployment steps.
  const step = (n: number, label: string) => progress(n, 6, label).catch(() => {});
  try {
    await step(0, 'Checking the production environments');
    const environments = await targetEnvironments(boomi, 'PRODUCTION', req.targetEnvironments ?? null);
    const rootProdId = (await promotions.results(promotionId)).find(
      (r) => r.devComponentId === p.rootComponentId,
    )?.prodComponentId;
    if (!rootProdId) throw new StepError('The promoted root process has no production component');
    const packageVersion = req.packageVersion ?? p.packageVersion;
    if (!packageVersion) throw new StepError('The deployment request has no package version');
    const choice: PackChoice = req.createNewPack
      ? { newPackName: req.newPackName, newPackDescription: req.newPackDescription }
      : { existingPackId: req.existingPackId };

    if (!(await store.mergeOf(promotionId))) {
      if (!p.branchId) throw new StepError('The promotion has no branch to merge');
      code = 'MERGE_FAILED';
      await step(1, 'Merging branch to main');
      const { mergeRequestId } = await mergeBranchToMain(boomi, p.branchId);
      code = 'DEPLOYMENT_FAILED';
      // Main now holds the components: their mappings become the record in the same breath (D8).
      const merged = await db.transaction(async (tx) => {
        await store.recordMerge(tx, promotionId, mergeRequestId);
        const ids = await commitPromotionMappings(
          { store: promotions, mappings: deps.mappings, boomi },
          tx,
          promotionId,
          p.initiatedBy,
        );
        await audit.record(tx, {
          actor,
          action: 'BRANCH_MERGED',
          promotionId,
          fromStatus: 'ADMIN_APPROVED',
          toStatus: 'ADMIN_APPROVED',
          details: { mergeRequestId, branchId: p.branchId },
        });
        return ids;
      });
      // The drift baseline: main's own versions, not the branch's. Never fails the deployment.
      await refreshRecordedVersions({ boomi, mappings: deps.mappings, db, audit }, merged, { actor, promotionId });
    }

    await step(2, 'Packaging from main');
    const pkg = await packageRoot(boomi, {
      componentId: rootProdId,
      packageVersion,
      notes: packageNotes(req.deploymentNotes, p),
    });
    const pack = await choosePack(boomi, 'PRODUCTION', choice);
    await step(3, 'Releasing the production pack');
    const release = await releaseWithComponent(deps, {
      promotionId,
      target: 'PRODUCTION',
      pack,
      componentId: rootProdId,
      packageVersion,
    });
    await step(4, 'Deploying to production');
    const partial = await deployEverywhere(
      boomi,
      pkg.packageId,
      environments,
      req.deploymentNotes || `Promo ${promotionId} to PRODUCTION`,
      results,
    );

    await step(5, 'Deleting the branch');
    const branchGone = await deleteBranch(boomi, p);
    const done = await db.transaction(async (tx) => {
      await store.saveEnvironmentResults(tx, promotionId, 'PRODUCTION', results);
      const next = await promotions.transition(tx, promotionId, 'deployed', {
        deployedAt: new Date(),
        integrationPackId: release.packId,
        integrationPackName: release.packName,
        prodPackageId: pkg.packageId,
        packageVersion,
        errorMessage: partial,
        lastErrorCode: null,
        ...(branchGone ? { branchId: null } : {}),
      });
      // The test record shared the branch; it is gone for both (§5.4 invariant 5).
      if (next && branchGone && p.testPromotionId) await promotions.update(tx, p.testPromotionId, { branchId: null });
      if (next) {
        await audit.record(tx, {
          actor,
          action: 'DEPLOYED',
          promotionId,
          fromStatus: 'ADMIN_APPROVED',
          toStatus: 'DEPLOYED',
          details: {
            packageId: pkg.packageId,
            packageVersion,
            integrationPackId: release.packId,
            releaseId: release.releaseId,
            branchDeleted: branchGone,
            environments: results.map((r) => ({ environmentId: r.environmentId, deployed: r.deployed })),
          },
        });
        await deps.notify(tx, 'DEPLOYED', next);
      }
      return next;
    });
    // Warnings it records are on the record: read it again only when there are some.
    const warnings =
      done && deps.afterProductionDeploy ? await deps.afterProductionDeploy(promotionId).catch(() => []) : [];
    return done
      ? { ok: true, promotion: (warnings.length ? await promotions.get(promotionId) : undefined) ?? done }
      : {
          ok: false,
          promotion: await promotions.get(promotionId),
          code: 'DEPLOYMENT_FAILED',
          message: 'The promotion changed state while it was deployed',
        };
  } catch (e) {
    const message =
      e instanceof StepError || isAppError(e) ? e.message : `Production deployment failed: ${(e as Error).message}`;
    if (isAppError(e) && (e.code === 'MERGE_FAILED' || e.code === 'MERGE_TIMEOUT')) code = e.code;
    await db.transaction(async (tx) => {
      await store.saveEnvironmentResults(tx, promotionId, 'PRODUCTION', results);
      await promotions.update(tx, promotionId, { errorMessage: message.slice(0, 5000), lastErrorCode: code });
      await audit.record(tx, {
        actor,
        action: 'PRODUCTION_DEPLOY_FAILED',
        promotionId,
        fromStatus: 'ADMIN_APPROVED',
        toStatus: 'ADMIN_APPROVED',
        details: { errorCode: code, errorMessage: message, branchKept: true },
      });
    });
    return { ok: false, promotion: await promotions.get(promotionId), code, message };
  }
}

/** Gone already counts as deleted; a refused delete keeps the id for cleanup to retry. */
async function deleteBranch(boomi: BoomiClient, p: Promotion): Promise<boolean> {
  if (!p.branchId) return true;
  try {
    await boomi.branches.delete(p.branchId);
    return true;
  } catch {
    return false;
  }
}
