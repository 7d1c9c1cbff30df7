-- Delivery (DORA) metrics (issue 16 item 4, ADR 0021) read production deployments by the time they
-- went live, the first promotion of each dev package, a record's root process and the rollbacks of a
-- promotion. These indexes keep getDeliveryMetrics under 200 ms on 100,000 promotion records.

create index promotion_log_production_deployed on promotion_log (deployed_at)
  where target_environment = 'PRODUCTION' and status in ('DEPLOYED', 'ROLLED_BACK') and deployed_at is not null;

-- The first promotion of a change: the earliest record of the same dev package (lead time's start).
create index promotion_log_dev_package_initiated on promotion_log (dev_account_id, dev_package_id, initiated_at);

-- A record's process: the production component of its root (the same rule as the release history).
create index promotion_component_result_root on promotion_component_result (promotion_id, dev_component_id)
  include (prod_component_id);

create index release_rollback_rolled_back_promotion on release_rollback (rolled_back_promotion_id)
  where rolled_back_promotion_id is not null;
