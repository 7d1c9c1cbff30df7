import type { MappingService } from '../mappings/mapping-service.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeploymentStore } from '../deployments/deployment-store.ts';
import type { ComposeEmail } from '../notifications/email-templates.ts';
import type { BranchSlots } from '../promotions/branch-slots.ts';
import type { PromotionStore } from '../promotions/promotion-store.ts';
import type { RollbackApprovalRequirement } from './rollback-approval.ts';
import type { RollbackStore } from './rollback-store.ts';

// What the rollback use cases (request, review, run, reap) share, so none imports another.

export const ROLLBACK_JOB = 'release.rollback';

export interface RollbackDeps {
  db: Transactor;
  store: RollbackStore;
  /** Read the rolled-back promotion and its results; mark it ROLLED_BACK when the rollback is done. */
  promotions: PromotionStore;
  /** Where a promotion's release was deployed (its environment results). */
  deployments: Pick<DeploymentStore, 'environmentResults'>;
  accounts: AccountService;
  audit: AuditLog;
  /** Main's versions after the restore become the mappings' recorded versions (what drift measures from). */
  mappings: Pick<MappingService, 'recordVersions'>;
  jobs: Jobs;
  boomi: BoomiClient;
  clock: Clock;
  heartbeatMs: number;
  /** RESTORE_MAIN takes a branch like a promotion does: within the primary account's limit. */
  slots: BranchSlots;
  /** Queues an email in the caller's transaction (D12). */
  notify: (tx: Tx, email: ComposeEmail) => Promise<void>;
  /** The approvals a new rollback needs; the approval policy supplies it, one admin otherwise. */
  approvalRequirement?: (() => Promise<RollbackApprovalRequirement>) | undefined;
}

export type Progress = (done: number, total: number, step: string) => Promise<void>;
