import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';
import { PROMOTION_STATUSES } from './promotions.ts';

/** The ways a change reaches an environment, each with its own approval rule. */
export const APPROVAL_PATHS = ['TEST', 'PRODUCTION', 'HOTFIX', 'ROLLBACK'] as const;
export type ApprovalPath = (typeof APPROVAL_PATHS)[number];

/** Paths that change production: none of them may be approved by nobody. */
export const PRODUCTION_PATHS: readonly ApprovalPath[] = ['PRODUCTION', 'HOTFIX', 'ROLLBACK'];

const GroupList = z
  .array(z.string().trim().min(1).max(LIMITS.groupName))
  .max(20)
  .default([])
  .describe('SSO groups whose members may give these approvals; empty: everyone of the tier');

export const PathPolicy = z.strictObject({
  peerApprovals: z.number().int().min(0).max(5).describe('Peer approvals required (contributors or admins)'),
  adminApprovals: z.number().int().min(0).max(5).describe('Admin approvals required, after the peers'),
  peerGroups: GroupList,
  adminGroups: GroupList,
  authorTeamMayReview: z
    .boolean()
    .default(true)
    .describe("Whether members of the dev account's team (its team groups) may review it"),
  breakGlass: z
    .boolean()
    .default(false)
    .describe('HOTFIX only: an admin may deploy with fewer approvals by giving a reason'),
  requireTestEvidence: z
    .boolean()
    .default(false)
    .describe('PRODUCTION only: submission needs a passing test run newer than the last TEST deployment'),
});
export type PathPolicy = z.output<typeof PathPolicy>;

export const ApprovalPolicy = z.strictObject({
  TEST: PathPolicy,
  PRODUCTION: PathPolicy,
  HOTFIX: PathPolicy,
  ROLLBACK: PathPolicy,
});

/**
 * What makes a well-formed policy unusable, as [field, message] pairs: a production path nobody
 * approves, break-glass outside HOTFIX. Checked by the action, after the shape, so a malformed
 * request is still answered with its first malformed field.
 */
export function policyProblems(policy: z.output<typeof ApprovalPolicy>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const path of PRODUCTION_PATHS) {
    const p = policy[path];
    if (p.peerApprovals + p.adminApprovals === 0)
      out.push([`policy.${path}.adminApprovals`, `${path} changes production: it needs at least one approval`]);
  }
  for (const path of APPROVAL_PATHS)
    if (path !== 'HOTFIX' && policy[path].breakGlass)
      out.push([`policy.${path}.breakGlass`, 'break-glass exists for HOTFIX only']);
  for (const path of APPROVAL_PATHS)
    if (path !== 'PRODUCTION' && policy[path].requireTestEvidence)
      out.push([`policy.${path}.requireTestEvidence`, 'test evidence is asked of PRODUCTION submissions only']);
  return out;
}
export type ApprovalPolicy = z.output<typeof ApprovalPolicy>;

const rule = (peerApprovals: number, adminApprovals: number): PathPolicy => ({
  peerApprovals,
  adminApprovals,
  peerGroups: [],
  adminGroups: [],
  authorTeamMayReview: true,
  breakGlass: false,
  requireTestEvidence: false,
});

/** Today's behaviour: no review for TEST, one peer then one admin for production, one admin for a rollback. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  TEST: rule(0, 0),
  PRODUCTION: rule(1, 1),
  HOTFIX: rule(1, 1),
  ROLLBACK: rule(0, 1),
};

const PolicyVersion = z.object({
  version: z.number().int().describe('0 is the built-in default; every change adds one'),
  policy: ApprovalPolicy,
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  comment: z.string().nullable(),
});

export const getApprovalPolicy = defineContract({
  name: 'getApprovalPolicy',
  summary: 'The approval policy in force, with its version and the earlier versions (newest first).',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ includeHistory: z.boolean().default(false) }),
  response: z.object({ current: PolicyVersion, history: z.array(PolicyVersion) }),
});

export const setApprovalPolicy = defineContract({
  name: 'setApprovalPolicy',
  summary:
    'Admin: replace the approval policy. `expectedVersion` must be the version read, so two admins cannot ' +
    'overwrite each other (APPROVAL_POLICY_CONFLICT). A production path with no approval at all is refused.',
  minTier: 'ADMIN',
  request: z.strictObject({
    policy: ApprovalPolicy,
    expectedVersion: z.number().int().min(0),
    comment: z.string().trim().max(LIMITS.comments).optional(),
  }),
  response: z.object({ current: PolicyVersion }),
});

export const Approval = z.object({
  role: z.enum(['PEER', 'ADMIN']),
  approvedBy: z.string(),
  approvedAt: z.string(),
  comments: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});

export const getApprovals = defineContract({
  name: 'getApprovals',
  refs: { promotionId: 'promotion' },
  summary:
    'The approvals a promotion has (void ones included, with why), what its path requires, and whether the caller may give the next one.',
  minTier: 'READONLY',
  request: z.strictObject({ promotionId: Id }),
  response: z.object({
    promotionId: z.string(),
    path: z.enum(APPROVAL_PATHS).nullable(),
    policyVersion: z.number().int(),
    required: z.object({ peers: z.number().int(), admins: z.number().int() }),
    approvals: z.array(Approval),
    remaining: z.object({ peers: z.number().int(), admins: z.number().int() }),
    /** People who authored the change (initiator, submitter, test deployers): none of them may approve. */
    authors: z.array(z.string()),
    /** Null when the caller may give the next approval; otherwise why not. */
    callerIneligibleReason: z.string().nullable(),
    breakGlassAllowed: z.boolean(),
  }),
});

export const approveForTest = defineContract({
  name: 'approveForTest',
  refs: { promotionId: 'promotion' },
  summary:
    "Give one of the approvals the policy's TEST path asks before a promotion is deployed to Test (a peer's " +
    "first, then an admin's). The approval counts for the branch content it saw.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id, comments: z.string().trim().max(LIMITS.comments).optional() }),
  response: z.object({
    promotionId: z.string(),
    role: z.enum(['PEER', 'ADMIN']),
    remaining: z.object({ peers: z.number().int(), admins: z.number().int() }),
  }),
});

export const breakGlassDeploy = defineContract({
  name: 'breakGlassDeploy',
  refs: { promotionId: 'promotion' },
  summary:
    'Admin, HOTFIX only and when the policy allows it: approve and deploy a hotfix waiting for review with fewer ' +
    'approvals than the policy requires, giving a reason. It passes a freeze window, is audited as ' +
    'BREAK_GLASS_DEPLOYMENT, every admin gets an email, and the record shows it wherever it appears.',
  minTier: 'ADMIN',
  async: true,
  request: z.strictObject({
    promotionId: Id,
    reason: z.string().trim().min(10).max(LIMITS.justification),
    hotfixAcknowledged: z.literal(true),
  }),
  response: z.object({ promotionId: z.string(), newStatus: z.enum(PROMOTION_STATUSES), jobId: z.string().nullable() }),
});
