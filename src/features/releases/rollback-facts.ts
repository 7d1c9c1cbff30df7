import type { RollbackFacts } from '../notifications/rollback-emails.ts';
import type { RollbackRecord } from './rollback-store.ts';

/** What every rollback email says about the record. */
export const rollbackFacts = (r: RollbackRecord): RollbackFacts => ({
  rollbackId: r.rollbackId,
  promotionId: r.promotionId,
  processName: r.processName,
  fromVersion: r.rolledBack.packageVersion,
  toVersion: r.restores.packageVersion,
  toReleasedAt: r.restores.releasedAt,
  packName: r.integrationPackName,
  reason: r.reason,
  requestedBy: r.requestedBy,
});
