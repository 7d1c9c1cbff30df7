import type { ComponentResultRecord, Promotion } from './promotion-store.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A promotion record as the API shows it: ISO timestamps, every column (10-backend.md §2.6). */
export function promotionToWire(p: Promotion) {
  const { rowVersion: _v, lastErrorCode: _c, ...rest } = p;
  return {
    ...rest,
    initiatedAt: iso(p.initiatedAt)!,
    updatedAt: iso(p.updatedAt)!,
    peerReviewedAt: iso(p.peerReviewedAt),
    adminApprovedAt: iso(p.adminApprovedAt),
    testDeployedAt: iso(p.testDeployedAt),
    submittedAt: iso(p.submittedAt),
    deployedAt: iso(p.deployedAt),
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
