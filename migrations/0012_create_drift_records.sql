-- Drift between what Promo recorded and what Boomi holds (issue 14): one row per difference,
-- open while Boomi disagrees with the record, resolved when they agree again.

create table drift_finding (
  kind text not null check (kind in ('COMPONENT','DEPLOYMENT')),
  -- COMPONENT: the production component id; DEPLOYMENT: `<environmentId>/<process component id>`
  subject text not null,
  status text not null default 'OPEN' check (status in ('OPEN','RESOLVED')),
  component_id text not null,
  component_name text,
  -- who may see it: the dev accounts whose mappings or promotions the subject belongs to
  dev_account_ids text[] not null default '{}',
  environment_id text,
  environment_name text,
  environment_classification text,
  recorded_version int,
  actual_version int,
  recorded_package_id text,
  actual_package_id text,
  recorded_package_version text,
  actual_package_version text,
  -- what Boomi has instead: MODIFIED, DELETED, MISSING (nothing active), REPLACED, UNRECORDED
  change text not null,
  changed_by text,
  changed_at timestamptz,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  resolved_at timestamptz,
  resolution text check (resolution in ('MATCHES_AGAIN','RECORDED_BY_PROMO')),
  primary key (kind, subject)
);
create index drift_finding_open on drift_finding (kind, component_id) where status = 'OPEN';

-- One row per check (scheduled or on demand): when, how it ended, and what the branch
-- reconciliation of the same run found.
create table drift_check (
  id uuid primary key,
  requested_by text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome text not null default 'RUNNING' check (outcome in ('RUNNING','SUCCEEDED','FAILED')),
  error_message text check (char_length(error_message) <= 5000),
  components_checked int not null default 0,
  environments_checked int not null default 0,
  new_findings int not null default 0,
  resolved_findings int not null default 0,
  boomi_calls int not null default 0,
  branch_count int,
  orphans_deleted jsonb not null default '[]',
  stale_branches jsonb not null default '[]'
);
create index drift_check_started on drift_check (started_at desc);

-- When main's version of a mapped component was last read back after a merge (the drift
-- baseline); null until the first refresh.
alter table component_mapping add column prod_version_read_at timestamptz;
