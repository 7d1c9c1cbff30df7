import type { ReleaseKind, RollbackStatus, RollbackStepName, StepStatus } from '../../contracts/releases.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { RollbackTransition } from './rollback-state.ts';

/** A release of a process: what one production deployment (or finished rollback) put in place. */
export interface ReleaseEvent {
  kind: ReleaseKind;
  target: 'TEST' | 'PRODUCTION';
  /** The promotion id, or the rollback id for a ROLLBACK. */
  id: string;
  /** The promotion it concerns (a rollback's: the one its chain started from). */
  promotionId: string;
  rollbackId: string | null;
  processId: string;
  processName: string | null;
  devAccountId: string;
  packageId: string;
  packageVersion: string;
  integrationPackId: string | null;
  integrationPackName: string | null;
  at: Date;
  initiatedBy: string;
  approvedBy: string[];
  /** DEPLOYED / DONE, or ROLLED_BACK; a TEST deployment's record status otherwise. */
  status: string;
  environments: Array<{ environmentId: string; environmentName: string; deployed: boolean }>;
  isHotfix: boolean;
  /** A hotfix deployed with fewer approvals than the policy asked. */
  breakGlass: { by: string; reason: string } | null;
}

export interface StepRecord {
  step: RollbackStepName;
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  detail: string | null;
  error: string | null;
}

export interface RollbackEnvironment {
  environmentId: string;
  environmentName: string;
}
export interface RollbackComponent {
  prodComponentId: string;
  name: string;
}
export interface EnvironmentOutcome extends RollbackEnvironment {
  deployed: boolean;
  errorMessage: string | null;
}
export interface RestoredComponent extends RollbackComponent {
  /** The version of the restored release (what main holds again). */
  version: number;
  /** The version main received for it through the merge. */
  mainVersion: number | null;
}

export interface ReleaseRefRecord {
  kind: ReleaseKind;
  id: string;
  packageId: string;
  packageVersion: string;
  releasedAt: Date | null;
}

export interface RollbackRecord {
  rollbackId: string;
  processId: string;
  processName: string | null;
  devAccountId: string;
  promotionId: string;
  rolledBack: ReleaseRefRecord;
  restores: ReleaseRefRecord;
  integrationPackId: string;
  integrationPackName: string | null;
  reason: string;
  status: RollbackStatus;
  requestedBy: string;
  requestedAt: Date;
  peersRequired: number;
  adminsRequired: number;
  environments: RollbackEnvironment[];
  components: RollbackComponent[];
  steps: StepRecord[];
  environmentResults: EnvironmentOutcome[];
  restoredComponents: RestoredComponent[];
  leftInPlace: RollbackComponent[];
  releaseRequestId: string | null;
  branchId: string | null;
  mergeRequestId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  jobId: string | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** What the runner fills in as it goes; a new rollback has none of it yet. */
type RunnerField =
  | 'environmentResults'
  | 'restoredComponents'
  | 'leftInPlace'
  | 'releaseRequestId'
  | 'branchId'
  | 'mergeRequestId'
  | 'errorCode'
  | 'errorMessage'
  | 'jobId'
  | 'finishedAt';

export type NewRollback = Omit<RollbackRecord, 'status' | 'requestedAt' | 'updatedAt' | RunnerField> & {
  status: 'PENDING_APPROVAL' | 'RUNNING';
};

export interface ApprovalRecord {
  approver: string;
  role: 'PEER' | 'ADMIN';
  decision: 'APPROVED' | 'DENIED';
  comments: string | null;
  at: Date;
}

/** What the runner writes as it goes: each field it names, nothing else. */
export type RollbackProgress = Partial<Pick<RollbackRecord, 'steps' | RunnerField>>;

export interface RollbackStore {
  ownerOf(rollbackId: string): Promise<{ devAccountId: string } | undefined>;
  get(rollbackId: string, tx?: Tx): Promise<RollbackRecord | undefined>;
  getForUpdate(tx: Tx, rollbackId: string): Promise<RollbackRecord | undefined>;
  /** ROLLBACK_IN_PROGRESS when the process already has an open rollback (the database decides). */
  insert(tx: Tx, r: NewRollback): Promise<RollbackRecord>;
  /** Guarded: applies only from the transition's `from` statuses. */
  transition(
    tx: Tx,
    rollbackId: string,
    t: RollbackTransition,
    changes?: RollbackProgress,
  ): Promise<RollbackRecord | undefined>;
  update(tx: Tx, rollbackId: string, changes: RollbackProgress): Promise<void>;
  list(q: {
    status?: RollbackStatus | undefined;
    promotionId?: string | undefined;
    devAccountIds?: readonly string[] | undefined;
    limit: number;
  }): Promise<RollbackRecord[]>;
  openFor(processId: string): Promise<RollbackRecord | undefined>;
  /** RUNNING rollbacks not touched since `before` (the reaper's candidates). */
  staleRunning(before: Date): Promise<RollbackRecord[]>;
  approvals(rollbackId: string, tx?: Tx): Promise<ApprovalRecord[]>;
  addApproval(tx: Tx, rollbackId: string, a: Omit<ApprovalRecord, 'at'>): Promise<boolean>;
  /** Every release of a process, newest first: production promotions, finished rollbacks, test deployments. */
  releases(processId: string): Promise<ReleaseEvent[]>;
  /** The production component of a promotion's root process. */
  processOf(promotionId: string): Promise<string | undefined>;
}
