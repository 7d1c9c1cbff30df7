import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';

// Release history and rollback of a whole release (issue 14). A release is a production
// deployment Promo made: a deployed (or since rolled back) production promotion, or a finished
// rollback, which re-established an earlier release. Test deployments are listed too, per test
// environment, so the history says what ran everywhere.

export const ROLLBACK_STATUSES = [
  'PENDING_APPROVAL',
  'RUNNING',
  'DONE',
  'FAILED',
  'DENIED',
  'CANCELLED',
  'ROLLED_BACK',
] as const;
export type RollbackStatus = (typeof ROLLBACK_STATUSES)[number];

export const ROLLBACK_STEPS = ['RELEASE_PACK', 'REDEPLOY', 'RESTORE_MAIN', 'FINISH'] as const;
export type RollbackStepName = (typeof ROLLBACK_STEPS)[number];
export const STEP_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RELEASE_KINDS = ['PROMOTION', 'HOTFIX', 'ROLLBACK'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export const ROLLBACK_LIMITS = { reason: 2000, comments: 2000 } as const;

const Timestamp = z.string();
const Reason = z.string().trim().min(1).max(ROLLBACK_LIMITS.reason);
// Any text: a malformed id is answered like an unknown one (ROLLBACK_NOT_FOUND), as promotion ids are.
const RollbackId = Id;

const ReleaseRef = z.object({
  kind: z.enum(RELEASE_KINDS),
  /** The promotion id, or the rollback id for a ROLLBACK. */
  id: z.string(),
  packageId: z.string(),
  packageVersion: z.string(),
  releasedAt: Timestamp.nullable(),
});

export const RollbackStep = z.object({
  step: z.enum(ROLLBACK_STEPS),
  status: z.enum(STEP_STATUSES),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  detail: z.string().nullable(),
  error: z.string().nullable(),
});

const Approvals = z.object({ peers: z.number().int(), admins: z.number().int() });

export const Rollback = z.object({
  rollbackId: z.string(),
  processId: z.string(),
  processName: z.string().nullable(),
  devAccountId: z.string(),
  promotionId: z.string(),
  status: z.enum(ROLLBACK_STATUSES),
  rolledBack: ReleaseRef,
  restores: ReleaseRef,
  integrationPackId: z.string(),
  integrationPackName: z.string().nullable(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: Timestamp,
  approvalsRequired: Approvals,
  approvalsMissing: Approvals,
  approvals: z.array(
    z.object({
      approver: z.string(),
      role: z.enum(['PEER', 'ADMIN']),
      decision: z.enum(['APPROVED', 'DENIED']),
      comments: z.string().nullable(),
      at: Timestamp,
    }),
  ),
  steps: z.array(RollbackStep),
  environmentResults: z.array(
    z.object({
      environmentId: z.string(),
      environmentName: z.string(),
      deployed: z.boolean(),
      errorMessage: z.string().nullable(),
    }),
  ),
  restoredComponents: z.array(
    z.object({
      prodComponentId: z.string(),
      name: z.string(),
      version: z.number().int(),
      mainVersion: z.number().int().nullable(),
    }),
  ),
  /** Components the rolled-back release added that the restored one never had: left on main. */
  leftInPlace: z.array(z.object({ prodComponentId: z.string(), name: z.string() })),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  jobId: z.string().nullable(),
  finishedAt: Timestamp.nullable(),
});

const RollbackAnswer = z.object({ rollback: Rollback, jobId: z.string().nullable().optional() });

export const rollbackRelease = defineContract({
  name: 'rollbackRelease',
  refs: { promotionId: 'promotion', rollbackId: 'rollback' },
  summary:
    'Ask to roll back the release running for a process (a deployed production promotion, or a finished rollback): its pack is released again with the previous package, the previous package is deployed again where the release was, and main is brought back. Needs an approval (reviewRollback).',
  minTier: 'CONTRIBUTOR',
  request: z
    .strictObject({ promotionId: Id.optional(), rollbackId: RollbackId.optional(), reason: Reason })
    .refine((r) => !!r.promotionId !== !!r.rollbackId, {
      message: 'name exactly one of promotionId and rollbackId',
      path: ['promotionId'],
    }),
  response: RollbackAnswer,
});

export const reviewRollback = defineContract({
  name: 'reviewRollback',
  refs: { rollbackId: 'rollback' },
  summary:
    'Approve or deny a rollback waiting for approval. By default one admin who is not the requester; once the approvals are complete, the rollback job starts.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    rollbackId: RollbackId,
    decision: z.enum(['APPROVED', 'DENIED']),
    comments: z.string().trim().max(ROLLBACK_LIMITS.comments).optional(),
  }),
  response: RollbackAnswer,
});

