import type { Tx } from '../../platform/transactor.ts';
import type { z } from 'zod';
import type {
  cancelProductionDeployment,
  cancelTestDeployment,
  checkReleaseStatus,
  listEnvironments,
  listIntegrationPacks,
  packageAndDeploy,
  queryTestDeployments,
} from '../../contracts/deployments.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReapedRun } from '../../platform/jobs.ts';
import type { Promotion } from '../promotions/promotion-store.ts';
import { isTestPackName } from './deployment-steps.ts';
import { testDeployResponse, testDeploymentToWire, type DeployResponse } from './deployment-presenter.ts';
import { TEST_DEPLOYMENT_JOB, type DeploymentDeps, type TestDeploymentJobData } from './deployment-deps.ts';
import { cancelFailedProduction } from './cancel-failed-production.ts';
import { cancelScheduled, enqueueProduction as enqueue, type EnqueueOptions } from './production-queue.ts';
import * as targets from './deployment-targets.ts';
import { productionChoices } from '../../contracts/reviews.ts';
import { checkProductionRequest, type ProductionRequest } from './production-request.ts';
import {
  failInterruptedTestDeployments,
  isAlive,
  recordInterruptedProductionDeployments,
} from './interrupted-deployments.ts';

export type DeployRequest = z.output<typeof packageAndDeploy.request>;
type Res<C extends { response: z.ZodType }> = z.input<C['response']>;

export type AwaitedDeployment = { state: 'running' } | { state: 'finished'; response: DeployResponse; failed: boolean };

export interface DeploymentService {
  listPacks(
    caller: Caller,
    req: z.output<typeof listIntegrationPacks.request>,
  ): Promise<Res<typeof listIntegrationPacks>>;
  listEnvironments(req: z.output<typeof listEnvironments.request>): Promise<Res<typeof listEnvironments>>;
  /** Validates and queues a deployment; the record moves to TEST_DEPLOYING in the same transaction. */
  start(caller: Caller, req: DeployRequest): Promise<{ promotionId: string; jobId: string }>;
  awaitDeployment(promotionId: string, jobId: string): Promise<AwaitedDeployment>;
  /** Queues the production deployment of an ADMIN_APPROVED promotion (on approval, or an admin's retry). */
  enqueueProduction(tx: Tx, promotionId: string, requestedBy: string, opts?: EnqueueOptions): Promise<string>;
  /** Calls off a scheduled production deployment that has not started; the record stays ADMIN_APPROVED. */
  cancelScheduled(
    caller: Caller,
    req: { promotionId: string; reason?: string | undefined },
  ): ReturnType<typeof cancelScheduled>;
  /** The production job's answer when it finishes within SYNC_WAIT. */
  awaitProduction(jobId: string): Promise<
    | { state: 'running' }
    | {
        state: 'finished';
        response: Record<string, unknown>;
        failed: boolean;
        errorCode?: string;
        errorMessage?: string;
      }
  >;
  /** The packageAndDeploy answer of a finished TEST job. */
  testResponse(promotionId: string, jobId: string): Promise<DeployResponse | undefined>;
  testDeployments(
    caller: Caller,
    req: z.output<typeof queryTestDeployments.request>,
  ): Promise<Res<typeof queryTestDeployments>>;
  cancelTest(
    caller: Caller,
    req: z.output<typeof cancelTestDeployment.request>,
  ): Promise<Res<typeof cancelTestDeployment>>;
  /** Closes an approved promotion whose production deployment failed (the alternative to a retry). */
  cancelProduction(
    caller: Caller,
    req: z.output<typeof cancelProductionDeployment.request>,
  ): Promise<Res<typeof cancelProductionDeployment>>;
  /** Refuses, naming the field, a production request its deployment could not carry out. */
  checkProductionRequest(request: ProductionRequest): Promise<void>;
  /** Why a deployment to these environments (all of the target's when none are chosen) would not run. */
  runtimeWarnings(target: 'TEST' | 'PRODUCTION', chosen: ProductionRequest['targetEnvironments']): Promise<string[]>;
  releaseStatus(req: z.output<typeof checkReleaseStatus.request>): Promise<Res<typeof checkReleaseStatus>>;
  /** Fails deployments whose job died with its process (no heartbeat), with their job runs. */
  reapInterrupted(): Promise<ReapedRun[]>;
}

const invalid = (field: string, message: string) =>
  new AppError('INVALID_REQUEST', `${field}: ${message}`, { details: { field } });

