import type { Tx } from '../../platform/transactor.ts';

export type DriftKind = 'COMPONENT' | 'DEPLOYMENT';
export type DriftChange = 'MODIFIED' | 'DELETED' | 'MISSING' | 'REPLACED' | 'UNRECORDED';
export type DriftResolution = 'MATCHES_AGAIN' | 'RECORDED_BY_PROMO';

/** One difference a check saw between the record and Boomi; `(kind, subject)` names it. */
export interface ObservedDrift {
  kind: DriftKind;
  subject: string;
  componentId: string;
  componentName: string | null;
  devAccountIds: string[];
  environmentId: string | null;
  environmentName: string | null;
  environmentClassification: string | null;
  recordedVersion: number | null;
  actualVersion: number | null;
  recordedPackageId: string | null;
  actualPackageId: string | null;
  recordedPackageVersion: string | null;
  actualPackageVersion: string | null;
  change: DriftChange;
  changedBy: string | null;
  changedAt: Date | null;
}

/** A difference as kept: open until Boomi and the record agree again. */
export interface DriftFinding extends ObservedDrift {
  status: 'OPEN' | 'RESOLVED';
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolution: DriftResolution | null;
}

export interface BranchEntry {
  branchId: string;
  branchName: string;
  promotionId: string | null;
  /** The dev account of the promotion the branch was named after, when Promo has that record. */
  devAccountId: string | null;
  createdDate: string | null;
  ageDays: number | null;
}

export interface DriftCheck {
  checkId: string;
  requestedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  errorMessage: string | null;
  /** The failure's error code, for the run that saw it (not kept). */
  errorCode?: string | undefined;
  componentsChecked: number;
  environmentsChecked: number;
  newFindings: number;
  resolvedFindings: number;
  boomiCalls: number;
  branchCount: number | null;
  orphansDeleted: BranchEntry[];
  staleBranches: BranchEntry[];
}

export type CheckOutcome = Omit<DriftCheck, 'checkId' | 'requestedBy' | 'startedAt'>;

/** The last deployment Promo made of a process in an environment. */
export interface RecordedDeployment {
  environmentId: string;
  componentId: string;
  processName: string | null;
  packageId: string;
  packageVersion: string | null;
  promotionId: string;
  devAccountId: string;
}

export interface FindingFilter {
  kind?: DriftKind | undefined;
  includeResolved: boolean;
  /** undefined: every account (an admin). */
  devAccountIds?: readonly string[] | undefined;
  componentIds?: readonly string[] | undefined;
  limit: number;
}

export interface DriftStore {
  findings(filter: FindingFilter, tx?: Tx): Promise<DriftFinding[]>;
  /** Records what a check saw: observed rows open (or stay open), `resolved` close. Answers the newly opened. */
  applyCheck(
    tx: Tx,
    observed: readonly ObservedDrift[],
    resolved: ReadonlyArray<{ kind: DriftKind; subject: string; resolution: DriftResolution }>,
    at: Date,
  ): Promise<DriftFinding[]>;
  startCheck(tx: Tx, checkId: string, requestedBy: string, at: Date): Promise<void>;
  finishCheck(tx: Tx, checkId: string, outcome: CheckOutcome): Promise<void>;
  /** The newest check; `succeededOnly` skips running and failed ones. */
  lastCheck(opts?: { succeededOnly?: boolean }): Promise<DriftCheck | undefined>;
  recordedDeployments(): Promise<RecordedDeployment[]>;
  /** Promotions that still own a branch (not terminal): their ids and branch ids, with dev accounts. */
  liveBranchOwners(terminalStatuses: readonly string[]): Promise<{ promotionIds: Set<string>; branchIds: Set<string> }>;
  /** Dev accounts of the promotions with these ids (for who may see a branch entry). */
  accountsOf(promotionIds: readonly string[]): Promise<Map<string, string>>;
  /** Production components a promotion writes to main (CREATED or UPDATED). */
  componentsOf(promotionId: string): Promise<string[]>;
}
