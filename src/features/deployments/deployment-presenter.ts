import type { z } from 'zod';
import type { packageAndDeploy, queryTestDeployments } from '../../contracts/deployments.ts';
import type { Promotion } from '../promotions/promotion-store.ts';
import type { EnvironmentResult, ReleaseRecord, TestDeployment } from './deployment-store.ts';

export type DeployResponse = z.input<typeof packageAndDeploy.response>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The packageAndDeploy answer for a TEST deployment, read back from the record (§2.5). */
export function testDeployResponse(
  p: Promotion,
  release: ReleaseRecord | undefined,
  results: readonly EnvironmentResult[],
  jobId: string,
): DeployResponse {
  const deployed = results.filter((r) => r.deployed).length;
  const done = p.status === 'TEST_DEPLOYED' || p.status === 'TEST_DEPLOY_FAILED';
  return {
    promotionId: p.promotionId,
    jobId,
    status: p.status,
    deploymentTarget: 'TEST',
    // TEST never merges and never deletes the branch (D6).
    branchPreserved: true,
    isHotfix: false,
    packageId: p.prodPackageId,
    prodPackageId: p.prodPackageId,
    packageVersion: p.packageVersion,
    integrationPackId: release?.integrationPackId ?? p.testIntegrationPackId,
    integrationPackName: release?.integrationPackName ?? p.testIntegrationPackName,
    releaseId: release?.releaseId ?? null,
    deploymentStatus:
      !done || results.length === 0
        ? null
        : deployed === results.length
          ? 'DEPLOYED'
          : deployed === 0
            ? 'FAILED'
            : 'PARTIAL',
    deploymentResults: results.map((r) => ({
      environmentId: r.environmentId,
      environmentName: r.environmentName,
      deployed: r.deployed,
      status: r.deployed ? 'DEPLOYED' : 'FAILED',
      errorMessage: r.errorMessage,
    })),
    errorMessage: p.errorMessage,
  };
}

export type TestDeploymentRow = z.input<typeof queryTestDeployments.response>['testDeployments'][number];

export function testDeploymentToWire(p: TestDeployment, now: number): TestDeploymentRow {
  const since = new Date(p.testDeployedAt ?? p.initiatedAt).getTime();
  return {
    promotionId: p.promotionId,
    processName: p.processName,
    devAccountId: p.devAccountId,
    initiatedBy: p.initiatedBy,
    initiatedAt: new Date(p.initiatedAt).toISOString(),
    packageVersion: p.packageVersion,
    componentsTotal: p.componentsTotal,
    componentsCreated: p.componentsCreated,
    componentsUpdated: p.componentsUpdated,
    testDeployedAt: p.testDeployedAt ? new Date(p.testDeployedAt).toISOString() : null,
    testIntegrationPackId: p.testIntegrationPackId,
    testIntegrationPackName: p.testIntegrationPackName,
    branchId: p.branchId,
    branchName: p.branchName,
    prodPackageId: p.prodPackageId,
    // Whole elapsed days (20-dashboard.md G-25).
    branchAgeDays: Math.max(0, Math.floor((now - since) / DAY_MS)),
  };
}
