import type { ComponentResultRecord, Promotion } from './promotion-store.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * A promotion record as the API shows it: ISO timestamps, every column but the row version and the
 * internal error code (10-backend.md §2.6). Spelled out, like rowToPromotion, so each page builds
 * objects of one fixed shape.
 */
export function promotionToWire(p: Promotion) {
  return {
    promotionId: p.promotionId,
    devAccountId: p.devAccountId,
    prodAccountId: p.prodAccountId,
    devPackageId: p.devPackageId,
    devPackageVersion: p.devPackageVersion,
    devPackageCreator: p.devPackageCreator,
    prodPackageId: p.prodPackageId,
    initiatedBy: p.initiatedBy,
    initiatedAt: iso(p.initiatedAt)!,
    status: p.status,
    processName: p.processName,
    rootComponentId: p.rootComponentId,
    packageVersion: p.packageVersion,
    componentsTotal: p.componentsTotal,
    componentsCreated: p.componentsCreated,
    componentsUpdated: p.componentsUpdated,
    componentsFailed: p.componentsFailed,
    connectionsSkipped: p.connectionsSkipped,
    errorMessage: p.errorMessage,
    lastErrorCode: p.lastErrorCode,
    resultDetail: p.resultDetail,
    peerReviewStatus: p.peerReviewStatus,
    peerReviewedBy: p.peerReviewedBy,
    peerReviewedAt: iso(p.peerReviewedAt),
    peerReviewComments: p.peerReviewComments,
    adminReviewStatus: p.adminReviewStatus,
    adminApprovedBy: p.adminApprovedBy,
    adminApprovedAt: iso(p.adminApprovedAt),
    adminComments: p.adminComments,
    branchId: p.branchId,
    branchName: p.branchName,
    integrationPackId: p.integrationPackId,
    integrationPackName: p.integrationPackName,
    targetEnvironment: p.targetEnvironment,
    isHotfix: p.isHotfix,
    hotfixJustification: p.hotfixJustification,
    breakGlass:
      p.breakGlassBy && p.breakGlassAt
        ? { by: p.breakGlassBy, reason: p.breakGlassReason ?? '', at: iso(p.breakGlassAt)! }
        : null,
    testPromotionId: p.testPromotionId,
    testDeployedAt: iso(p.testDeployedAt),
    testIntegrationPackId: p.testIntegrationPackId,
    testIntegrationPackName: p.testIntegrationPackName,
    promotedFromTestBy: p.promotedFromTestBy,
    deploymentNotes: p.deploymentNotes,
    deploymentRequest: p.deploymentRequest,
    postDeployWarnings: p.postDeployWarnings,
    submittedBy: p.submittedBy,
    submittedAt: iso(p.submittedAt),
    deployedAt: iso(p.deployedAt),
    updatedAt: iso(p.updatedAt)!,
    jobId: p.jobId,
    scheduledDeployAt: iso(p.scheduledDeployAt),
    scheduleNote: p.scheduleNote,
  };
}

export function resultToWire(r: ComponentResultRecord) {
  const { seq: _s, baseVersion: _b, ...rest } = r;
  return rest;
}

/** executePromotion's answer (10-backend.md §2.4 as the spec README amends it). */
export function executeResponse(p: Promotion, results: readonly ComponentResultRecord[], jobId: string) {
  return {
    promotionId: p.promotionId,
    jobId,
    status: p.status,
    branchId: p.branchId,
    branchName: p.branchName,
    componentsTotal: p.componentsTotal,
    componentsCreated: p.componentsCreated,
    componentsUpdated: p.componentsUpdated,
    componentsUnchanged: results.filter((r) => r.action === 'UNCHANGED').length,
    componentsFailed: p.componentsFailed,
    connectionsSkipped: p.connectionsSkipped,
    results: results.map(resultToWire),
  };
}
