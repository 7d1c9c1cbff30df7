import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  ApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
  policyProblems,
  type ApprovalPath,
  type PathPolicy,
  type setApprovalPolicy,
} from '../../contracts/approval-policy.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import { q } from '../../boomi/query.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { resolveTier, type GroupNames } from '../accounts/tiers.ts';
import type { Promotion } from '../promotions/promotion-store.ts';
import type { ApprovalRecord, ApprovalStore, PolicyVersion } from './approval-store.ts';
import {
  ineligibility,
  pathOf,
  remaining,
  unsatisfiable,
  type ApprovalRole,
  type Person,
  type ReviewSubject,
} from './approval-rules.ts';

export interface ApprovalDeps {
  db: Transactor;
  store: ApprovalStore;
  boomi: BoomiClient;
  audit: AuditLog;
  groups: GroupNames;
  records: { get(promotionId: string): Promise<Promotion | undefined> };
  /** People who exist without having signed in yet (the demo users in demo mode). */
  builtInPeople?: ReadonlyArray<{ email: string; groups: readonly string[] }>;
}

/** The policy in force: version 0 is the built-in default, until an admin saves one. */
export interface CurrentPolicy {
  version: number;
  policy: ApprovalPolicy;
  setBy: string | null;
  setAt: Date | null;
  comment: string | null;
}

const DEFAULT: CurrentPolicy = { version: 0, policy: DEFAULT_APPROVAL_POLICY, setBy: null, setAt: null, comment: null };
// Saved policies are read through the schema, so a version saved before a field existed gets its default.
const asCurrent = (v: PolicyVersion | undefined): CurrentPolicy =>
  v ? { ...v, policy: ApprovalPolicy.parse(v.policy) } : DEFAULT;

