import type { Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { TERMINAL, TRANSITIONS, reviewStatusesFor } from './promotion-state.ts';
import type {
  ComponentResultRecord,
  PendingMapping,
  Promotion,
  PromotionChanges,
  ProductionRequestRef,
  PromotionOwner,
  PromotionStore,
} from './promotion-store.ts';

/** A promotion_log row as the driver returns it (`select *`). */
export interface PromotionRow {
  promotion_id: string;
  dev_account_id: string;
  prod_account_id: string;
  dev_package_id: string;
  dev_package_version: string | null;
  dev_package_creator: string | null;
  prod_package_id: string | null;
  initiated_by: string;
  initiated_at: Date;
  status: Promotion['status'];
  process_name: string | null;
  root_component_id: string | null;
  package_version: string | null;
  components_total: number;
  components_created: number;
  components_updated: number;
  components_failed: number;
  connections_skipped: number;
  error_message: string | null;
  result_detail: string | null;
  peer_review_status: string | null;
  peer_reviewed_by: string | null;
  peer_reviewed_at: Date | null;
  peer_review_comments: string | null;
  admin_review_status: string | null;
  admin_approved_by: string | null;
  admin_approved_at: Date | null;
  admin_comments: string | null;
  branch_id: string | null;
  branch_name: string | null;
  integration_pack_id: string | null;
  integration_pack_name: string | null;
  target_environment: Promotion['targetEnvironment'];
  is_hotfix: boolean;
  hotfix_justification: string | null;
  break_glass_by: string | null;
  break_glass_reason: string | null;
  break_glass_at: Date | null;
  test_promotion_id: string | null;
  test_deployed_at: Date | null;
  test_integration_pack_id: string | null;
  test_integration_pack_name: string | null;
  promoted_from_test_by: string | null;
  deployment_notes: string | null;
  deployment_request: Record<string, unknown> | null;
  post_deploy_warnings: string[] | null;
  submitted_by: string | null;
  submitted_at: Date | null;
  deployed_at: Date | null;
  last_error_code: string | null;
  job_id: string | null;
  scheduled_deploy_at: Date | null;
  schedule_note: string | null;
  updated_at: Date;
  row_version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// Column names are few and fixed: convert each once, not once per row.
const camelNames = new Map<string, string>();
const camel = (k: string) => {
  let c = camelNames.get(k);
  if (c === undefined) camelNames.set(k, (c = k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())));
  return c;
};

/** Smaller rows (results, pending mappings) with their column names in camelCase. */
const camelRow = (r: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[camel(k)] = v;
  return out;
};

const JSON_COLUMNS = new Set(['deployment_request', 'post_deploy_warnings']);

// A page's component results come with the page, each row's as one JSON array: no second round trip.
const RESULTS_OF_ROW = `(select coalesce(json_agg(json_build_object(
    'seq', r.seq, 'devComponentId', r.dev_component_id, 'name', r.name, 'type', r.type, 'action', r.action,
    'status', r.status, 'prodComponentId', r.prod_component_id, 'prodVersion', r.prod_version,
    'baseVersion', r.base_version, 'configStripped', r.config_stripped,
    'strippedElements', r.stripped_elements, 'errorMessage', r.error_message, 'reason', r.reason)
    order by r.seq), '[]'::json)
  from promotion_component_result r where r.promotion_id = promotion_log.promotion_id) as results`;

// A test record's newest production request, for the guide: whether the test is still held by it.
const PRODUCTION_REQUEST_OF_ROW = `(select json_build_object('promotionId', x.promotion_id, 'status', x.status)
  from promotion_log x where x.test_promotion_id = promotion_log.promotion_id
  order by x.initiated_at desc limit 1) as production_request`;

// Finished: a terminal status, or a test record whose production request reached production.
const OPEN_ROW = `status <> all($TERMINAL::text[]) and not exists (select 1 from promotion_log x
  where x.test_promotion_id = promotion_log.promotion_id and x.status = 'DEPLOYED')`;

/**
 * Spelled out rather than built key by key: an object literal gets one fixed shape, and list pages
 * map and serialize tens of these 50-field records per request (a key-by-key object became a slow
 * dictionary, the largest cost of the queue queries).
 */
export const rowToPromotion = (r: PromotionRow): Promotion => ({
  promotionId: r.promotion_id,
  devAccountId: r.dev_account_id,
  prodAccountId: r.prod_account_id,
  devPackageId: r.dev_package_id,
  devPackageVersion: r.dev_package_version,
  devPackageCreator: r.dev_package_creator,
  prodPackageId: r.prod_package_id,
  initiatedBy: r.initiated_by,
  initiatedAt: r.initiated_at,
  status: r.status,
  processName: r.process_name,
  rootComponentId: r.root_component_id,
  packageVersion: r.package_version,
  componentsTotal: r.components_total,
  componentsCreated: r.components_created,
  componentsUpdated: r.components_updated,
  componentsFailed: r.components_failed,
  connectionsSkipped: r.connections_skipped,
  errorMessage: r.error_message,
  resultDetail: r.result_detail,
  peerReviewStatus: r.peer_review_status,
  peerReviewedBy: r.peer_reviewed_by,
  peerReviewedAt: r.peer_reviewed_at,
  peerReviewComments: r.peer_review_comments,
  adminReviewStatus: r.admin_review_status,
  adminApprovedBy: r.admin_approved_by,
  adminApprovedAt: r.admin_approved_at,
  adminComments: r.admin_comments,
  branchId: r.branch_id,
  branchName: r.branch_name,
  integrationPackId: r.integration_pack_id,
  integrationPackName: r.integration_pack_name,
  targetEnvironment: r.target_environment,
  isHotfix: r.is_hotfix,
  hotfixJustification: r.hotfix_justification,
  breakGlassBy: r.break_glass_by,
  breakGlassReason: r.break_glass_reason,
  breakGlassAt: r.break_glass_at,
  testPromotionId: r.test_promotion_id,
  testDeployedAt: r.test_deployed_at,
  testIntegrationPackId: r.test_integration_pack_id,
  testIntegrationPackName: r.test_integration_pack_name,
  promotedFromTestBy: r.promoted_from_test_by,
  deploymentNotes: r.deployment_notes,
  deploymentRequest: r.deployment_request,
  postDeployWarnings: r.post_deploy_warnings ?? [],
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  deployedAt: r.deployed_at,
  lastErrorCode: r.last_error_code,
  jobId: r.job_id,
  scheduledDeployAt: r.scheduled_deploy_at,
  scheduleNote: r.schedule_note,
  updatedAt: r.updated_at,
  rowVersion: r.row_version,
});

function setClause(changes: PromotionChanges, startAt: number): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const col = snake(key);
    values.push(JSON_COLUMNS.has(col) && value !== null ? JSON.stringify(value) : value);
    sql.push(`${col} = $${startAt + values.length - 1}`);
  }
  return { sql, values };
}

