import type { z } from 'zod';
import type { Release, Rollback } from '../../contracts/releases.ts';
import { rollbackApprovalsNeeded } from './rollback-approval.ts';
import { releaseStatus } from './release-history.ts';
import type { ApprovalRecord, ReleaseEvent, ReleaseRefRecord, RollbackRecord } from './rollback-store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ref = (r: ReleaseRefRecord) => ({ ...r, releasedAt: iso(r.releasedAt) });

/** A rollback as the API answers it: dates as ISO text, the approvals still missing worked out. */
export function toWireRollback(r: RollbackRecord, approvals: readonly ApprovalRecord[]): z.input<typeof Rollback> {
  const required = { peers: r.peersRequired, admins: r.adminsRequired };
  const missing = rollbackApprovalsNeeded(
    required,
    approvals.filter((a) => a.decision === 'APPROVED'),
  );
  return {
    rollbackId: r.rollbackId,
    processId: r.processId,
    processName: r.processName,
    devAccountId: r.devAccountId,
    promotionId: r.promotionId,
    status: r.status,
    rolledBack: ref(r.rolledBack),
    restores: ref(r.restores),
    integrationPackId: r.integrationPackId,
    integrationPackName: r.integrationPackName,
    reason: r.reason,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    approvalsRequired: required,
    approvalsMissing:
      r.status === 'PENDING_APPROVAL' ? { peers: missing.peers, admins: missing.admins } : { peers: 0, admins: 0 },
    approvals: approvals.map((a) => ({ ...a, at: a.at.toISOString() })),
    steps: r.steps,
    environmentResults: r.environmentResults,
    restoredComponents: r.restoredComponents,
    leftInPlace: r.leftInPlace,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    jobId: r.jobId,
    finishedAt: iso(r.finishedAt),
  };
}

/** One line of the release history; `rollback` is the record of a ROLLBACK release. */
export function toWireRelease(
  e: ReleaseEvent,
  all: readonly ReleaseEvent[],
  rollback: RollbackRecord | undefined,
): z.input<typeof Release> {
  return {
    kind: e.kind,
    target: e.target,
    promotionId: e.promotionId,
    rollbackId: e.rollbackId,
    processName: e.processName,
    packageId: e.packageId,
    packageVersion: e.packageVersion,
    integrationPackId: e.integrationPackId,
    integrationPackName: e.integrationPackName,
    releasedAt: e.at.toISOString(),
    initiatedBy: e.initiatedBy,
    approvedBy: e.approvedBy,
    breakGlass: e.breakGlass,
    status: releaseStatus(e, all),
    environments: e.environments.map((x) => ({ ...x, at: e.at.toISOString() })),
    restores: rollback ? ref(rollback.restores) : null,
    reason: rollback?.reason ?? null,
  };
}
