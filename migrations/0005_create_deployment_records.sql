-- Integration Pack releases of a deployment, kept so checkReleaseStatus can poll Boomi later
-- (10-backend.md §7.9), and the per-environment outcome of each deployment (§2.5).

create table deployment_release (
  release_id text primary key,
  promotion_id uuid not null references promotion_log(promotion_id) on delete cascade,
  release_type text not null check (release_type in ('TEST','PRODUCTION')),
  integration_pack_id text not null,
  integration_pack_name text,
  status text not null check (status in ('IN_PROGRESS','SUCCESS','SCHEDULED','ERROR')),
  requested_at timestamptz not null default now(),
  completed_at timestamptz
);
create index deployment_release_promotion on deployment_release (promotion_id, requested_at desc);

create table deployment_environment_result (
  promotion_id uuid not null references promotion_log(promotion_id) on delete cascade,
  target text not null check (target in ('TEST','PRODUCTION')),
  environment_id text not null,
  environment_name text not null,
  deployed boolean not null,
  error_message text check (char_length(error_message) <= 5000),
  deployment_id text,
  recorded_at timestamptz not null default now(),
  primary key (promotion_id, target, environment_id)
);

-- A production deployment's merge to main, once it has happened: a retry after a later step
-- failed must not merge again (10-backend.md §8.C #42).
create table deployment_merge (
  promotion_id uuid primary key references promotion_log(promotion_id) on delete cascade,
  merge_request_id text not null,
  merged_at timestamptz not null default now()
);
