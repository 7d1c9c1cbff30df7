import type { Tx } from '../../platform/transactor.ts';
import type { Promotion } from '../promotions/promotion-store.ts';

export type DeploymentTarget = 'TEST' | 'PRODUCTION';
export type ReleaseStatus = 'IN_PROGRESS' | 'SUCCESS' | 'SCHEDULED' | 'ERROR';

/** One ReleaseIntegrationPack request of a deployment (its Boomi `requestId`). */
export interface ReleaseRecord {
  releaseId: string;
  promotionId: string;
  releaseType: DeploymentTarget;
  integrationPackId: string;
  integrationPackName: string | null;
  status: ReleaseStatus;
  requestedAt: Date;
  completedAt: Date | null;
}

export interface EnvironmentResult {
  environmentId: string;
  environmentName: string;
  deployed: boolean;
  errorMessage: string | null;
  deploymentId: string | null;
}

export interface TestDeploymentFilter {
  devAccountIds?: readonly string[] | undefined;
  initiatedBy?: string | undefined;
  processName?: string | undefined;
  limit?: number;
}

/** What the test deployments page shows of a TEST_DEPLOYED record. */
export type TestDeployment = Pick<
  Promotion,
  | 'promotionId'
  | 'processName'
  | 'devAccountId'
  | 'initiatedBy'
  | 'initiatedAt'
  | 'packageVersion'
  | 'componentsTotal'
  | 'componentsCreated'
  | 'componentsUpdated'
  | 'testDeployedAt'
  | 'testIntegrationPackId'
  | 'testIntegrationPackName'
  | 'branchId'
  | 'branchName'
  | 'prodPackageId'
>;

export interface DeploymentStore {
  recordRelease(tx: Tx, r: Omit<ReleaseRecord, 'requestedAt' | 'completedAt'>): Promise<void>;
  /** Records what Boomi last reported; a final status stamps `completedAt` once. */
  updateRelease(tx: Tx, releaseId: string, status: ReleaseStatus): Promise<void>;
  releases(promotionId: string, type?: DeploymentTarget): Promise<ReleaseRecord[]>;
  /** Replaces the results of the promotion's deployment to `target` (a retry starts afresh). */
  saveEnvironmentResults(
    tx: Tx,
    promotionId: string,
    target: DeploymentTarget,
    results: readonly EnvironmentResult[],
  ): Promise<void>;
  environmentResults(promotionId: string, target: DeploymentTarget): Promise<EnvironmentResult[]>;
  /** The latest deployed record of a process for the target: where its pack suggestion comes from. */
  lastDeployedPack(
    processName: string,
    target: DeploymentTarget,
  ): Promise<{ packId: string; packName: string | null; at: Date } | undefined>;
  /** TEST_DEPLOYED records no live production record was made from (§8.C #39), newest first. */
  testDeployments(filter: TestDeploymentFilter): Promise<TestDeployment[]>;
  /** Production records made from this test record that still hold its branch (not FAILED/WITHDRAWN or rejected). */
  openProductionRecords(testPromotionId: string, tx?: Tx): Promise<string[]>;
  recordMerge(tx: Tx, promotionId: string, mergeRequestId: string): Promise<void>;
  /** The merge request that took this promotion's branch to main, if one has. */
  mergeOf(promotionId: string): Promise<string | undefined>;
}