export const cancelRollback = defineContract({
  name: 'cancelRollback',
  refs: { rollbackId: 'rollback' },
  summary:
    'Close a rollback waiting for approval, or one that failed (its requester or an admin). What its finished steps changed in Boomi stays; the record lists them.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ rollbackId: RollbackId, reason: Reason }),
  response: RollbackAnswer,
});

export const retryRollback = defineContract({
  name: 'retryRollback',
  refs: { rollbackId: 'rollback' },
  summary: 'Run a failed rollback again (admins): it resumes at the first step not done.',
  minTier: 'ADMIN',
  request: z.strictObject({ rollbackId: RollbackId }),
  response: RollbackAnswer,
});

export const getRollback = defineContract({
  name: 'getRollback',
  refs: { rollbackId: 'rollback' },
  summary: 'A rollback with its steps, approvals and results.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ rollbackId: RollbackId }),
  response: z.object({ rollback: Rollback }),
});

export const listRollbacks = defineContract({
  name: 'listRollbacks',
  refs: { promotionId: 'promotion' },
  summary:
    'Rollbacks the caller may see, newest first: by status (P7 lists PENDING_APPROVAL), or those of a promotion.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    status: z.enum(ROLLBACK_STATUSES).optional(),
    promotionId: Id.optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  }),
  response: z.object({ rollbacks: z.array(Rollback) }),
});

export const Release = z.object({
  kind: z.enum(RELEASE_KINDS),
  target: z.enum(['TEST', 'PRODUCTION']),
  promotionId: z.string(),
  rollbackId: z.string().nullable(),
  processName: z.string().nullable(),
  packageId: z.string(),
  packageVersion: z.string(),
  integrationPackId: z.string().nullable(),
  integrationPackName: z.string().nullable(),
  releasedAt: Timestamp,
  initiatedBy: z.string(),
  approvedBy: z.array(z.string()),
  /** A hotfix an admin deployed by break-glass, with fewer approvals than the policy asked. */
  breakGlass: z.object({ by: z.string(), reason: z.string() }).nullable(),
  /** RUNNING: what runs now (per target); SUPERSEDED: a later release replaced it. */
  status: z.enum(['RUNNING', 'SUPERSEDED', 'ROLLED_BACK']),
  environments: z.array(
    z.object({ environmentId: z.string(), environmentName: z.string(), deployed: z.boolean(), at: Timestamp }),
  ),
  /** A rollback: the release it re-established, and why. */
  restores: ReleaseRef.nullable(),
  reason: z.string().nullable(),
});

export const listReleases = defineContract({
  name: 'listReleases',
  refs: { promotionId: 'promotion' },
  summary:
    "A process's releases, newest first: what ran in each environment, when, from which promotion or rollback. Name the process by its production component id (processId) or by any of its promotions (promotionId).",
  minTier: 'CONTRIBUTOR',
  request: z
    .strictObject({ processId: Id.optional(), promotionId: Id.optional() })
    .refine((r) => !!r.processId !== !!r.promotionId, {
      message: 'name exactly one of processId and promotionId',
      path: ['processId'],
    }),
  response: z.object({
    processId: z.string().nullable(),
    processName: z.string().nullable(),
    releases: z.array(Release),
  }),
});
