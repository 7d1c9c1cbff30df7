import type { Tx, Transactor } from '../../platform/transactor.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import type { Promotion, PromotionStore } from '../promotions/promotion-store.ts';
import type { RuntimeService } from '../runtimes/runtime-service.ts';
import type { DeploymentStore } from './deployment-store.ts';
import type { FreezeGate } from '../freezes/freeze-service.ts';

// What the deployment use cases (start, run, reap) share, apart from the service that wires them,
// so the service and the modules it delegates to never import each other.

export const TEST_DEPLOYMENT_JOB = 'deployment.test';
export const PRODUCTION_DEPLOYMENT_JOB = 'deployment.production';

export interface TestDeploymentJobData {
  promotionId: string;
  requestedBy: string;
  packageVersion: string;
  deploymentNotes?: string | undefined;
  pack: {
    existingPackId?: string | undefined;
    newPackName?: string | undefined;
    newPackDescription?: string | undefined;
  };
  /** null: every TEST environment of the primary account. */
  environments: Array<{ environmentId: string; environmentName?: string | undefined }> | null;
}

/** A production deployment job's payload. */
export type ProductionJobData = {
  promotionId: string;
  requestedBy: string;
  /** A break-glass hotfix passes freeze windows, when queued and when it runs. */
  breakGlass?: boolean | undefined;
  /** A scheduled run: the moment it was queued for (ISO). During a freeze it waits instead of failing. */
  scheduledFor?: string | undefined;
};

export type DeploymentEmail = 'TEST_DEPLOYED' | 'DEPLOYED' | 'DEPLOYMENT_CANCELLED';

/** Who cancelled a failed production deployment, why, and what main holds (its email says). */
export interface CancelledBy {
  email: string;
  name?: string | undefined;
  reason: string;
  failure: string | null;
  mergedToMain: boolean;
}

export interface DeploymentDeps {
  /** Refuses a test deployment the approval policy's TEST path has not approved yet. */
  testApprovalGate?: ((promotion: Promotion) => Promise<void>) | undefined;
  db: Transactor;
  promotions: PromotionStore;
  store: DeploymentStore;
  accounts: AccountService;
  audit: AuditLog;
  jobs: Jobs;
  boomi: BoomiClient;
  clock: Clock;
  heartbeatMs: number;
  syncWaitMs: number;
  mappings: MappingService;
  /** Which runtimes serve each environment, for the warnings before a deployment is made. */
  runtimes: RuntimeService;
  /** Queues the email of a deployment transition inside its transaction (D12). */
  notify: (tx: Tx, kind: DeploymentEmail, promotion: Promotion, by?: CancelledBy) => Promise<void>;
  /** Runs after a production deployment succeeded; its failures become warnings, never a failure. */
  afterProductionDeploy?: ((promotionId: string) => Promise<string[]>) | undefined;
  /** Freeze windows: production deployments are refused or wait during one (none: never frozen). */
  freezes?: FreezeGate | undefined;
  /**
   * Runs in the transaction that records a TEST deployment, with the deployed process's ids (its
   * promoted copy, its dev id): queues what follows it (the test process run), never slows or fails it.
   */
  afterTestDeploy?:
    ((tx: Tx, promotion: Promotion, processIds: string[], requestedBy: string) => Promise<void>) | undefined;
}