export function createApprovalService(deps: ApprovalDeps) {
  const { db, store, boomi, audit } = deps;

  const current = async (tx?: Tx) => asCurrent((await store.policies(1, tx))[0]);

  /** Everyone who authored the change; none of them may approve it. */
  const authorsOf = async (p: Promotion, tx?: Tx) => {
    const ids = [p.promotionId, ...(p.testPromotionId ? [p.testPromotionId] : [])];
    const named = [p.initiatedBy, p.submittedBy, p.promotedFromTestBy].filter((e): e is string => !!e);
    const all = [...named, ...(await store.testDeployers(ids, tx))];
    return [...new Map(all.map((e) => [e.toLowerCase(), e])).values()];
  };

  const subjectOf = async (p: Promotion, tx?: Tx) => {
    const standing = (await store.approvals(p.promotionId, tx)).filter((a) => !a.voidedAt);
    const subject: ReviewSubject = {
      authors: await authorsOf(p, tx),
      teamGroups: await store.teamGroupsOf(p.devAccountId, tx),
      approvals: standing,
    };
    return { subject, standing };
  };

  const asPerson = (c: { email: string; groups: readonly string[] }): Person => ({
    email: c.email,
    groups: c.groups,
    tier: resolveTier(c.groups, deps.groups),
  });

  return {
    current,
    pathOf,
    authorsOf,
    subjectOf,

    async getPolicy(includeHistory: boolean) {
      const versions = await store.policies(includeHistory ? 100 : 1);
      const wire = (v: CurrentPolicy) => ({ ...v, setAt: v.setAt?.toISOString() ?? null });
      return {
        current: wire(asCurrent(versions[0])),
        history: includeHistory
          ? [...versions.slice(1).map((v) => wire(asCurrent(v))), ...(versions.length ? [wire(DEFAULT)] : [])]
          : [],
      };
    },

    async setPolicy(caller: Caller, req: z.output<typeof setApprovalPolicy.request>) {
      const policy = req.policy;
      const [problem] = policyProblems(policy);
      if (problem)
        throw new AppError('INVALID_REQUEST', `${problem[0]}: ${problem[1]}`, { details: { field: problem[0] } });
      const saved = await db.transaction(async (tx) => {
        const before = await current(tx);
        const added = await store.addPolicy(tx, req.expectedVersion, {
          policy,
          setBy: caller.email,
          comment: req.comment ?? null,
        });
        if (!added)
          throw new AppError(
            'APPROVAL_POLICY_CONFLICT',
            `The policy is at version ${before.version}, not ${req.expectedVersion}: another admin changed it; reload it`,
          );
        await audit.record(tx, {
          actor: caller.email,
          action: 'APPROVAL_POLICY_SET',
          details: { version: added.version, previousVersion: before.version, policy, comment: req.comment ?? null },
        });
        return added;
      });
      return { current: { ...asCurrent(saved), setAt: saved.setAt.toISOString() } };
    },

    /** Refuses at once a record no set of known people could ever approve (APPROVAL_POLICY_UNSATISFIABLE). */
    async assertSatisfiable(p: Promotion, tx?: Tx) {
      const path = pathOf(p);
      const { policy } = await current(tx);
      const { subject } = await subjectOf(p, tx);
      const seen = await store.people();
      const known = new Set(seen.map((u) => u.email.toLowerCase()));
      const builtIn = (deps.builtInPeople ?? []).filter((u) => !known.has(u.email.toLowerCase()));
      const people = [...seen, ...builtIn].map(asPerson);
      const why = unsatisfiable(policy[path], people, subject);
      if (why)
        throw new AppError(
          'APPROVAL_POLICY_UNSATISFIABLE',
          `No one could approve this ${path.toLowerCase()} request under the approval policy: ${why} ` +
            'Ask an admin to change the policy or the team access, then submit again.',
        );
    },

    /** Why the caller may not give this approval now (null when they may). */
    /** `known`: the policy already read, when a caller judges many records (a queue). */
    async whyNot(caller: Caller, p: Promotion, role: ApprovalRole, tx?: Tx, known?: ApprovalPolicy) {
      const policy = known ?? (await current(tx)).policy;
      const { subject } = await subjectOf(p, tx);
      return ineligibility(asPerson(caller), role, policy[pathOf(p)], subject);
    },

    /**
     * What was approved, as one hash: the branch content as Boomi has it (each component's version
     * on the branch) and the deployment request. An approval of other content does not count.
     */
    async fingerprint(p: Promotion) {
      const hash = createHash('sha256');
      hash.update(JSON.stringify(canonical(p.deploymentRequest ?? {})));
      if (p.branchId) {
        const rows = await boomi.componentMetadata.query(
          q.and(q.eq('branchId', p.branchId), q.eq('currentVersion', true)),
        );
        const content = rows
          .filter((r) => !r.branchId || r.branchId === p.branchId)
          .map((r) => `${r.componentId}~${r.version ?? 0}${r.deleted ? '-' : ''}`)
          .sort();
        hash.update(content.join('\n'));
      }
      return hash.digest('hex');
    },

    /** getApprovals: what the record has, what it needs, and whether the caller may add the next one. */
    async view(caller: Caller, promotionId: string) {
      const p = await deps.records.get(promotionId);
      if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${promotionId}'`);
      const { version, policy } = await current();
      const reviewed = p.targetEnvironment === 'PRODUCTION' || p.isHotfix;
      const testAsks = policy.TEST.peerApprovals + policy.TEST.adminApprovals > 0;
      const path = reviewed ? pathOf(p) : testAsks ? 'TEST' : null;
      const all = await store.approvals(promotionId);
      const { subject } = await subjectOf(p);
      const rule = policy[path ?? 'TEST'];
      const left = remaining(rule, subject.approvals);
      const forTest = path === 'TEST' && (p.status === 'COMPLETED' || p.status === 'TEST_DEPLOY_FAILED');
      const role: ApprovalRole | null =
        p.status === 'PENDING_PEER_REVIEW' || (forTest && left.peers > 0)
          ? 'PEER'
          : p.status === 'PENDING_ADMIN_REVIEW' || (forTest && left.admins > 0)
            ? 'ADMIN'
            : null;
      return {
        promotionId,
        path,
        policyVersion: version,
        required: { peers: rule.peerApprovals, admins: rule.adminApprovals },
        approvals: all.map((a) => ({
          role: a.role,
          approvedBy: a.approvedBy,
          approvedAt: a.approvedAt.toISOString(),
          comments: a.comments,
          voidedAt: a.voidedAt?.toISOString() ?? null,
          voidReason: a.voidReason,
        })),
        remaining: left,
        authors: [...subject.authors],
        callerIneligibleReason: role
          ? ineligibility(asPerson(caller), role, rule, subject)
          : 'The promotion is not waiting for a review',
        breakGlassAllowed:
          path === 'HOTFIX' &&
          policy.HOTFIX.breakGlass &&
          caller.tier === 'ADMIN' &&
          (p.status === 'PENDING_PEER_REVIEW' || p.status === 'PENDING_ADMIN_REVIEW'),
      };
    },

    /**
     * Whether a caller outside the record's teams may still open it: the policy takes this path's
     * reviews from other teams or named groups, and the caller is one of those reviewers.
     */
    async mayReviewAcrossTeams(caller: Caller, p: Promotion) {
      const role: ApprovalRole | null =
        p.status === 'PENDING_PEER_REVIEW' ? 'PEER' : p.status === 'PENDING_ADMIN_REVIEW' ? 'ADMIN' : null;
      if (!role) return false;
      const rule = (await current()).policy[pathOf(p)];
      if (rule.authorTeamMayReview && !(role === 'PEER' ? rule.peerGroups : rule.adminGroups).length) return false;
      const { subject } = await subjectOf(p);
      return ineligibility(asPerson(caller), role, rule, { ...subject, approvals: [] }) === null;
    },

    record: (tx: Tx, a: Parameters<ApprovalStore['addApproval']>[1]) => store.addApproval(tx, a),
    approvals: (promotionId: string, tx?: Tx) => store.approvals(promotionId, tx),
    voidApprovals: (tx: Tx, promotionId: string, reason: string) => store.voidApprovals(tx, promotionId, reason),
    /** Voids standing approvals given for other content than `fingerprint`. */
    voidStale: (tx: Tx, promotionId: string, fingerprint: string) =>
      store.voidApprovals(tx, promotionId, 'The branch content changed after the approval', fingerprint),
    remaining: (rule: PathPolicy, approvals: readonly ApprovalRecord[]) =>
      remaining(
        rule,
        approvals.filter((a) => !a.voidedAt),
      ),
    reviewsWithComponents: store.reviewsWithComponents,
    rule: async (path: ApprovalPath, tx?: Tx) => (await current(tx)).policy[path],
  };
}

/** JSON with sorted keys, so the same request always hashes the same. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
