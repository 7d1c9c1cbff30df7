import { z } from 'zod';
import { ComponentDrift } from './drift.ts';
import { Id, LIMITS, defineContract, withAliases } from './common.ts';

export const PROMOTION_STATUSES = [
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'TEST_DEPLOYING',
  'TEST_DEPLOYED',
  'TEST_DEPLOY_FAILED',
  'PENDING_PEER_REVIEW',
  'PEER_APPROVED',
  'PEER_REJECTED',
  'PENDING_ADMIN_REVIEW',
  'ADMIN_APPROVED',
  'ADMIN_REJECTED',
  'DEPLOYED',
  'TEST_CANCELLED',
  'WITHDRAWN',
  'DEPLOYMENT_CANCELLED',
  'ABANDONED',
  'ROLLED_BACK',
] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const RESULT_ACTIONS = ['CREATED', 'UPDATED', 'UNCHANGED', 'FAILED', 'SKIPPED', 'PRE_MAPPED'] as const;
export type ResultAction = (typeof RESULT_ACTIONS)[number];

const Name = z.string().trim().min(1).max(LIMITS.name);
const FolderPath = z.string().max(1000);
const Timestamp = z.string();

// ---- listDevPackages ---------------------------------------------------------------------------

export const DevPackage = z.object({
  packageId: z.string(),
  packageVersion: z.string(),
  componentId: z.string(),
  componentName: z.string(),
  componentType: z.string(),
  createdDate: z.string(),
  createdBy: z.string(),
  notes: z.string(),
});

export const listDevPackages = defineContract({
  name: 'listDevPackages',
  refs: { devAccountId: 'devAccount' },
  summary: 'The packaged processes of a dev account, newest first, every page collected (10-backend.md §2.2).',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ devAccountId: Id }),
  response: z.object({ packages: z.array(DevPackage), totalCount: z.number().int() }),
});

// ---- resolveDependencies -----------------------------------------------------------------------

export const PROD_STATUSES = ['NEW', 'UPDATE', 'MAPPED', 'UNMAPPED', 'ERROR'] as const;

export const DependencyComponent = z.object({
  devComponentId: z.string(),
  name: z.string(),
  type: z.string(),
  devVersion: z.number().int(),
  folderFullPath: z.string(),
  depth: z.number().int(),
  dependencyType: z.enum(['DEPENDENT', 'INDEPENDENT']).nullable(),
  prodStatus: z.enum(PROD_STATUSES),
  prodComponentId: z.string(),
  prodCurrentVersion: z.number().int(),
  /** The promotion will strip environment values from this component (strippedFields is not empty). */
  hasEnvConfig: z.boolean(),
  /**
   * What the promotion will strip, found by the promotion's own rule on the component as it is now:
   * element and attribute names and field ids (`password`, `@url`, `field[host]`), never values.
   */
  strippedFields: z.array(z.string()),
  isSharedConnection: z.boolean(),
  references: z.array(z.string()),
  errorMessage: z.string().optional(),
  /** Production changed this component outside Promo: promoting overwrites it (issue 14). */
  drift: ComponentDrift.optional(),
});

export const resolveDependencies = defineContract({
  name: 'resolveDependencies',
  refs: { devAccountId: 'devAccount' },
  summary:
    'The full reference tree of a root process in a dev account, with NEW/UPDATE marks and connection mappings (10-backend.md §2.3).',
  minTier: 'CONTRIBUTOR',
  async: true,
  request: withAliases(
    { componentId: 'rootComponentId' },
    z.strictObject({ devAccountId: Id, rootComponentId: Id, rootVersion: z.number().int().min(1).optional() }),
  ),
  response: z.object({
    rootProcessName: z.string(),
    totalComponents: z.number().int(),
    components: z.array(DependencyComponent),
    newCount: z.number().int(),
    updateCount: z.number().int(),
    /** Components the promotion will strip environment values from; what it then reports as stripped. */
    envConfigCount: z.number().int(),
    sharedConnectionCount: z.number().int(),
    unmappedConnectionCount: z.number().int(),
    cycles: z.array(z.array(z.string())),
    /** The walk stopped at its component limit; some references were not followed (10-backend.md §8.E #58). */
    traversalPartial: z.boolean().optional(),
  }),
});

// ---- executePromotion --------------------------------------------------------------------------

const PromotionComponentInput = withAliases(
  { componentId: 'devComponentId', componentName: 'name', componentType: 'type' },
  z.strictObject({
    devComponentId: Id,
    name: Name,
    type: z.string().trim().min(1).max(64),
    folderFullPath: FolderPath.default(''),
  }),
);

