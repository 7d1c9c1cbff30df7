import { AppError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db.ts';
import type { ApprovalRecord, RollbackRecord, RollbackStore } from './rollback-store.ts';
import { ROLLBACK_TRANSITIONS } from './rollback-state.ts';
import { releasesOf } from './pg-release-history.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type RollbackRow = Record<string, unknown> & {
  rollback_id: string;
  rolled_back_promotion_id: string | null;
  rolled_back_rollback_id: string | null;
  restores_promotion_id: string | null;
  restores_rollback_id: string | null;
};

const JSON_COLUMNS: Record<string, string> = {
  steps: 'steps',
  environmentResults: 'environment_results',
  restoredComponents: 'restored_components',
  leftInPlace: 'left_in_place',
};
const COLUMNS: Record<string, string> = {
  ...JSON_COLUMNS,
  releaseRequestId: 'release_request_id',
  branchId: 'branch_id',
  mergeRequestId: 'merge_request_id',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  jobId: 'job_id',
  finishedAt: 'finished_at',
};

const date = (v: unknown) => (v ? new Date(v as string) : null);
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function rowToRollback(r: RollbackRow): RollbackRecord {
  const kindOf = (rollbackId: string | null, hotfix: boolean) =>
    rollbackId ? 'ROLLBACK' : hotfix ? 'HOTFIX' : 'PROMOTION';
  return {
    rollbackId: r.rollback_id,
    processId: r.process_id as string,
    processName: r.process_name as string | null,
    devAccountId: r.dev_account_id as string,
    promotionId: r.promotion_id as string,
    rolledBack: {
      kind: kindOf(r.rolled_back_rollback_id, r.rolled_back_hotfix === true),
      id: (r.rolled_back_rollback_id ?? r.rolled_back_promotion_id)!,
      packageId: r.from_package_id as string,
      packageVersion: r.from_package_version as string,
      releasedAt: date(r.from_released_at),
    },
    restores: {
      kind: kindOf(r.restores_rollback_id, r.restores_hotfix === true),
      id: (r.restores_rollback_id ?? r.restores_promotion_id)!,
      packageId: r.to_package_id as string,
      packageVersion: r.to_package_version as string,
      releasedAt: date(r.to_released_at),
    },
    integrationPackId: r.integration_pack_id as string,
    integrationPackName: r.integration_pack_name as string | null,
    reason: r.reason as string,
    status: r.status as RollbackRecord['status'],
    requestedBy: r.requested_by as string,
    requestedAt: new Date(r.requested_at as string),
    peersRequired: r.peers_required as number,
    adminsRequired: r.admins_required as number,
    environments: json(r.environments),
    components: json(r.components),
    steps: json(r.steps),
    environmentResults: json(r.environment_results),
    restoredComponents: json(r.restored_components),
    leftInPlace: json(r.left_in_place),
    releaseRequestId: r.release_request_id as string | null,
    branchId: r.branch_id as string | null,
    mergeRequestId: r.merge_request_id as string | null,
    errorCode: r.error_code as string | null,
    errorMessage: r.error_message as string | null,
    jobId: r.job_id as string | null,
    finishedAt: date(r.finished_at),
    updatedAt: new Date(r.updated_at as string),
  };
}

// The kinds of the two releases a rollback names come from their own records.
const SELECT = `select b.*,
    coalesce((select p.is_hotfix from promotion_log p where p.promotion_id = b.rolled_back_promotion_id), false)
      as rolled_back_hotfix,
    coalesce((select p.is_hotfix from promotion_log p where p.promotion_id = b.restores_promotion_id), false)
      as restores_hotfix,
    coalesce((select p.deployed_at from promotion_log p where p.promotion_id = b.rolled_back_promotion_id),
      (select x.finished_at from release_rollback x where x.rollback_id = b.rolled_back_rollback_id))
      as from_released_at
  from release_rollback b`;

function setClause(changes: Record<string, unknown>, startAt: number) {
  const sql: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const col = COLUMNS[key];
    if (value === undefined || !col) continue;
    values.push(JSON_COLUMNS[key] ? JSON.stringify(value) : value);
    sql.push(`${col} = $${startAt + values.length - 1}`);
  }
  return { sql, values };
}

