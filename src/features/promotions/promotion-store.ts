import type { PromotionStatus, ResultAction } from '../../contracts/promotions.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { Transition } from './promotion-state.ts';
import type { NewMapping } from '../mappings/mapping-store.ts';

/** A PromotionLog record (10-backend.md §1.1 plus the recommended columns). */
export interface Promotion {
  promotionId: string;
  devAccountId: string;
  prodAccountId: string;
  devPackageId: string;
  devPackageVersion: string | null;
  devPackageCreator: string | null;
  prodPackageId: string | null;
  initiatedBy: string;
  initiatedAt: Date;
  status: PromotionStatus;
  processName: string | null;
  rootComponentId: string | null;
  packageVersion: string | null;
  componentsTotal: number;
  componentsCreated: number;
  componentsUpdated: number;
  componentsFailed: number;
  connectionsSkipped: number;
  errorMessage: string | null;
  resultDetail: string | null;
  peerReviewStatus: string | null;
  peerReviewedBy: string | null;
  peerReviewedAt: Date | null;
  peerReviewComments: string | null;
  adminReviewStatus: string | null;
  adminApprovedBy: string | null;
  adminApprovedAt: Date | null;
  adminComments: string | null;
  branchId: string | null;
  branchName: string | null;
  integrationPackId: string | null;
  integrationPackName: string | null;
  targetEnvironment: 'TEST' | 'PRODUCTION' | null;
  isHotfix: boolean;
  hotfixJustification: string | null;
  /** A hotfix an admin deployed with fewer approvals than the policy asks (break-glass), and why. */
  breakGlassBy: string | null;
  breakGlassReason: string | null;
  breakGlassAt: Date | null;
  testPromotionId: string | null;
  testDeployedAt: Date | null;
  testIntegrationPackId: string | null;
  testIntegrationPackName: string | null;
  promotedFromTestBy: string | null;
  deploymentNotes: string | null;
  deploymentRequest: Record<string, unknown> | null;
  /** What went wrong after a deployment succeeded (never failing it), e.g. an access cache refresh. */
  postDeployWarnings: string[];
  submittedBy: string | null;
  submittedAt: Date | null;
  deployedAt: Date | null;
  lastErrorCode: string | null;
  jobId: string | null;
  /** When an approved production deployment is scheduled to run (its job waits until then). */
  scheduledDeployAt: Date | null;
  /** Why a scheduled deployment waits longer than asked (a freeze window). */
  scheduleNote: string | null;
  updatedAt: Date;
  rowVersion: number;
}

export type NewPromotion = Pick<
  Promotion,
  | 'promotionId'
  | 'devAccountId'
  | 'prodAccountId'
  | 'devPackageId'
  | 'devPackageVersion'
  | 'devPackageCreator'
  | 'initiatedBy'
  | 'processName'
  | 'rootComponentId'
  | 'packageVersion'
  | 'componentsTotal'
  | 'branchId'
  | 'branchName'
  | 'jobId'
>;

export interface ComponentResultRecord {
  seq: number;
  devComponentId: string;
  name: string;
  type: string;
  action: ResultAction;
  status: 'SUCCESS' | 'FAILED' | 'SKIPPED';
  prodComponentId: string | null;
  prodVersion: number | null;
  /** UPDATED/UNCHANGED: the main version the branch started from. */
  baseVersion?: number | null;
  configStripped: boolean;
  strippedElements: string[];
  errorMessage: string | null;
  /** Why it came out so: skipped as unchanged, production changed outside Promo, forced. */
  reason?: string | null;
  /** Kept for the mapping, not stored with the result: the dev revision read and the written content's hash. */
  devVersion?: number | null;
  contentHash?: string | null;
}

/** A mapping a promotion wrote; it becomes a committed mapping when its branch reaches main. */
export type PendingMapping = Omit<NewMapping, 'lastPromotedAt' | 'lastPromotedBy' | 'mappingSource'>;

export interface PromotionQuery {
  promotionId?: string | undefined;
  devAccountIds?: readonly string[] | undefined;
  status?: PromotionStatus | undefined;
  statusNot?: PromotionStatus | undefined;
  reviewStage?: 'PENDING_PEER_REVIEW' | 'PENDING_ADMIN_REVIEW' | undefined;
  processName?: string | undefined;
  componentId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Leave out what this person wrote or submitted (review queues). */
  excludeEmail?: string | undefined;
  /** Only what this person wrote or submitted (My work). */
  ownedBy?: string | undefined;
  /** Only records not finished (a test record whose production request was deployed is finished). */
  openOnly?: boolean | undefined;
  /** Also read each test record's latest production request. */
  withProductionRequest?: boolean | undefined;
  /** Also read each record's component results, in the same query. */
  withResults?: boolean | undefined;
  limit: number;
  offset: number;
}