export const ComponentResult = z.object({
  devComponentId: z.string(),
  name: z.string(),
  type: z.string(),
  action: z.enum(RESULT_ACTIONS),
  status: z.enum(['SUCCESS', 'FAILED', 'SKIPPED']),
  prodComponentId: z.string().nullable(),
  prodVersion: z.number().int().nullable(),
  configStripped: z.boolean(),
  strippedElements: z.array(z.string()),
  errorMessage: z.string().nullable(),
  /** Why: skipped as unchanged (and the versions), production changed outside Promo, forced. */
  reason: z.string().nullable().optional(),
});

export const executePromotion = defineContract({
  name: 'executePromotion',
  refs: { devAccountId: 'devAccount' },
  summary:
    'Promote a dev package tree onto a new branch of the primary account, as a durable job (10-backend.md §2.4; D3, D8, D9).',
  minTier: 'CONTRIBUTOR',
  async: true,
  request: z.strictObject({
    devAccountId: Id,
    devPackageId: Id,
    packageVersion: z.string().trim().min(1).max(LIMITS.packageVersion),
    rootComponentId: Id,
    components: z.array(PromotionComponentInput).min(1).max(5000),
    promotionMetadata: z
      .strictObject({ processName: Name.optional(), requestDate: z.string().max(40).optional() })
      .optional(),
    devPackageCreator: z.string().max(LIMITS.email).optional(),
    prodAccountId: Id.optional(),
    force: z
      .boolean()
      .optional()
      .describe(
        'Read and compare every component. Without it, a component whose dev version and production version ' +
          'are the ones Promo last promoted is not read and is reported UNCHANGED.',
      ),
  }),
  response: z.object({
    promotionId: z.string(),
    jobId: z.string(),
    status: z.enum(PROMOTION_STATUSES),
    branchId: z.string().nullable().optional(),
    branchName: z.string().nullable().optional(),
    componentsTotal: z.number().int().optional(),
    componentsCreated: z.number().int().optional(),
    componentsUpdated: z.number().int().optional(),
    componentsUnchanged: z.number().int().optional(),
    componentsFailed: z.number().int().optional(),
    connectionsSkipped: z.number().int().optional(),
    results: z.array(ComponentResult).optional(),
  }),
});

// ---- generateComponentDiff ---------------------------------------------------------------------

export const ChangeSummary = z.object({
  elementsAdded: z.number().int(),
  elementsRemoved: z.number().int(),
  elementsChanged: z.number().int(),
  attributesAdded: z.number().int(),
  attributesRemoved: z.number().int(),
  attributesChanged: z.number().int(),
  changes: z.array(z.object({ kind: z.enum(['added', 'removed', 'changed']), path: z.string(), detail: z.string() })),
});

export const generateComponentDiff = defineContract({
  name: 'generateComponentDiff',
  refs: { promotionId: 'promotion', branchId: 'branch', prodComponentId: 'component' },
  summary:
    'Branch and main versions of a promoted component, normalized for review, with a change summary (10-backend.md §2.10).',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    branchId: Id,
    prodComponentId: Id,
    componentName: z.string().max(LIMITS.name).optional(),
    componentAction: z.enum(['CREATE', 'UPDATE', 'CREATED', 'UPDATED', 'UNCHANGED']).optional(),
    promotionId: Id.optional(),
  }),
  response: z.object({
    prodComponentId: z.string(),
    componentName: z.string(),
    componentAction: z.enum(['CREATE', 'UPDATE']),
    branchXml: z.string(),
    mainXml: z.string(),
    branchVersion: z.number().int(),
    mainVersion: z.number().int(),
    summary: ChangeSummary,
    mainChangedSinceBranch: z.boolean(),
    mainChangedWarning: z.string().nullable(),
  }),
});

// ---- queryStatus -------------------------------------------------------------------------------

