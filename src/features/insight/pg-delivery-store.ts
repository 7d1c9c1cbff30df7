import type { Queryable } from '../../platform/db.ts';
import type { DeliveryGroup, DeliveryStore } from './delivery-store.ts';

interface GroupRow {
  scope: 'ALL' | 'TEAM' | 'PROCESS';
  key: string | null;
  name: string | null;
  bucket: Date | string | null;
  deployments: number;
  failures: number;
  lead_count: number;
  lead_median: number | null;
  lead_p90: number | null;
  restore_count: number;
  restore_median: number | null;
  restore_p90: number | null;
}

const FIGURES = `count(*)::int as deployments, count(*) filter (where failed)::int as failures,
  count(lead_s)::int as lead_count,
  percentile_cont(0.5) within group (order by lead_s) as lead_median,
  percentile_cont(0.9) within group (order by lead_s) as lead_p90,
  count(restore_s)::int as restore_count,
  percentile_cont(0.5) within group (order by restore_s) as restore_median,
  percentile_cont(0.9) within group (order by restore_s) as restore_p90`;

/*
 * One statement over the records (ADR 0021). Production deployments are read up to one failure
 * window past the period, so a deployment near its end still sees the hotfix that followed it; the
 * next deployment of the same process (lead) is read before any filter, since a hotfix by another
 * team still fixes the process. Rollbacks count when requested (not denied or cancelled) within
 * the window; restore time runs to the earliest fix that went live: the hotfix deployed or the
 * rollback finished.
 */
const SQL = `
with prod as materialized (
  select p.promotion_id, p.dev_account_id, p.dev_package_id, p.is_hotfix, p.deployed_at, p.process_name,
    r.prod_component_id as process_id
  from promotion_log p
  join promotion_component_result r on r.promotion_id = p.promotion_id and r.dev_component_id = p.root_component_id
  where p.target_environment = 'PRODUCTION' and p.status in ('DEPLOYED', 'ROLLED_BACK') and p.deployed_at is not null
    and p.deployed_at >= $1 and p.deployed_at < $2::timestamptz + make_interval(hours => $4)
    and r.prod_component_id is not null
), seq as (
  select prod.*, lead(is_hotfix) over w as next_hotfix, lead(deployed_at) over w as next_at,
    deployed_at + make_interval(hours => $4) as window_end
  from prod window w as (partition by process_id order by deployed_at, promotion_id)
), scoped as materialized (
  select s.promotion_id, s.dev_account_id, s.deployed_at, s.process_id, s.process_name, s.window_end,
    case when s.next_hotfix and s.next_at <= s.window_end then s.next_at end as hotfix_fix,
    (select min(f.initiated_at) from promotion_log f
      where f.dev_account_id = s.dev_account_id and f.dev_package_id = s.dev_package_id) as first_at,
    b.rollback_at, b.rolled_back_at
  from seq s
  -- Rollbacks are few: one pass over them beats two index probes per deployment (ADR 0021).
  left join (
    select rolled_back_promotion_id,
      min(requested_at) filter (where status not in ('DENIED', 'CANCELLED')) as rollback_at,
      min(finished_at) filter (where status in ('DONE', 'ROLLED_BACK')) as rolled_back_at
    from release_rollback group by rolled_back_promotion_id
  ) b on b.rolled_back_promotion_id = s.promotion_id
  where s.deployed_at < $2
    and ($5::text is null or exists (select 1 from dev_account_access a where a.dev_account_id = s.dev_account_id
      and a.is_active and lower(a.sso_group_id) = lower($5)))
    and ($6::text is null or s.process_id = $6)
), facts as materialized (
  select promotion_id, dev_account_id, deployed_at, process_id, process_name,
    date_trunc($3, deployed_at, 'UTC') as bucket,
    extract(epoch from deployed_at - first_at)::float8 as lead_s,
    (hotfix_fix is not null or rollback_at <= window_end) as failed,
    extract(epoch from least(hotfix_fix, case when rollback_at <= window_end then rolled_back_at end)
      - deployed_at)::float8 as restore_s
  from scoped
), teams as (
  select a.sso_group_id as team, a.sso_group_name as team_name, f.*
  from facts f join dev_account_access a on a.dev_account_id = f.dev_account_id and a.is_active
)
select 'ALL' as scope, null as key, null as name, bucket, ${FIGURES}
  from facts group by grouping sets ((), (bucket))
union all
select 'TEAM', team, min(team_name), bucket, ${FIGURES}
  from teams group by grouping sets ((team), (team, bucket))
union all
select 'PROCESS', process_id, (array_agg(process_name order by deployed_at desc))[1], null, ${FIGURES}
  from facts where $7::text[] is null or dev_account_id = any($7::text[])
  group by process_id`;

const num = (v: number | string | null) => (v === null ? null : Number(v));

export function createPgDeliveryStore(db: Queryable): DeliveryStore {
  return {
    async groups(q) {
      const { rows } = await db.query<GroupRow>(SQL, [
        q.from,
        q.to,
        q.bucket,
        q.failureWindowHours,
        q.team ?? null,
        q.processId ?? null,
        q.processAccounts ? [...q.processAccounts] : null,
      ]);
      return rows.map((r): DeliveryGroup => ({
        scope: r.scope,
        key: r.key,
        name: r.name,
        bucket: r.bucket === null ? null : new Date(r.bucket),
        deployments: Number(r.deployments),
        failures: Number(r.failures),
        leadTime: { count: Number(r.lead_count), median: num(r.lead_median), p90: num(r.lead_p90) },
        restore: { count: Number(r.restore_count), median: num(r.restore_median), p90: num(r.restore_p90) },
      }));
    },
  };
}