export function createDeploymentService(deps: DeploymentDeps): DeploymentService {
  const { promotions, store, boomi, db, audit } = deps;
  const found = async (promotionId: string) => {
    const p = await promotions.get(promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
    return p;
  };
  const enqueueProduction = (tx: Tx, promotionId: string, requestedBy: string, opts?: EnqueueOptions) =>
    enqueue(deps, tx, promotionId, requestedBy, opts);
  const testResponse = async (promotionId: string, jobId: string) => {
    const p = await promotions.get(promotionId);
    if (!p) return undefined;
    const [release] = await store.releases(promotionId, 'TEST');
    return testDeployResponse(p, release, await store.environmentResults(promotionId, 'TEST'), jobId);
  };

  return {
    testResponse,
    async reapInterrupted() {
      return [...(await failInterruptedTestDeployments(deps)), ...(await recordInterruptedProductionDeployments(deps))];
    },
    listEnvironments: (req) => targets.listEnvironments(deps, req),
    listPacks: (_caller, req) => targets.listPacks(deps, req),

    async start(caller, req) {
      const target = req.deploymentTarget.toUpperCase();
      if (target !== 'TEST' && target !== 'PRODUCTION') {
        throw new AppError(
          'INVALID_DEPLOYMENT_TARGET',
          `deploymentTarget must be TEST or PRODUCTION, not '${req.deploymentTarget}'`,
        );
      }
      const p = await found(req.promotionId);
      if (target === 'PRODUCTION') {
        checkProductionCaller(caller, p);
        // Runs, or retries after a failure, the deployment an admin approved (spec README contracts).
        // Choices given with a retry correct the stored request, checked before anything runs.
        const corrections = productionChoices(req);
        const request = { ...((p.deploymentRequest ?? {}) as ProductionRequest), ...corrections };
        await checkProductionRequest(boomi, request);
        // Read before the transaction: embedded PGlite serves one connection, which the transaction holds.
        const running = p.jobId ? await deps.jobs.get(p.jobId) : undefined;
        if (isAlive(running, deps.clock.now(), 4 * deps.heartbeatMs)) {
          throw new AppError(
            'INVALID_PROMOTION_STATUS',
            p.scheduledDeployAt && running?.state === 'QUEUED'
              ? `The production deployment of ${p.promotionId} is scheduled for ${p.scheduledDeployAt.toISOString()} (job ${p.jobId}); cancel the schedule to deploy now`
              : `The production deployment of ${p.promotionId} is running (job ${p.jobId}); wait for it to end`,
          );
        }
        const jobId = await db.transaction(async (tx) => {
          const locked = await promotions.getForUpdate(tx, p.promotionId);
          if (!locked || locked.status !== 'ADMIN_APPROVED' || locked.jobId !== p.jobId) {
            throw new AppError('INVALID_PROMOTION_STATUS', `Promotion ${p.promotionId} changed meanwhile; reload it`);
          }
          if (Object.keys(corrections).length) {
            await promotions.update(tx, p.promotionId, {
              deploymentRequest: { ...request },
              packageVersion: request.packageVersion ?? p.packageVersion,
              deploymentNotes: request.deploymentNotes ?? p.deploymentNotes,
            });
          }
          const id = await enqueueProduction(tx, p.promotionId, caller.email, { breakGlass: !!locked.breakGlassBy });
          await deps.audit.record(tx, {
            actor: caller.email,
            action: 'PRODUCTION_DEPLOYMENT_REQUESTED',
            promotionId: p.promotionId,
            fromStatus: p.status,
            toStatus: p.status,
            details: { jobId: id, retry: !!p.lastErrorCode, corrections },
          });
          return id;
        });
        return { promotionId: p.promotionId, jobId };
      }
      if (req.isHotfix || req.testPromotionId)
        throw new AppError(
          'INVALID_DEPLOYMENT_TARGET',
          'A TEST deployment is neither a hotfix nor made from a test promotion',
        );
      if (p.targetEnvironment === 'PRODUCTION')
        throw new AppError(
          'INVALID_DEPLOYMENT_TARGET',
          `Promotion ${p.promotionId} is a production request; it cannot be deployed to test`,
        );
      await checkSeedFields(deps, p, req);
      await deps.testApprovalGate?.(p);
      const pack = packChoice(req);
      const data: TestDeploymentJobData = {
        promotionId: p.promotionId,
        requestedBy: caller.email,
        packageVersion: req.packageVersion ?? p.packageVersion ?? '1.0.0',
        deploymentNotes: req.deploymentNotes,
        pack,
        environments: req.targetEnvironments ?? null,
      };
      return db.transaction(async (tx) => {
        const locked = await promotions.getForUpdate(tx, p.promotionId);
        if (!locked) throw new AppError('PROMOTION_NOT_FOUND', `Promotion ${p.promotionId} was not found`);
        checkTestGate(locked);
        const jobId = await deps.jobs.enqueue(
          tx,
          TEST_DEPLOYMENT_JOB,
          { ...data },
          { requestedBy: caller.email, promotionId: p.promotionId },
        );
        await promotions.transition(tx, p.promotionId, 'startTestDeployment', {
          targetEnvironment: 'TEST',
          deploymentNotes: req.deploymentNotes ?? null,
          errorMessage: null,
          lastErrorCode: null,
          jobId,
        });
        await audit.record(tx, {
          actor: caller.email,
          action: 'TEST_DEPLOYMENT_STARTED',
          promotionId: p.promotionId,
          fromStatus: locked.status,
          toStatus: 'TEST_DEPLOYING',
          details: { jobId, packageVersion: data.packageVersion, ...pack, environments: data.environments },
        });
        return { promotionId: p.promotionId, jobId };
      });
    },

    enqueueProduction,
    async awaitProduction(jobId) {
      const run = await deps.jobs.waitFor(jobId, deps.syncWaitMs);
      if (!run || run.state === 'QUEUED' || run.state === 'RUNNING') return { state: 'running' };
      return {
        state: 'finished',
        response: run.result ?? {},
        failed: run.state === 'FAILED',
        errorCode: run.error?.code,
        errorMessage: run.error?.message,
      };
    },
    async awaitDeployment(promotionId, jobId) {
      const run = await deps.jobs.waitFor(jobId, deps.syncWaitMs);
      const p = await promotions.get(promotionId);
      if (!p || p.status === 'TEST_DEPLOYING' || !run || run.state === 'QUEUED' || run.state === 'RUNNING')
        return { state: 'running' };
      const runtimeWarnings = run.result?.runtimeWarnings as string[] | undefined;
      return {
        state: 'finished',
        response: { ...(await testResponse(promotionId, jobId))!, ...(runtimeWarnings ? { runtimeWarnings } : {}) },
        failed: p.status !== 'TEST_DEPLOYED',
      };
    },

    async testDeployments(caller, req) {
      const devAccountIds = await deps.accounts.accountsToList(caller, req.devAccountId);
      const rows = await store.testDeployments({
        devAccountIds,
        initiatedBy: req.onlyMine ? caller.email : undefined,
        processName: req.processName || undefined,
        limit: req.limit,
      });
      const now = deps.clock.now();
      return { testDeployments: rows.map((r) => testDeploymentToWire(r, now)), totalCount: rows.length };
    },

    async cancelTest(caller, req) {
      const p = await found(req.promotionId);
      if (caller.tier !== 'ADMIN' && p.initiatedBy.toLowerCase() !== caller.email.toLowerCase()) {
        throw new AppError(
          'NOT_PROMOTION_INITIATOR',
          'Only the initiator of the promotion or an admin may cancel its test deployment',
        );
      }
      const cancelled = await db.transaction(async (tx) => {
        const locked = await promotions.getForUpdate(tx, p.promotionId);
        if (!locked || (locked.status !== 'TEST_DEPLOYED' && locked.status !== 'TEST_DEPLOY_FAILED')) {
          throw new AppError(
            'INVALID_PROMOTION_STATUS',
            `Cannot cancel promotion with status ${locked?.status ?? 'unknown'}; expected TEST_DEPLOYED or TEST_DEPLOY_FAILED`,
          );
        }
        // A production request made from this test deployment shares its branch.
        const open = await store.openProductionRecords(p.promotionId, tx);
        if (open.length)
          throw new AppError(
            'INVALID_PROMOTION_STATUS',
            `Promotion ${p.promotionId} has a production request in progress (${open[0]}); withdraw it first`,
          );
        const next = await promotions.transition(tx, p.promotionId, 'cancelTest', {});
        await audit.record(tx, {
          actor: caller.email,
          action: 'TEST_DEPLOYMENT_CANCELLED',
          promotionId: p.promotionId,
          fromStatus: locked.status,
          toStatus: 'TEST_CANCELLED',
          details: { reason: req.reason ?? null, branchId: locked.branchId },
        });
        return { previous: locked, next };
      });
      // The branch goes after the status has committed: a failed delete leaves branchId set for cleanup to retry.
      let branchDeleted = !cancelled.previous.branchId;
      let note = '';
      if (cancelled.previous.branchId) {
        try {
          await boomi.branches.delete(cancelled.previous.branchId);
          branchDeleted = true;
          await db.transaction((tx) => promotions.update(tx, p.promotionId, { branchId: null }));
        } catch (e) {
          note = ` The branch could not be deleted yet: ${(e as Error).message}`;
        }
      }
      return {
        promotionId: p.promotionId,
        previousStatus: cancelled.previous.status,
        newStatus: 'TEST_CANCELLED',
        branchDeleted,
        message: `Test deployment cancelled.${note}`,
      };
    },

    cancelProduction: (caller, req) => cancelFailedProduction(deps, caller, req),
    cancelScheduled: (caller, req) => cancelScheduled(deps, caller, req),
    checkProductionRequest: (request) => checkProductionRequest(boomi, request),
    runtimeWarnings: (target, chosen) => targets.runtimeWarnings(deps, target, chosen),

    async releaseStatus(req) {
      await found(req.promotionId);
      const releases = await store.releases(req.promotionId, req.releaseType === 'ALL' ? undefined : req.releaseType);
      if (!releases.length)
        throw new AppError(
          'RELEASE_NOT_FOUND',
          `Promotion ${req.promotionId} has no ${req.releaseType === 'ALL' ? '' : `${req.releaseType} `}release`,
        );
      const out = [];
      for (const r of releases) {
        let { status, completedAt } = r;
        if (status !== 'SUCCESS' && status !== 'ERROR') {
          status = (await boomi.releases.status(r.releaseId)).releaseStatus;
          await db.transaction((tx) => store.updateRelease(tx, r.releaseId, status));
          if (status === 'SUCCESS' || status === 'ERROR') completedAt = new Date(deps.clock.now());
        }
        out.push({
          releaseId: r.releaseId,
          releaseType: r.releaseType,
          integrationPackId: r.integrationPackId,
          integrationPackName: r.integrationPackName,
          status,
          requestedAt: r.requestedAt.toISOString(),
          completedAt: completedAt ? completedAt.toISOString() : null,
        });
      }
      return { releases: out };
    },
  };
}

function checkTestGate(p: Promotion) {
  if (p.status === 'COMPLETED' || p.status === 'TEST_DEPLOY_FAILED') return;
  if (p.status === 'IN_PROGRESS' || p.status === 'FAILED') {
    throw new AppError(
      'PROMOTION_NOT_COMPLETED',
      `Promotion ${p.promotionId} has status '${p.status}'; a TEST deployment needs COMPLETED or TEST_DEPLOY_FAILED`,
    );
  }
  throw new AppError(
    'INVALID_PROMOTION_STATUS',
    `Promotion ${p.promotionId} has status '${p.status}'; a TEST deployment needs COMPLETED or TEST_DEPLOY_FAILED`,
  );
}

/** Who may run a production deployment, and when (D5, D7): an admin other than the people whose work ships. */
function checkProductionCaller(caller: Caller, p: Promotion): void {
  if (p.status !== 'ADMIN_APPROVED')
    throw new AppError(
      'INVALID_PROMOTION_STATUS',
      `Promotion ${p.promotionId} has status '${p.status}'; a PRODUCTION deployment needs ADMIN_APPROVED`,
    );
  if (caller.tier !== 'ADMIN') throw new AppError('INSUFFICIENT_TIER', 'Only an admin may deploy to production');
  const me = caller.email.toLowerCase();
  if ([p.initiatedBy, p.peerReviewedBy, p.submittedBy, p.promotedFromTestBy].some((e) => e?.toLowerCase() === me)) {
    throw new AppError(
      'SELF_APPROVAL_NOT_ALLOWED',
      'The admin who deploys must be neither the author nor the peer reviewer of the promotion',
    );
  }
}

function packChoice(req: DeployRequest): TestDeploymentJobData['pack'] {
  if (req.createNewPack) {
    if (!req.newPackName) throw invalid('newPackName', 'required when createNewPack is true');
    if (!isTestPackName(req.newPackName)) throw invalid('newPackName', 'a test pack name must end in " - TEST"');
    return { newPackName: req.newPackName.trim(), newPackDescription: req.newPackDescription };
  }
  if (!req.existingPackId)
    throw invalid('existingPackId', 'choose an existing test pack, or set createNewPack with a newPackName');
  return { existingPackId: req.existingPackId };
}

/** The seed's copies of record fields: taken from the record, and refused when they disagree. */
async function checkSeedFields(deps: DeploymentDeps, p: Promotion, req: DeployRequest) {
  const same: Array<[keyof DeployRequest, string | null]> = [
    ['devAccountId', p.devAccountId],
    ['devPackageId', p.devPackageId],
    ['devPackageCreator', p.devPackageCreator],
    ['devPackageVersion', p.devPackageVersion],
    ['branchId', p.branchId],
  ];
  for (const [field, value] of same) {
    const sent = req[field];
    if (sent !== undefined && String(sent).toLowerCase() !== (value ?? '').toLowerCase())
      throw invalid(field, `does not match promotion ${p.promotionId}`);
  }
  if (req.prodComponentId !== undefined) {
    const root = (await deps.promotions.results(p.promotionId)).find(
      (r) => r.devComponentId === p.rootComponentId,
    )?.prodComponentId;
    if (req.prodComponentId !== root)
      throw invalid('prodComponentId', `is not the promoted root process of promotion ${p.promotionId}`);
  }
}
