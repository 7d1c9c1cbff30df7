import { z } from 'zod';
import { Id, LIMITS, defineContract, withAliases } from './common.ts';
import { PROMOTION_STATUSES } from './promotions.ts';
import { EnvironmentRuntimes } from './runtimes.ts';

/** Test packs are named "<name> - TEST" (D6, 10-backend.md §5.7). */
export const TEST_PACK_SUFFIX = ' - TEST';
export const DEPLOYMENT_LIMITS = { packName: 100, notes: 500, environments: 20 } as const;

const Timestamp = z.string();
const OptionalFilter = z.union([Id, z.literal('')]).optional();

// ---- listIntegrationPacks ----------------------------------------------------------------------

export const listIntegrationPacks = defineContract({
  name: 'listIntegrationPacks',
  summary:
    "The primary account's publisher Integration Packs (MULTI), filtered by purpose, with the pack last used for a process (10-backend.md §2.11, §5.7, §5.8).",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    suggestForProcess: z.string().trim().max(LIMITS.name).optional(),
    packPurpose: z.enum(['TEST', 'PRODUCTION', 'ALL', '']).optional(),
    /** Which deployment history the suggestion comes from; defaults from packPurpose. */
    targetEnvironment: z.enum(['TEST', 'PRODUCTION', '']).optional(),
  }),
  response: z.object({
    integrationPacks: z.array(
      z.object({ packId: z.string(), packName: z.string(), packDescription: z.string(), installationType: z.string() }),
    ),
    suggestedPackId: z.string().optional(),
    suggestedPackName: z.string().optional(),
  }),
});

// ---- listEnvironments --------------------------------------------------------------------------

export const listEnvironments = defineContract({
  name: 'listEnvironments',
  summary:
    "The primary account's environments a deployment can target: TEST ones for test deployments, the others (Boomi's PROD, the default) for production, each with its runtimes and a warning when a deployment there would not run.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ target: z.enum(['TEST', 'PRODUCTION']).optional() }),
  response: z.object({
    environments: z.array(
      z.object({
        environmentId: z.string(),
        environmentName: z.string(),
        target: z.enum(['TEST', 'PRODUCTION']),
        ...EnvironmentRuntimes,
      }),
    ),
  }),
});

// ---- packageAndDeploy --------------------------------------------------------------------------

export const TargetEnvironment = z.strictObject({
  environmentId: Id,
  environmentName: z.string().max(LIMITS.name).optional(),
});

export const DeploymentResult = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  deployed: z.boolean(),
  status: z.enum(['DEPLOYED', 'FAILED']),
  errorMessage: z.string().nullable(),
});

export const packageAndDeploy = defineContract({
  name: 'packageAndDeploy',
  refs: {
    promotionId: 'promotion',
    testPromotionId: 'promotion',
    branchId: 'branch',
    prodComponentId: 'component',
    devAccountId: 'devAccount',
  },
  summary:
    'TEST: package the promoted process from its branch, release it in a test pack and deploy it to test environments, keeping the branch. PRODUCTION: (re)run the deployment of an admin-approved promotion (D6, D7; 10-backend.md §2.5).',
  minTier: 'CONTRIBUTOR',
  async: true,
  request: withAliases(
    { testIntegrationPackId: 'existingPackId', integrationPackId: 'existingPackId' },
    z.strictObject({
      promotionId: Id,
      // A free string so that an unknown target is the business error INVALID_DEPLOYMENT_TARGET (§6.4 #62).
      deploymentTarget: z.string().trim().min(1).max(32),
      packageVersion: z.string().trim().min(1).max(LIMITS.packageVersion).optional(),
      deploymentNotes: z.string().max(DEPLOYMENT_LIMITS.notes).optional(),
      createNewPack: z.boolean().optional(),
      newPackName: z.string().trim().min(1).max(DEPLOYMENT_LIMITS.packName).optional(),
      newPackDescription: z.string().max(DEPLOYMENT_LIMITS.notes).optional(),
      existingPackId: Id.optional(),
      testIntegrationPackName: z.string().max(DEPLOYMENT_LIMITS.packName).optional(),
      targetEnvironments: z.array(TargetEnvironment).min(1).max(DEPLOYMENT_LIMITS.environments).optional(),
      // The seed's fields: taken from the records; when sent they must agree with them.
      isHotfix: z.boolean().optional(),
      hotfixJustification: z.string().max(LIMITS.justification).optional(),
      testPromotionId: Id.optional(),
      prodComponentId: Id.optional(),
      devAccountId: Id.optional(),
      devPackageId: Id.optional(),
      devPackageCreator: z.string().max(LIMITS.email).optional(),
      devPackageVersion: z.string().max(LIMITS.packageVersion).optional(),
      branchId: Id.optional(),
    }),
  ),
  response: z.object({
    promotionId: z.string(),
    jobId: z.string(),
    status: z.enum(PROMOTION_STATUSES),
    deploymentTarget: z.enum(['TEST', 'PRODUCTION']),
    branchPreserved: z.boolean(),
    isHotfix: z.boolean(),
    packageId: z.string().nullable(),
    prodPackageId: z.string().nullable(),
    packageVersion: z.string().nullable(),
    integrationPackId: z.string().nullable(),
    integrationPackName: z.string().nullable(),
    releaseId: z.string().nullable(),
    deploymentStatus: z.enum(['DEPLOYED', 'PARTIAL', 'FAILED']).nullable(),
    deploymentResults: z.array(DeploymentResult),
    errorMessage: z.string().nullable().optional(),
    /** Target environments without an online runtime, where the deployment does not run. */
    runtimeWarnings: z.array(z.string()).optional(),
  }),
});