/** Fields a transition may set besides `status` (and the review sub-statuses that follow it). */
export type PromotionChanges = Partial<
  Omit<Promotion, 'promotionId' | 'status' | 'initiatedAt' | 'updatedAt' | 'rowVersion'>
>;

/** A test record's latest production request. */
export interface ProductionRequestRef {
  promotionId: string;
  status: PromotionStatus;
}

export interface PromotionOwner {
  promotionId: string;
  devAccountId: string;
  branchId: string | null;
}

export interface PromotionStore {
  /** Who owns a promotion: its dev account and branch; undefined when there is no such promotion. */
  ownerOf(promotionId: string): Promise<PromotionOwner | undefined>;
  /** Every promotion recorded with this branch (a production record shares its test record's). */
  ownersOfBranch(branchId: string): Promise<PromotionOwner[]>;
  /** The promotion wrote (or would write) this production component. */
  hasComponent(promotionId: string, prodComponentId: string): Promise<boolean>;
  get(promotionId: string, tx?: Tx): Promise<Promotion | undefined>;
  /** Locks the row until the transaction ends. */
  getForUpdate(tx: Tx, promotionId: string): Promise<Promotion | undefined>;
  /** Inserts an IN_PROGRESS record; fails with PROMOTION_IN_PROGRESS when the account has one. */
  insertInProgress(tx: Tx, p: NewPromotion): Promise<Promotion>;
  /** Guarded: applies only when the record is in one of the transition's `from` states. */
  transition(tx: Tx, promotionId: string, t: Transition, changes?: PromotionChanges): Promise<Promotion | undefined>;
  /** Field changes that are not a transition (branch id, job id, progress counts). */
  update(tx: Tx, promotionId: string, changes: PromotionChanges): Promise<void>;
  /** A page, newest first; `results` by promotion id when the query asked for them. */
  query(q: PromotionQuery): Promise<{
    rows: Promotion[];
    hasMore: boolean;
    results?: ReadonlyMap<string, ComponentResultRecord[]>;
    productionRequests?: ReadonlyMap<string, ProductionRequestRef>;
  }>;
  /** Open (not terminal) promotions of an account, with the dev components they carry. */
  openWithComponents(
    devAccountId: string,
    tx?: Tx,
  ): Promise<Array<{ promotion: Promotion; devComponentIds: string[] }>>;
  /**
   * A PRODUCTION record for a tested promotion (T9): it shares the test record's branch, results
   * and pending mappings, and starts in PENDING_PEER_REVIEW.
   */
  insertFromTest(
    tx: Tx,
    test: Promotion,
    p: {
      promotionId: string;
      submittedBy: string;
      deploymentRequest: Record<string, unknown>;
      packageVersion: string | null;
      deploymentNotes: string | null;
    },
  ): Promise<Promotion>;
  /** The PRODUCTION records made from a test record. */
  productionRecordsOf(testPromotionId: string, tx?: Tx): Promise<Promotion[]>;
  /** The promotion that owns a branch, if any. */
  findByBranch(branchId: string): Promise<Promotion | undefined>;
  /** IN_PROGRESS promotions that have taken a branch slot but have no branch yet. */
  countReservedSlots(): Promise<number>;
  /** Possibly stuck records: in a running status (IN_PROGRESS, TEST_DEPLOYING) and not touched since `before`. */
  stale(status: PromotionStatus, before: Date): Promise<Promotion[]>;

  saveResults(tx: Tx, promotionId: string, results: readonly ComponentResultRecord[]): Promise<void>;
  results(promotionId: string): Promise<ComponentResultRecord[]>;
  savePendingMappings(tx: Tx, promotionId: string, mappings: readonly PendingMapping[]): Promise<void>;
  pendingMappings(promotionId: string, tx?: Tx): Promise<PendingMapping[]>;
  /** The type of a production component a record in flight wrote to its branch (not on main until released). */
  pendingComponentType(prodComponentId: string): Promise<string | undefined>;
}
