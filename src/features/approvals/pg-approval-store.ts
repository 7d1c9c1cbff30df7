import type { Queryable } from '../../platform/db.ts';
import type { ApprovalRecord, ApprovalStore, PolicyVersion, StoredPolicy } from './approval-store.ts';

interface PolicyRow {
  version: number;
  policy: StoredPolicy | string;
  set_by: string;
  set_at: Date;
  comment: string | null;
}
interface ApprovalRow {
  id: string | number;
  promotion_id: string;
  role: 'PEER' | 'ADMIN';
  approved_by: string;
  approved_at: Date;
  comments: string | null;
  fingerprint: string;
  policy_version: number;
  voided_at: Date | null;
  void_reason: string | null;
}

const toPolicy = (r: PolicyRow): PolicyVersion => ({
  version: r.version,
  policy: typeof r.policy === 'string' ? (JSON.parse(r.policy) as StoredPolicy) : r.policy,
  setBy: r.set_by,
  setAt: new Date(r.set_at),
  comment: r.comment,
});
const toApproval = (r: ApprovalRow): ApprovalRecord => ({
  id: Number(r.id),
  promotionId: r.promotion_id,
  role: r.role,
  approvedBy: r.approved_by,
  approvedAt: new Date(r.approved_at),
  comments: r.comments,
  fingerprint: r.fingerprint,
  policyVersion: r.policy_version,
  voidedAt: r.voided_at ? new Date(r.voided_at) : null,
  voidReason: r.void_reason,
});

export function createPgApprovalStore(db: Queryable): ApprovalStore {
  return {
    async policies(limit, q = db) {
      const { rows } = await q.query<PolicyRow>('select * from approval_policy order by version desc limit $1', [
        limit,
      ]);
      return rows.map(toPolicy);
    },
    async addPolicy(tx, expected, p) {
      // The insert only happens when `expected` is still the newest version: a stale save adds nothing.
      const { rows } = await tx.query<PolicyRow>(
        `insert into approval_policy (version, policy, set_by, comment)
         select $1 + 1, $2::jsonb, $3, $4
         where (select coalesce(max(version), 0) from approval_policy) = $1
         on conflict (version) do nothing
         returning *`,
        [expected, JSON.stringify(p.policy), p.setBy, p.comment],
      );
      return rows.map(toPolicy)[0];
    },
    async approvals(promotionId, q = db) {
      const { rows } = await q.query<ApprovalRow>(
        'select * from promotion_approval where promotion_id = $1 order by approved_at, id',
        [promotionId],
      );
      return rows.map(toApproval);
    },
    async addApproval(tx, a) {
      const { rowCount } = await tx.query(
        `insert into promotion_approval (promotion_id, role, approved_by, comments, fingerprint, policy_version)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (promotion_id, lower(approved_by)) where voided_at is null do nothing`,
        [a.promotionId, a.role, a.approvedBy, a.comments, a.fingerprint, a.policyVersion],
      );
      return (rowCount ?? 0) > 0;
    },
    async voidApprovals(tx, promotionId, reason, exceptFingerprint) {
      const { rows } = await tx.query<ApprovalRow>(
        `update promotion_approval set voided_at = now(), void_reason = $2
         where promotion_id = $1 and voided_at is null and ($3::text is null or fingerprint <> $3) returning *`,
        [promotionId, reason, exceptFingerprint ?? null],
      );
      return rows.map(toApproval);
    },
    async testDeployers(promotionIds, q = db) {
      if (!promotionIds.length) return [];
      const { rows } = await q.query<{ actor: string }>(
        `select distinct actor from audit_event
         where promotion_id = any($1::uuid[]) and action = 'TEST_DEPLOYMENT_STARTED'`,
        [promotionIds],
      );
      return rows.map((r) => r.actor);
    },
    async teamGroupsOf(devAccountId, q = db) {
      const { rows } = await q.query<{ sso_group_id: string }>(
        'select sso_group_id from dev_account_access where dev_account_id = $1 and is_active order by 1',
        [devAccountId],
      );
      return rows.map((r) => r.sso_group_id);
    },
    async people() {
      const { rows } = await db.query<{ email: string; groups: string[] }>(
        'select email, groups from app_user order by email',
      );
      return rows;
    },
    async reviewsWithComponents(prodComponentIds) {
      if (!prodComponentIds.length) return [];
      const { rows } = await db.query<{ promotion_id: string }>(
        `select distinct l.promotion_id from promotion_log l
         join promotion_component_result r on r.promotion_id = l.promotion_id
         where l.status in ('PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW') and r.prod_component_id = any($1::text[])`,
        [prodComponentIds],
      );
      return rows.map((r) => r.promotion_id);
    },
  };
}
