import type { Queryable } from '../../platform/db.ts';
import type { ReleaseEvent } from './rollback-store.ts';

interface PromotionReleaseRow {
  promotion_id: string;
  process_name: string | null;
  dev_account_id: string;
  prod_package_id: string;
  package_version: string | null;
  integration_pack_id: string | null;
  integration_pack_name: string | null;
  test_integration_pack_id: string | null;
  test_integration_pack_name: string | null;
  target_environment: 'TEST' | 'PRODUCTION';
  deployed_at: Date | null;
  test_deployed_at: Date | null;
  initiated_by: string;
  peer_reviewed_by: string | null;
  admin_approved_by: string | null;
  status: string;
  is_hotfix: boolean;
  break_glass_by: string | null;
  break_glass_reason: string | null;
  approvers: string[] | null;
}

interface EnvironmentRow {
  promotion_id: string;
  target: 'TEST' | 'PRODUCTION';
  environment_id: string;
  environment_name: string;
  deployed: boolean;
}

/**
 * Every release of a process Promo made, newest first: production promotions that were deployed
 * (or since rolled back), finished rollbacks, and test deployments. A promotion names its process
 * through the production component of its root (the result of its root dev component).
 */
export async function releasesOf(db: Queryable, processId: string): Promise<ReleaseEvent[]> {
  const { rows: promotions } = await db.query<PromotionReleaseRow>(
    `select p.promotion_id, p.process_name, p.dev_account_id, p.prod_package_id, p.package_version,
       p.integration_pack_id, p.integration_pack_name, p.test_integration_pack_id, p.test_integration_pack_name,
       p.target_environment, p.deployed_at, p.test_deployed_at, p.initiated_by, p.peer_reviewed_by,
       p.admin_approved_by, p.status, p.is_hotfix, p.break_glass_by, p.break_glass_reason,
       (select array_agg(a.approved_by order by a.approved_at) from promotion_approval a
         where a.promotion_id = p.promotion_id and a.voided_at is null) as approvers
     from promotion_log p join promotion_component_result r
       on r.promotion_id = p.promotion_id and r.dev_component_id = p.root_component_id
     where r.prod_component_id = $1 and p.prod_package_id is not null
       and ((p.target_environment = 'PRODUCTION' and p.status in ('DEPLOYED','ROLLED_BACK') and p.deployed_at is not null)
         or (p.target_environment = 'TEST' and p.test_deployed_at is not null))`,
    [processId],
  );
  const { rows: environments } = await db.query<EnvironmentRow>(
    `select promotion_id, target, environment_id, environment_name, deployed from deployment_environment_result
     where promotion_id = any($1::uuid[]) order by environment_name, environment_id`,
    [promotions.map((p) => p.promotion_id)],
  );
  const { rows: rollbacks } = await db.query<Record<string, unknown>>(
    `select b.rollback_id, b.promotion_id, b.process_name, b.dev_account_id, b.to_package_id, b.to_package_version,
       b.integration_pack_id, b.integration_pack_name, b.finished_at, b.requested_by, b.status,
       b.environment_results,
       coalesce((select array_agg(a.approver order by a.at) from rollback_approval a
         where a.rollback_id = b.rollback_id and a.decision = 'APPROVED'), '{}') as approvers
     from release_rollback b where b.process_id = $1 and b.status in ('DONE','ROLLED_BACK')`,
    [processId],
  );
  const out: ReleaseEvent[] = promotions.map((p) => ({
    kind: p.is_hotfix ? 'HOTFIX' : 'PROMOTION',
    target: p.target_environment,
    id: p.promotion_id,
    promotionId: p.promotion_id,
    rollbackId: null,
    processId,
    processName: p.process_name,
    devAccountId: p.dev_account_id,
    packageId: p.prod_package_id,
    packageVersion: p.package_version ?? '',
    integrationPackId: p.target_environment === 'TEST' ? p.test_integration_pack_id : p.integration_pack_id,
    integrationPackName: p.target_environment === 'TEST' ? p.test_integration_pack_name : p.integration_pack_name,
    at: new Date((p.target_environment === 'TEST' ? p.test_deployed_at : p.deployed_at)!),
    initiatedBy: p.initiated_by,
    // Every standing approval of a quorum; the two reviewer fields for records approved before the policy.
    approvedBy: p.approvers?.length
      ? p.approvers
      : [p.peer_reviewed_by, p.admin_approved_by].filter((x): x is string => !!x),
    breakGlass: p.break_glass_by ? { by: p.break_glass_by, reason: p.break_glass_reason ?? '' } : null,
    status: p.status,
    environments: environments
      .filter((e) => e.promotion_id === p.promotion_id && e.target === p.target_environment)
      .map((e) => ({ environmentId: e.environment_id, environmentName: e.environment_name, deployed: e.deployed })),
    isHotfix: p.is_hotfix,
  }));
  for (const b of rollbacks) {
    const results = (
      typeof b.environment_results === 'string' ? JSON.parse(b.environment_results) : b.environment_results
    ) as ReleaseEvent['environments'];
    out.push({
      kind: 'ROLLBACK',
      target: 'PRODUCTION',
      id: b.rollback_id as string,
      promotionId: b.promotion_id as string,
      rollbackId: b.rollback_id as string,
      processId,
      processName: b.process_name as string | null,
      devAccountId: b.dev_account_id as string,
      packageId: b.to_package_id as string,
      packageVersion: b.to_package_version as string,
      integrationPackId: b.integration_pack_id as string,
      integrationPackName: b.integration_pack_name as string | null,
      at: new Date(b.finished_at as string),
      initiatedBy: b.requested_by as string,
      approvedBy: b.approvers as string[],
      status: b.status as string,
      environments: results.map((e) => ({
        environmentId: e.environmentId,
        environmentName: e.environmentName,
        deployed: e.deployed,
      })),
      isHotfix: false,
      breakGlass: null,
    });
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
}