export const Promotion = z.object({
  promotionId: z.string(),
  devAccountId: z.string(),
  prodAccountId: z.string(),
  devPackageId: z.string(),
  devPackageVersion: z.string().nullable(),
  devPackageCreator: z.string().nullable(),
  prodPackageId: z.string().nullable(),
  initiatedBy: z.string(),
  initiatedAt: Timestamp,
  status: z.enum(PROMOTION_STATUSES),
  processName: z.string().nullable(),
  rootComponentId: z.string().nullable(),
  packageVersion: z.string().nullable(),
  componentsTotal: z.number().int(),
  componentsCreated: z.number().int(),
  componentsUpdated: z.number().int(),
  componentsFailed: z.number().int(),
  connectionsSkipped: z.number().int(),
  errorMessage: z.string().nullable(),
  /** The code of the last failure (a production deployment's, say); null once it succeeded. */
  lastErrorCode: z.string().nullable(),
  resultDetail: z.string().nullable(),
  peerReviewStatus: z.string().nullable(),
  peerReviewedBy: z.string().nullable(),
  peerReviewedAt: Timestamp.nullable(),
  peerReviewComments: z.string().nullable(),
  adminReviewStatus: z.string().nullable(),
  adminApprovedBy: z.string().nullable(),
  adminApprovedAt: Timestamp.nullable(),
  adminComments: z.string().nullable(),
  branchId: z.string().nullable(),
  branchName: z.string().nullable(),
  integrationPackId: z.string().nullable(),
  integrationPackName: z.string().nullable(),
  targetEnvironment: z.enum(['TEST', 'PRODUCTION']).nullable(),
  isHotfix: z.boolean(),
  hotfixJustification: z.string().nullable(),
  /** Set when an admin deployed this hotfix with fewer approvals than the policy asks (break-glass). */
  breakGlass: z.object({ by: z.string(), reason: z.string(), at: Timestamp }).nullable(),
  testPromotionId: z.string().nullable(),
  testDeployedAt: Timestamp.nullable(),
  testIntegrationPackId: z.string().nullable(),
  testIntegrationPackName: z.string().nullable(),
  promotedFromTestBy: z.string().nullable(),
  deploymentNotes: z.string().nullable(),
  deploymentRequest: z.record(z.string(), z.unknown()).nullable(),
  /** What went wrong after the deployment succeeded (an extension access cache not refreshed). */
  postDeployWarnings: z.array(z.string()),
  submittedBy: z.string().nullable(),
  submittedAt: Timestamp.nullable(),
  deployedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  jobId: z.string().nullable(),
  /** An approved production deployment scheduled for later (freeze windows, issue 14). */
  scheduledDeployAt: Timestamp.nullable(),
  /** Why it waits longer than asked: the freeze window it waits out. */
  scheduleNote: z.string().nullable(),
});

/** A test record's latest production request (the guide reads whether it still holds the test). */
const ProductionRequest = z.object({ promotionId: z.string(), status: z.enum(PROMOTION_STATUSES) });

export const queryStatus = defineContract({
  name: 'queryStatus',
  refs: { promotionId: 'promotion', devAccountId: 'devAccount' },
  summary:
    'Promotion records by id, process, component, dev account, status, review stage and date range; ' +
    "newest first (10-backend.md §2.6). scope 'mine': only those the caller started or submitted (My work); " +
    'openOnly: only those not finished.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    promotionId: z.union([Id, z.literal('')]).optional(),
    devAccountId: z.union([Id, z.literal('')]).optional(),
    scope: z.enum(['mine', 'team', '']).optional(),
    openOnly: z.boolean().optional(),
    status: z.union([z.enum(PROMOTION_STATUSES), z.literal('')]).optional(),
    reviewStage: z.enum(['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW', 'ALL', '']).optional(),
    queryType: z.enum(['byProcess', 'byComponent', '']).optional(),
    processName: z.string().max(LIMITS.name).optional(),
    componentId: z.string().max(LIMITS.id).optional(),
    startDate: z.iso.datetime({ offset: true }).or(z.iso.date()).or(z.literal('')).optional(),
    endDate: z.iso.datetime({ offset: true }).or(z.iso.date()).or(z.literal('')).optional(),
    deployed: z.boolean().optional(),
    includeResults: z.boolean().optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  }),
  response: z.object({
    promotions: z.array(
      Promotion.extend({
        results: z.array(ComponentResult).optional(),
        productionRequest: ProductionRequest.nullable().optional(),
      }),
    ),
    totalCount: z.number().int(),
    hasMore: z.boolean(),
  }),
});

// ---- findBlockingPromotions --------------------------------------------------------------------

export const BlockingPromotion = z.object({
  promotionId: z.string(),
  status: z.enum(PROMOTION_STATUSES),
  processName: z.string().nullable(),
  packageVersion: z.string().nullable(),
  initiatedBy: z.string(),
  submittedBy: z.string().nullable(),
  initiatedAt: Timestamp,
  /** Of the components asked about, those it carries; empty while it runs (a running one blocks its account). */
  sharedComponentIds: z.array(z.string()),
  /** Why it blocks, and what to do about it, by its status. */
  advice: z.string(),
});

export const findBlockingPromotions = defineContract({
  name: 'findBlockingPromotions',
  refs: { devAccountId: 'devAccount' },
  summary:
    'The open promotions of a dev account that would make executePromotion of these components refuse ' +
    '(PROMOTION_IN_PROGRESS, PROMOTION_CONFLICT): P2 warns before the click.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ devAccountId: Id, devComponentIds: z.array(Id).min(1).max(5000) }),
  response: z.object({ blockingPromotions: z.array(BlockingPromotion) }),
});
