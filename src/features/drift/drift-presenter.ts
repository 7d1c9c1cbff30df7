import type { z } from 'zod';
import type {
  BranchSummary,
  ComponentDrift,
  DriftCheckSummary,
  DriftFinding as WireFinding,
} from '../../contracts/drift.ts';
import type { BranchEntry, DriftCheck, DriftFinding } from './drift-store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const componentDriftToWire = (f: DriftFinding): z.input<typeof ComponentDrift> => ({
  change: f.change,
  recordedVersion: f.recordedVersion,
  actualVersion: f.actualVersion,
  changedBy: f.changedBy,
  changedAt: iso(f.changedAt),
  firstSeenAt: f.firstSeenAt.toISOString(),
});

export const findingToWire = (f: DriftFinding): z.input<typeof WireFinding> => ({
  ...componentDriftToWire(f),
  kind: f.kind,
  status: f.status,
  componentId: f.componentId,
  componentName: f.componentName,
  environmentId: f.environmentId,
  environmentName: f.environmentName,
  environmentClassification: f.environmentClassification,
  recordedPackageId: f.recordedPackageId,
  actualPackageId: f.actualPackageId,
  recordedPackageVersion: f.recordedPackageVersion,
  actualPackageVersion: f.actualPackageVersion,
  lastSeenAt: f.lastSeenAt.toISOString(),
  resolvedAt: iso(f.resolvedAt),
  resolution: f.resolution,
});

export const checkToWire = (c: DriftCheck): z.input<typeof DriftCheckSummary> => ({
  checkId: c.checkId,
  requestedBy: c.requestedBy,
  startedAt: c.startedAt.toISOString(),
  finishedAt: iso(c.finishedAt),
  outcome: c.outcome,
  errorMessage: c.errorMessage,
  componentsChecked: c.componentsChecked,
  environmentsChecked: c.environmentsChecked,
  newFindings: c.newFindings,
  resolvedFindings: c.resolvedFindings,
  boomiCalls: c.boomiCalls,
});

export const checkResultToWire = (c: DriftCheck, extra: { openFindings: number; reused: boolean }) => ({
  ...checkToWire(c),
  openFindings: extra.openFindings,
  branchCount: c.branchCount,
  orphansDeleted: c.orphansDeleted.length,
  reused: extra.reused,
});

const branchToWire = (b: BranchEntry) => ({
  branchId: b.branchId,
  branchName: b.branchName,
  promotionId: b.promotionId,
  createdDate: b.createdDate,
  ageDays: b.ageDays,
});

export function branchesToWire(
  c: DriftCheck,
  visible: (b: BranchEntry) => boolean,
  limits: { threshold: number; staleDays: number },
): z.input<typeof BranchSummary> {
  return {
    count: c.branchCount ?? 0,
    threshold: limits.threshold,
    staleDays: limits.staleDays,
    orphansDeleted: c.orphansDeleted.filter(visible).map(branchToWire),
    stale: c.staleBranches.filter(visible).map(branchToWire),
    checkedAt: (c.finishedAt ?? c.startedAt).toISOString(),
  };
}