// ---- queryTestDeployments ----------------------------------------------------------------------

export const queryTestDeployments = defineContract({
  name: 'queryTestDeployments',
  refs: { devAccountId: 'devAccount' },
  summary:
    'Test deployments not yet taken to production, from the dev accounts the caller may see; newest first (10-backend.md §2.12, §7.10, §8.C #39).',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    devAccountId: OptionalFilter,
    // `initiatedBy` is an identity field (D4): checked against the caller and removed before this
    // schema runs, so "mine only" is asked for explicitly (20-dashboard.md G-27).
    onlyMine: z.boolean().optional(),
    processName: z.string().max(LIMITS.name).optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  }),
  response: z.object({
    testDeployments: z.array(
      z.object({
        promotionId: z.string(),
        processName: z.string().nullable(),
        devAccountId: z.string(),
        initiatedBy: z.string(),
        initiatedAt: Timestamp,
        packageVersion: z.string().nullable(),
        componentsTotal: z.number().int(),
        componentsCreated: z.number().int(),
        componentsUpdated: z.number().int(),
        testDeployedAt: Timestamp.nullable(),
        testIntegrationPackId: z.string().nullable(),
        testIntegrationPackName: z.string().nullable(),
        branchId: z.string().nullable(),
        branchName: z.string().nullable(),
        prodPackageId: z.string().nullable(),
        /** Whole days since the test deployment (20-dashboard.md G-25). */
        branchAgeDays: z.number().int(),
      }),
    ),
    totalCount: z.number().int(),
  }),
});

// ---- cancelTestDeployment ----------------------------------------------------------------------

export const cancelTestDeployment = defineContract({
  name: 'cancelTestDeployment',
  refs: { promotionId: 'promotion' },
  summary:
    'Cancel a test deployment (TEST_DEPLOYED or TEST_DEPLOY_FAILED): its branch is deleted and it leaves the production queue (10-backend.md §7.5).',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id, reason: z.string().max(LIMITS.comments).optional() }),
  response: z.object({
    promotionId: z.string(),
    previousStatus: z.enum(PROMOTION_STATUSES),
    newStatus: z.literal('TEST_CANCELLED'),
    branchDeleted: z.boolean(),
    message: z.string(),
  }),
});

// ---- cancelProductionDeployment ----------------------------------------------------------------

export const cancelProductionDeployment = defineContract({
  name: 'cancelProductionDeployment',
  refs: { promotionId: 'promotion' },
  summary:
    'Close an approved promotion whose production deployment failed (or never ran: its schedule was called off), instead of retrying it: the record ends DEPLOYMENT_CANCELLED, its branch is deleted, its test deployment (if any) is cancelled, and the submitter and author are told.',
  minTier: 'ADMIN',
  request: z.strictObject({ promotionId: Id, reason: z.string().trim().min(1).max(LIMITS.comments) }),
  response: z.object({
    promotionId: z.string(),
    previousStatus: z.enum(PROMOTION_STATUSES),
    newStatus: z.literal('DEPLOYMENT_CANCELLED'),
    branchDeleted: z.boolean(),
    /** The merge had completed: main holds the components, though no pack released them. */
    mergedToMain: z.boolean(),
    message: z.string(),
  }),
});

// ---- checkReleaseStatus ------------------------------------------------------------------------

export const RELEASE_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'SCHEDULED', 'ERROR'] as const;

export const checkReleaseStatus = defineContract({
  name: 'checkReleaseStatus',
  refs: { promotionId: 'promotion' },
  summary:
    "The Integration Pack releases of a promotion with Boomi's release status (10-backend.md §7.9; 30-boomi-platform-api.md §3.9.4).",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id, releaseType: z.enum(['TEST', 'PRODUCTION', 'ALL']).default('ALL') }),
  response: z.object({
    releases: z.array(
      z.object({
        releaseId: z.string(),
        releaseType: z.enum(['TEST', 'PRODUCTION']),
        integrationPackId: z.string(),
        integrationPackName: z.string().nullable(),
        status: z.enum(RELEASE_STATUSES),
        requestedAt: Timestamp,
        completedAt: Timestamp.nullable(),
      }),
    ),
  }),
});