export function createPgRollbackStore(db: Queryable): RollbackStore {
  const get = async (id: string, q: Queryable = db, lock = '') => {
    if (!UUID.test(id)) return undefined;
    const { rows } = await q.query<RollbackRow>(`${SELECT} where b.rollback_id = $1${lock}`, [id]);
    return rows[0] ? rowToRollback(rows[0]) : undefined;
  };
  return {
    async ownerOf(rollbackId) {
      if (!UUID.test(rollbackId)) return undefined;
      const { rows } = await db.query<{ dev_account_id: string }>(
        'select dev_account_id from release_rollback where rollback_id = $1',
        [rollbackId],
      );
      return rows[0] ? { devAccountId: rows[0].dev_account_id } : undefined;
    },
    get: (id, tx) => get(id, tx ?? db),
    // PostgreSQL refuses FOR UPDATE beside the subqueries' tables only when they are joined; these are not.
    getForUpdate: (tx, id) => get(id, tx, ' for update of b'),
    async insert(tx, r) {
      const rolledBackRollback = r.rolledBack.kind === 'ROLLBACK';
      const restoresRollback = r.restores.kind === 'ROLLBACK';
      try {
        await tx.query(
          `insert into release_rollback (rollback_id, process_id, process_name, dev_account_id, promotion_id,
            rolled_back_promotion_id, rolled_back_rollback_id, from_package_id, from_package_version,
            restores_promotion_id, restores_rollback_id, to_package_id, to_package_version, to_released_at,
            integration_pack_id, integration_pack_name, reason, status, requested_by, peers_required,
            admins_required, environments, components, steps)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)`,
          [
            r.rollbackId,
            r.processId,
            r.processName,
            r.devAccountId,
            r.promotionId,
            rolledBackRollback ? null : r.rolledBack.id,
            rolledBackRollback ? r.rolledBack.id : null,
            r.rolledBack.packageId,
            r.rolledBack.packageVersion,
            restoresRollback ? null : r.restores.id,
            restoresRollback ? r.restores.id : null,
            r.restores.packageId,
            r.restores.packageVersion,
            r.restores.releasedAt,
            r.integrationPackId,
            r.integrationPackName,
            r.reason,
            r.status,
            r.requestedBy.toLowerCase(),
            r.peersRequired,
            r.adminsRequired,
            JSON.stringify(r.environments),
            JSON.stringify(r.components),
            JSON.stringify(r.steps),
          ],
        );
      } catch (e) {
        if (
          (e as { code?: string }).code === '23505' &&
          /one_open/.test(String(e) + (e as { constraint?: string }).constraint)
        )
          throw new AppError('ROLLBACK_IN_PROGRESS', `Another rollback of ${r.processName ?? r.processId} is open`);
        throw e;
      }
      return (await get(r.rollbackId, tx))!;
    },
    async transition(tx, rollbackId, t, changes = {}) {
      const { from, to } = ROLLBACK_TRANSITIONS[t];
      const { sql, values } = setClause(changes, 4);
      const { rows } = await tx.query<{ rollback_id: string }>(
        `update release_rollback set status = $2, ${[...sql, 'updated_at = now()'].join(', ')}
         where rollback_id = $1 and status = any($3::text[]) returning rollback_id`,
        [rollbackId, to, from, ...values],
      );
      return rows[0] ? get(rollbackId, tx) : undefined;
    },
    async update(tx, rollbackId, changes) {
      const { sql, values } = setClause(changes, 2);
      await tx.query(
        `update release_rollback set ${[...sql, 'updated_at = now()'].join(', ')} where rollback_id = $1`,
        [rollbackId, ...values],
      );
    },
    async list(q) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (cond: (p: string) => string, v: unknown) => {
        values.push(v);
        where.push(cond(`$${values.length}`));
      };
      if (q.status) add((p) => `b.status = ${p}`, q.status);
      if (q.promotionId) {
        if (!UUID.test(q.promotionId)) return [];
        add(
          (p) => `(b.promotion_id = ${p} or b.rolled_back_promotion_id = ${p} or b.restores_promotion_id = ${p})`,
          q.promotionId,
        );
      }
      if (q.devAccountIds) add((p) => `b.dev_account_id = any(${p}::text[])`, q.devAccountIds);
      values.push(q.limit);
      const { rows } = await db.query<RollbackRow>(
        `${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''}
         order by b.requested_at desc, b.rollback_id limit $${values.length}`,
        values,
      );
      return rows.map(rowToRollback);
    },
    async openFor(processId) {
      const { rows } = await db.query<RollbackRow>(
        `${SELECT} where b.process_id = $1 and b.status in ('PENDING_APPROVAL','RUNNING','FAILED')`,
        [processId],
      );
      return rows[0] ? rowToRollback(rows[0]) : undefined;
    },
    async staleRunning(before) {
      const { rows } = await db.query<RollbackRow>(`${SELECT} where b.status = 'RUNNING' and b.updated_at < $1`, [
        before,
      ]);
      return rows.map(rowToRollback);
    },
    async approvals(rollbackId, tx = db) {
      const { rows } = await tx.query<{
        approver: string;
        role: ApprovalRecord['role'];
        decision: ApprovalRecord['decision'];
        comments: string | null;
        at: Date;
      }>('select approver, role, decision, comments, at from rollback_approval where rollback_id = $1 order by at', [
        rollbackId,
      ]);
      return rows.map((r) => ({ ...r, at: new Date(r.at) }));
    },
    async addApproval(tx, rollbackId, a) {
      const { rows } = await tx.query(
        `insert into rollback_approval (rollback_id, approver, role, decision, comments) values ($1,$2,$3,$4,$5)
         on conflict (rollback_id, approver) do nothing returning approver`,
        [rollbackId, a.approver.toLowerCase(), a.role, a.decision, a.comments],
      );
      return rows.length > 0;
    },
    releases: (processId) => releasesOf(db, processId),
    async processOf(promotionId) {
      if (!UUID.test(promotionId)) return undefined;
      const { rows } = await db.query<{ prod_component_id: string | null }>(
        `select r.prod_component_id from promotion_log p join promotion_component_result r
           on r.promotion_id = p.promotion_id and r.dev_component_id = p.root_component_id
         where p.promotion_id = $1 and r.prod_component_id is not null limit 1`,
        [promotionId],
      );
      return rows[0]?.prod_component_id ?? undefined;
    },
  };
}
