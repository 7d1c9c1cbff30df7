import { z } from 'zod';
import { Id, defineContract } from './common.ts';

// Drift between Promo's records and Boomi (issue 14): a production component changed outside
// Promo, or an environment running another package than the one Promo deployed there.

export const DRIFT_KINDS = ['COMPONENT', 'DEPLOYMENT'] as const;
/** What Boomi holds instead of the record. */
export const DRIFT_CHANGES = ['MODIFIED', 'DELETED', 'MISSING', 'REPLACED', 'UNRECORDED'] as const;

const when = z.string().nullable();

/** The part of a component's drift that P2 and the reviewers show next to the component. */
export const ComponentDrift = z.object({
  change: z.enum(DRIFT_CHANGES),
  recordedVersion: z.number().int().nullable(),
  actualVersion: z.number().int().nullable(),
  changedBy: z.string().nullable(),
  changedAt: when,
  firstSeenAt: z.string(),
});

export const DriftFinding = ComponentDrift.extend({
  kind: z.enum(DRIFT_KINDS),
  status: z.enum(['OPEN', 'RESOLVED']),
  /** The production component (COMPONENT) or the deployed process (DEPLOYMENT). */
  componentId: z.string(),
  componentName: z.string().nullable(),
  environmentId: z.string().nullable(),
  environmentName: z.string().nullable(),
  environmentClassification: z.string().nullable(),
  recordedPackageId: z.string().nullable(),
  actualPackageId: z.string().nullable(),
  recordedPackageVersion: z.string().nullable(),
  actualPackageVersion: z.string().nullable(),
  lastSeenAt: z.string(),
  resolvedAt: when,
  resolution: z.enum(['MATCHES_AGAIN', 'RECORDED_BY_PROMO']).nullable(),
});

export const DriftCheckSummary = z.object({
  checkId: z.string(),
  requestedBy: z.string(),
  startedAt: z.string(),
  finishedAt: when,
  outcome: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
  errorMessage: z.string().nullable(),
  componentsChecked: z.number().int(),
  environmentsChecked: z.number().int(),
  newFindings: z.number().int(),
  resolvedFindings: z.number().int(),
  boomiCalls: z.number().int(),
});

const BranchEntry = z.object({
  branchId: z.string(),
  branchName: z.string(),
  promotionId: z.string().nullable(),
  createdDate: z.string().nullable(),
  ageDays: z.number().int().nullable(),
});

/** What the last reconciliation saw of the primary account's branches (P9). */
export const BranchSummary = z.object({
  /** Branches Boomi holds after the reconciliation, main included (what the branch limit counts). */
  count: z.number().int(),
  threshold: z.number().int(),
  staleDays: z.number().int(),
  orphansDeleted: z.array(BranchEntry),
  stale: z.array(BranchEntry),
  checkedAt: z.string(),
});

export const listDrift = defineContract({
  name: 'listDrift',
  refs: { devAccountId: 'devAccount', promotionId: 'promotion' },
  summary:
    'Differences between what Promo recorded and what Boomi has: production components changed outside Promo, ' +
    'environments running another package than Promo deployed; with the last check and the branch reconciliation. ' +
    "Contributors see their dev accounts' findings; promotionId narrows to the components that promotion writes.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    kind: z.enum(DRIFT_KINDS).optional(),
    includeResolved: z.boolean().default(false),
    devAccountId: Id.optional(),
    promotionId: Id.optional(),
    limit: z.number().int().min(1).max(5000).default(1000),
  }),
  response: z.object({
    findings: z.array(DriftFinding),
    totalCount: z.number().int(),
    lastCheck: DriftCheckSummary.nullable(),
    branches: BranchSummary.nullable(),
    /** The check's cron schedule, or 'off'. */
    schedule: z.string(),
  }),
});

export const checkDrift = defineContract({
  name: 'checkDrift',
  summary:
    'Admin: run the drift check and the branch reconciliation now, as a job (send Prefer: respond-async for the ' +
    'handle at once); answers the summary of the check.',
  minTier: 'ADMIN',
  async: true,
  request: z.strictObject({}),
  response: DriftCheckSummary.extend({
    openFindings: z.number().int(),
    branchCount: z.number().int().nullable(),
    orphansDeleted: z.number().int(),
    /** Set when this request waited behind a check that started after it and reused its result. */
    reused: z.boolean(),
  }),
});
