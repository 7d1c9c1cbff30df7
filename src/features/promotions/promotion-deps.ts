import type { z } from 'zod';
import type { executePromotion } from '../../contracts/promotions.ts';
import type { BoomiClient, Document } from '../../boomi/index.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { Promotion, PromotionStore } from './promotion-store.ts';
import type { TreeComponent } from './promotion-runner.ts';
import type { BranchSlots } from './branch-slots.ts';

// What the promotion use cases (start, run, reap) share, apart from the service that wires them,
// so the service and the modules it delegates to never import each other.

export type ExecuteRequest = z.output<typeof executePromotion.request>;
export const PROMOTION_JOB = 'promotion.execute';

export interface PromotionJobData {
  promotionId: string;
  devAccountId: string;
  rootComponentId: string;
  initiatedBy: string;
  components: TreeComponent[];
  /** Read and compare every component, even those whose versions say they did not change. */
  force?: boolean;
}

export interface PromotionDeps {
  db: Transactor;
  store: PromotionStore;
  mappings: MappingService;
  accounts: AccountService;
  audit: AuditLog;
  jobs: Jobs;
  boomi: BoomiClient;
  slots: BranchSlots;
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  primaryAccountId: string;
  /** A running promotion touches its job this often; four missed beats mean its process died. */
  heartbeatMs: number;
  /** Policy checks over the promoted components (issue 16); none in tests that do not wire them. */
  checks?: PromotionChecks | undefined;
}

/** The policy checks a promotion runs (the checks feature implements it). */
export interface PromotionChecks {
  begin(devAccountId: string): Promise<PromotionCheckRun>;
}

export interface PromotionCheckRun {
  /** Sees a component as read from the dev account, before its environment values are stripped. */
  inspect(component: TreeComponent, doc: Document, devVersion: number | null): void;
  /** Covers the components not read (unchanged); answers what to record in the completing transaction. */
  finish(
    unchanged: ReadonlyArray<{ devComponentId: string; name: string; type: string; devVersion: number | null }>,
  ): Promise<(tx: Tx, promotionId: string, actor: string) => Promise<void>>;
}

export interface StartedPromotion {
  promotion: Promotion;
  jobId: string;
}