type OwnerRow = { promotion_id: string; dev_account_id: string; branch_id: string | null };
const SELECT_OWNER = 'select promotion_id, dev_account_id, branch_id from promotion_log';
const rowToOwner = (r: OwnerRow): PromotionOwner => ({
  promotionId: r.promotion_id,
  devAccountId: r.dev_account_id,
  branchId: r.branch_id,
});

export function createPgPromotionStore(db: Queryable): PromotionStore {
  const get = async (id: string, q: Queryable = db, lock = '') => {
    if (!UUID.test(id)) return undefined;
    const { rows } = await q.query<PromotionRow>(`select * from promotion_log where promotion_id = $1${lock}`, [id]);
    return rows[0] ? rowToPromotion(rows[0]) : undefined;
  };
  return {
    async ownerOf(promotionId) {
      if (!UUID.test(promotionId)) return undefined;
      const { rows } = await db.query<OwnerRow>(`${SELECT_OWNER} where promotion_id = $1`, [promotionId]);
      return rows[0] ? rowToOwner(rows[0]) : undefined;
    },
    async ownersOfBranch(branchId) {
      const { rows } = await db.query<OwnerRow>(`${SELECT_OWNER} where branch_id = $1 order by initiated_at`, [
        branchId,
      ]);
      return rows.map(rowToOwner);
    },
    async hasComponent(promotionId, prodComponentId) {
      if (!UUID.test(promotionId)) return false;
      const { rows } = await db.query(
        'select 1 from promotion_component_result where promotion_id = $1 and prod_component_id = $2 limit 1',
        [promotionId, prodComponentId],
      );
      return rows.length > 0;
    },
    get: (id, tx) => get(id, tx ?? db),
    getForUpdate: (tx, id) => get(id, tx, ' for update'),
    async insertInProgress(tx, p) {
      try {
        const { rows } = await tx.query<PromotionRow>(
          `insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id,
            dev_package_version, dev_package_creator,
             initiated_by, initiated_at, status, process_name, root_component_id, package_version,
               components_total, branch_id, branch_name, job_id)
           values ($1, $2, $3, $4, $5, $6, $7, now(), 'IN_PROGRESS', $8, $9, $10, $11, $12, $13, $14) returning *`,
          [
            p.promotionId,
            p.devAccountId,
            p.prodAccountId,
            p.devPackageId,
            p.devPackageVersion,
            p.devPackageCreator,
            p.initiatedBy,
            p.processName,
            p.rootComponentId,
            p.packageVersion,
            p.componentsTotal,
            p.branchId,
            p.branchName,
            p.jobId,
          ],
        );
        return rowToPromotion(rows[0]!);
      } catch (e) {
        // The partial unique index is the lock: one running promotion per dev account.
        if (
          (e as { code?: string }).code === '23505' &&
          /one_running/.test((e as Error).message + String((e as { constraint?: string }).constraint))
        ) {
          throw new AppError(
            'PROMOTION_IN_PROGRESS',
            `Another promotion is running for dev account '${p.devAccountId}'; try again when it has finished.`,
          );
        }
        throw e;
      }
    },
    async transition(tx, promotionId, t, changes = {}) {
      const { from, to } = TRANSITIONS[t];
      const all: PromotionChanges = { ...reviewStatusesFor(to), ...changes };
      const { sql, values } = setClause(all, 4);
      const { rows } = await tx.query<PromotionRow>(
        `update promotion_log set status = $2,
          ${[...sql, 'updated_at = now()', 'row_version = row_version + 1'].join(', ')}
          where promotion_id = $1 and status = any($3::text[]) returning *`,
        [promotionId, to, from, ...values],
      );
      return rows[0] ? rowToPromotion(rows[0]) : undefined;
    },
    async update(tx, promotionId, changes) {
      const { sql, values } = setClause(changes, 2);
      if (sql.length === 0) return;
      await tx.query(`update promotion_log set ${[...sql, 'updated_at = now()'].join(', ')} where promotion_id = $1`, [
        promotionId,
        ...values,
      ]);
    },
    async query(q) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (cond: (p: string) => string, v: unknown) => {
        values.push(v);
        where.push(cond(`$${values.length}`));
      };
      if (q.promotionId !== undefined) {
        if (!UUID.test(q.promotionId)) return { rows: [], hasMore: false };
        add((p) => `promotion_id = ${p}`, q.promotionId);
      }
      if (q.devAccountIds) add((p) => `dev_account_id = any(${p}::text[])`, q.devAccountIds);
      if (q.status) add((p) => `status = ${p}`, q.status);
      if (q.statusNot) add((p) => `status <> ${p}`, q.statusNot);
      if (q.reviewStage === 'PENDING_PEER_REVIEW') where.push("peer_review_status = 'PENDING_PEER_REVIEW'");
      if (q.reviewStage === 'PENDING_ADMIN_REVIEW') where.push("admin_review_status = 'PENDING_ADMIN_REVIEW'");
      if (q.processName) add((p) => `lower(process_name) = lower(${p})`, q.processName);
      if (q.componentId) {
        add(
          (p) =>
            `(root_component_id = ${p} or exists (select 1 from promotion_component_result r
              where r.promotion_id = promotion_log.promotion_id and (r.dev_component_id = ${p}
              or r.prod_component_id = ${p})))`,
          q.componentId,
        );
      }
      if (q.from) add((p) => `initiated_at >= ${p}`, q.from);
      if (q.to) add((p) => `initiated_at <= ${p}`, q.to);
      if (q.ownedBy) {
        add(
          (p) =>
            `(lower(initiated_by) = lower(${p}) or lower(submitted_by) = lower(${p})
              or lower(promoted_from_test_by) = lower(${p}))`,
          q.ownedBy,
        );
      }
      if (q.openOnly) add((p) => OPEN_ROW.replace('$TERMINAL', p), TERMINAL);
      if (q.excludeEmail) {
        add(
          (p) =>
            `lower(initiated_by) <> lower(${p}) and coalesce(lower(submitted_by), '') <> lower(${p})
              and coalesce(lower(promoted_from_test_by), '') <> lower(${p})`,
          q.excludeEmail,
        );
      }
      const filter = where.length ? `where ${where.join(' and ')}` : '';
      // One row more than asked tells whether there is a next page, without counting the table.
      const extra = [q.withResults && RESULTS_OF_ROW, q.withProductionRequest && PRODUCTION_REQUEST_OF_ROW]
        .filter(Boolean)
        .map((c) => `, ${c}`)
        .join('');
      const { rows } = await db.query<
        PromotionRow & { results?: ComponentResultRecord[]; production_request?: ProductionRequestRef | null }
      >(
        `select *${extra} from promotion_log ${filter}
          order by initiated_at desc, promotion_id limit $${values.length + 1} offset $${values.length + 2}`,
        [...values, q.limit + 1, q.offset],
      );
      const page = rows.slice(0, q.limit);
      return {
        rows: page.map(rowToPromotion),
        hasMore: rows.length > q.limit,
        ...(q.withResults ? { results: new Map(page.map((r) => [r.promotion_id, r.results ?? []])) } : {}),
        ...(q.withProductionRequest
          ? {
              productionRequests: new Map(
                page.flatMap((r) => (r.production_request ? [[r.promotion_id, r.production_request] as const] : [])),
              ),
            }
          : {}),
      };
    },
    async openWithComponents(devAccountId, tx = db) {
      const { rows } = await tx.query<PromotionRow & { components: string[] | null }>(
        `select p.*, (select array_agg(r.dev_component_id) from promotion_component_result r
          where r.promotion_id = p.promotion_id and r.action in ('CREATED','UPDATED','UNCHANGED')) as components
           from promotion_log p
          where p.dev_account_id = $1
            and p.status <> all($2::text[])
            -- A test deployment whose production record reached production is finished too.
            and not exists (select 1 from promotion_log x where x.test_promotion_id = p.promotion_id
              and x.status = 'DEPLOYED')`,
        [devAccountId, TERMINAL],
      );
      return rows.map(({ components, ...r }) => ({ promotion: rowToPromotion(r), devComponentIds: components ?? [] }));
    },
    async insertFromTest(tx, test, p) {
      const { rows } = await tx.query<PromotionRow>(
        `insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id,
           dev_package_version, dev_package_creator, prod_package_id, initiated_by, initiated_at, status,
           process_name, root_component_id, package_version, components_total, components_created,
           components_updated, components_failed, connections_skipped, result_detail, branch_id, branch_name,
           target_environment, is_hotfix, test_promotion_id, test_deployed_at, test_integration_pack_id,
           test_integration_pack_name, promoted_from_test_by, submitted_by, submitted_at, deployment_request,
           deployment_notes, peer_review_status)
         select $2, dev_account_id, prod_account_id, dev_package_id,
           dev_package_version, dev_package_creator, prod_package_id, initiated_by, now(), 'PENDING_PEER_REVIEW',
           process_name, root_component_id, coalesce($5, package_version), components_total, components_created,
           components_updated, components_failed, connections_skipped, result_detail, branch_id, branch_name,
           'PRODUCTION', false, promotion_id, test_deployed_at, test_integration_pack_id,
           test_integration_pack_name, $3, $3, now(), $4,
           $6, 'PENDING_PEER_REVIEW'
           from promotion_log where promotion_id = $1 returning *`,
        [
          test.promotionId,
          p.promotionId,
          p.submittedBy,
          JSON.stringify(p.deploymentRequest),
          p.packageVersion,
          p.deploymentNotes,
        ],
      );
      await tx.query(
        `insert into promotion_component_result (promotion_id, seq, dev_component_id, name, type, action, status,
          prod_component_id, prod_version, base_version, config_stripped, stripped_elements, error_message, reason)
         select $2, seq, dev_component_id, name, type, action, status, prod_component_id, prod_version,
           base_version, config_stripped, stripped_elements, error_message, reason
           from promotion_component_result where promotion_id = $1`,
        [test.promotionId, p.promotionId],
      );
      await tx.query(
        `insert into pending_component_mapping (promotion_id, dev_component_id, dev_account_id, prod_component_id,
          component_name, component_type, prod_account_id, prod_latest_version, dev_version, content_hash)
         select $2, dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
           prod_account_id, prod_latest_version, dev_version, content_hash
           from pending_component_mapping where promotion_id = $1`,
        [test.promotionId, p.promotionId],
      );
      return rowToPromotion(rows[0]!);
    },
    async productionRecordsOf(testPromotionId, tx = db) {
      const { rows } = await tx.query<PromotionRow>(
        'select * from promotion_log where test_promotion_id = $1 order by initiated_at',
        [testPromotionId],
      );
      return rows.map(rowToPromotion);
    },
    async findByBranch(branchId) {
      const { rows } = await db.query<PromotionRow>(
        'select * from promotion_log where branch_id = $1 order by initiated_at desc limit 1',
        [branchId],
      );
      return rows[0] ? rowToPromotion(rows[0]) : undefined;
    },
    async countReservedSlots() {
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from promotion_log where status = 'IN_PROGRESS' and branch_id is null",
      );
      return rows[0]!.n;
    },
    async stale(status, before) {
      const { rows } = await db.query<PromotionRow>(
        'select * from promotion_log where status = $1 and updated_at < $2',
        [status, before],
      );
      return rows.map(rowToPromotion);
    },
    async saveResults(tx, promotionId, results) {
      await tx.query('delete from promotion_component_result where promotion_id = $1', [promotionId]);
      if (results.length === 0) return;
      // One statement for the whole tree: a 5,000-component promotion is one round trip, not 5,000.
      const col = <K extends keyof ComponentResultRecord>(k: K) => results.map((r) => r[k] ?? null);
      await tx.query(
        `insert into promotion_component_result (promotion_id, seq, dev_component_id, name, type, action, status,
          prod_component_id, prod_version, base_version, config_stripped, stripped_elements, error_message, reason)
         select $1::uuid, r.* from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::int[], $10::int[], $11::boolean[], $12::jsonb[], $13::text[], $14::text[]) as r`,
        [
          promotionId,
          col('seq'),
          col('devComponentId'),
          col('name'),
          col('type'),
          col('action'),
          col('status'),
          col('prodComponentId'),
          col('prodVersion'),
          col('baseVersion'),
          col('configStripped'),
          results.map((r) => JSON.stringify(r.strippedElements)),
          col('errorMessage'),
          col('reason'),
        ],
      );
    },
    async results(promotionId) {
      if (!UUID.test(promotionId)) return [];
      const { rows } = await db.query<Record<string, unknown>>(
        'select * from promotion_component_result where promotion_id = $1 order by seq',
        [promotionId],
      );
      return rows.map((r) => {
        const { promotionId: _p, ...rest } = camelRow(r);
        return rest as unknown as ComponentResultRecord;
      });
    },
    async savePendingMappings(tx, promotionId, mappings) {
      if (mappings.length === 0) return;
      const col = <K extends keyof PendingMapping>(k: K) => mappings.map((m) => m[k] ?? null);
      await tx.query(
        `insert into pending_component_mapping (promotion_id, dev_component_id, dev_account_id,
          prod_component_id, component_name, component_type, prod_account_id, prod_latest_version, dev_version,
          content_hash)
         select $1::uuid, m.* from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::int[], $9::int[], $10::text[]) as m
         on conflict (promotion_id, dev_component_id) do update set prod_component_id = excluded.prod_component_id,
           prod_latest_version = excluded.prod_latest_version, dev_version = excluded.dev_version,
           content_hash = excluded.content_hash`,
        [
          promotionId,
          col('devComponentId'),
          col('devAccountId'),
          col('prodComponentId'),
          col('componentName'),
          col('componentType'),
          col('prodAccountId'),
          col('prodLatestVersion'),
          col('devVersion'),
          col('contentHash'),
        ],
      );
    },
    async pendingComponentType(prodComponentId) {
      const { rows } = await db.query<{ component_type: string }>(
        'select component_type from pending_component_mapping where prod_component_id = $1 limit 1',
        [prodComponentId],
      );
      return rows[0]?.component_type;
    },
    async pendingMappings(promotionId, tx = db) {
      const { rows } = await tx.query<Record<string, unknown>>(
        'select * from pending_component_mapping where promotion_id = $1 order by created_at, dev_component_id',
        [promotionId],
      );
      return rows.map((r) => {
        const { promotionId: _p, createdAt: _c, ...rest } = camelRow(r);
        return rest as unknown as PendingMapping;
      });
    },
  };
}
