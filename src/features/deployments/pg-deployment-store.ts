import type { Queryable } from '../../platform/db.ts';
import type { DeploymentStore, EnvironmentResult, ReleaseRecord, TestDeployment } from './deployment-store.ts';

interface ReleaseRow {
  release_id: string;
  promotion_id: string;
  release_type: ReleaseRecord['releaseType'];
  integration_pack_id: string;
  integration_pack_name: string | null;
  status: ReleaseRecord['status'];
  requested_at: Date;
  completed_at: Date | null;
}

const rowToRelease = (r: ReleaseRow): ReleaseRecord => ({
  releaseId: r.release_id,
  promotionId: r.promotion_id,
  releaseType: r.release_type,
  integrationPackId: r.integration_pack_id,
  integrationPackName: r.integration_pack_name,
  status: r.status,
  requestedAt: new Date(r.requested_at),
  completedAt: r.completed_at ? new Date(r.completed_at) : null,
});

// A production record "uses up" its test record unless it failed or was withdrawn (§8.C #39).
const LIVE_PRODUCTION = `p.target_environment = 'PRODUCTION' and p.status not in ('FAILED','WITHDRAWN')`;
// Still holding the shared branch: rejected and deployed records have deleted it.
const BRANCH_HOLDING = `p.target_environment = 'PRODUCTION'
  and p.status not in ('FAILED','WITHDRAWN','PEER_REJECTED','ADMIN_REJECTED','DEPLOYED','DEPLOYMENT_CANCELLED',
    'ABANDONED')`;

export function createPgDeploymentStore(db: Queryable): DeploymentStore {
  return {
    async recordRelease(tx, r) {
      await tx.query(
        `insert into deployment_release (release_id, promotion_id, release_type, integration_pack_id,
          integration_pack_name, status)
         values ($1, $2, $3, $4, $5, $6) on conflict (release_id) do nothing`,
        [r.releaseId, r.promotionId, r.releaseType, r.integrationPackId, r.integrationPackName, r.status],
      );
    },
    async updateRelease(tx, releaseId, status) {
      await tx.query(
        `update deployment_release set status = $2,
           completed_at = case when $2 in ('SUCCESS','ERROR') then coalesce(completed_at, now()) else null end
         where release_id = $1`,
        [releaseId, status],
      );
    },
    async releases(promotionId, type) {
      const { rows } = await db.query<ReleaseRow>(
        `select * from deployment_release where promotion_id = $1 and ($2::text is null
          or release_type = $2) order by requested_at desc, release_id`,
        [promotionId, type ?? null],
      );
      return rows.map(rowToRelease);
    },
    async saveEnvironmentResults(tx, promotionId, target, results) {
      await tx.query('delete from deployment_environment_result where promotion_id = $1 and target = $2', [
        promotionId,
        target,
      ]);
      for (const r of results) {
        await tx.query(
          `insert into deployment_environment_result (promotion_id, target, environment_id, environment_name,
            deployed, error_message, deployment_id)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            promotionId,
            target,
            r.environmentId,
            r.environmentName,
            r.deployed,
            r.errorMessage?.slice(0, 5000) ?? null,
            r.deploymentId,
          ],
        );
      }
    },
    async environmentResults(promotionId, target) {
      const { rows } = await db.query<{
        environment_id: string;
        environment_name: string;
        deployed: boolean;
        error_message: string | null;
        deployment_id: string | null;
      }>(
        'select * from deployment_environment_result where promotion_id = $1 and target = $2 order by environment_name, environment_id',
        [promotionId, target],
      );
      return rows.map((r): EnvironmentResult => ({
        environmentId: r.environment_id,
        environmentName: r.environment_name,
        deployed: r.deployed,
        errorMessage: r.error_message,
        deploymentId: r.deployment_id,
      }));
    },
    async lastDeployedPack(processName, target) {
      const sql =
        target === 'TEST'
          ? // Any record that once reached TEST_DEPLOYED (testDeployedAt is set only then) used its pack.
            `select test_integration_pack_id as pack_id, test_integration_pack_name as pack_name,
              test_deployed_at as at from promotion_log
            where lower(process_name) = lower($1) and test_integration_pack_id is not null
              and test_deployed_at is not null
            order by test_deployed_at desc limit 1`
          : `select integration_pack_id as pack_id, integration_pack_name as pack_name, deployed_at as at
            from promotion_log
            where lower(process_name) = lower($1) and status = 'DEPLOYED' and integration_pack_id is not null
            order by deployed_at desc nulls last limit 1`;
      const { rows } = await db.query<{ pack_id: string | null; pack_name: string | null; at: Date | null }>(sql, [
        processName,
      ]);
      const r = rows[0];
      return r?.pack_id ? { packId: r.pack_id, packName: r.pack_name, at: new Date(r.at ?? 0) } : undefined;
    },
    async testDeployments(filter) {
      const where = [
        `t.target_environment = 'TEST'`,
        `t.status = 'TEST_DEPLOYED'`,
        `not exists (select 1 from promotion_log p where p.test_promotion_id = t.promotion_id and ${LIVE_PRODUCTION})`,
      ];
      const values: unknown[] = [];
      const add = (cond: (p: string) => string, v: unknown) => {
        values.push(v);
        where.push(cond(`$${values.length}`));
      };
      if (filter.devAccountIds) add((p) => `t.dev_account_id = any(${p}::text[])`, filter.devAccountIds);
      if (filter.initiatedBy) add((p) => `t.initiated_by = lower(${p})`, filter.initiatedBy);
      if (filter.processName) add((p) => `lower(t.process_name) = lower(${p})`, filter.processName);
      // Only the columns the page shows: a third of the record, named as the domain names them.
      const { rows } = await db.query<TestDeployment>(
        `select t.promotion_id as "promotionId", t.process_name as "processName",
          t.dev_account_id as "devAccountId", t.initiated_by as "initiatedBy",
           t.initiated_at as "initiatedAt", t.package_version as "packageVersion",
             t.components_total as "componentsTotal",
           t.components_created as "componentsCreated", t.components_updated as "componentsUpdated",
             t.test_deployed_at as "testDeployedAt",
           t.test_integration_pack_id as "testIntegrationPackId",
             t.test_integration_pack_name as "testIntegrationPackName",
           t.branch_id as "branchId", t.branch_name as "branchName", t.prod_package_id as "prodPackageId"
         from promotion_log t where ${where.join(' and ')} order by t.test_deployed_at desc nulls last,
           t.promotion_id limit $${values.length + 1}`,
        [...values, filter.limit ?? 100],
      );
      return rows;
    },
    async openProductionRecords(testPromotionId, tx = db) {
      const { rows } = await tx.query<{ promotion_id: string }>(
        `select p.promotion_id from promotion_log p where p.test_promotion_id = $1 and ${BRANCH_HOLDING}`,
        [testPromotionId],
      );
      return rows.map((r) => r.promotion_id);
    },
    async recordMerge(tx, promotionId, mergeRequestId) {
      await tx.query(
        'insert into deployment_merge (promotion_id, merge_request_id) values ($1, $2) on conflict (promotion_id) do nothing',
        [promotionId, mergeRequestId],
      );
    },
    async mergeOf(promotionId) {
      const { rows } = await db.query<{ merge_request_id: string }>(
        'select merge_request_id from deployment_merge where promotion_id = $1',
        [promotionId],
      );
      return rows[0]?.merge_request_id;
    },
  };
}
