-- Rollback of a whole release (issue 14): a production promotion can be rolled back to the
-- release that ran before it, and a rollback can itself be rolled back. The rolled-back record
-- ends ROLLED_BACK, a terminal status of its own.
alter table promotion_log drop constraint promotion_log_status_check;
alter table promotion_log add constraint promotion_log_status_check check (status in ('IN_PROGRESS','COMPLETED',
  'FAILED','TEST_DEPLOYING','TEST_DEPLOYED','TEST_DEPLOY_FAILED','PENDING_PEER_REVIEW','PEER_APPROVED','PEER_REJECTED',
  'PENDING_ADMIN_REVIEW','ADMIN_APPROVED','ADMIN_REJECTED','DEPLOYED','TEST_CANCELLED','WITHDRAWN',
  'DEPLOYMENT_CANCELLED','ABANDONED','ROLLED_BACK'));

-- One rollback: which release it replaces (a promotion's, or an earlier rollback's), which one it
-- restores, and what each of its steps did, so a retry resumes at the first step not done.
create table release_rollback (
  rollback_id uuid primary key,
  -- The production component of the root process: what "the same process" means.
  process_id text not null,
  process_name text,
  -- The dev account of the promotion the chain started from: who may see the rollback.
  dev_account_id text not null,
  -- The promotion this rollback concerns (the rolled-back one, or the one a rolled-back rollback concerned).
  promotion_id uuid not null references promotion_log(promotion_id),
  rolled_back_promotion_id uuid references promotion_log(promotion_id),
  rolled_back_rollback_id uuid references release_rollback(rollback_id),
  from_package_id text not null,
  from_package_version text not null,
  restores_promotion_id uuid references promotion_log(promotion_id),
  restores_rollback_id uuid references release_rollback(rollback_id),
  to_package_id text not null,
  to_package_version text not null,
  to_released_at timestamptz not null,
  integration_pack_id text not null,
  integration_pack_name text,
  reason text not null check (char_length(reason) between 1 and 2000),
  status text not null check (status in ('PENDING_APPROVAL','RUNNING','DONE','FAILED','DENIED','CANCELLED',
    'ROLLED_BACK')),
  requested_by text not null check (requested_by = lower(requested_by)),
  requested_at timestamptz not null default now(),
  -- The approvals asked for when it was requested (the policy may change later; this one stands).
  peers_required int not null default 0 check (peers_required >= 0),
  admins_required int not null default 1 check (admins_required >= 0),
  -- Environments the rolled-back release was deployed to directly: REDEPLOY's targets.
  environments jsonb not null default '[]',
  -- Components the rolled-back release changed on main: RESTORE_MAIN's candidates.
  components jsonb not null default '[]',
  steps jsonb not null,
  environment_results jsonb not null default '[]',
  restored_components jsonb not null default '[]',
  left_in_place jsonb not null default '[]',
  release_request_id text,
  branch_id text,
  merge_request_id text,
  error_code text,
  error_message text check (char_length(error_message) <= 5000),
  job_id text,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((rolled_back_promotion_id is null) <> (rolled_back_rollback_id is null)),
  check ((restores_promotion_id is null) <> (restores_rollback_id is null))
);
-- One open rollback per process: the database decides between two requests at once.
create unique index release_rollback_one_open on release_rollback (process_id)
  where status in ('PENDING_APPROVAL','RUNNING','FAILED');
create index release_rollback_process on release_rollback (process_id, finished_at desc);
create index release_rollback_promotion on release_rollback (promotion_id);
create index release_rollback_status on release_rollback (status, requested_at desc);

create table rollback_approval (
  rollback_id uuid not null references release_rollback(rollback_id) on delete cascade,
  approver text not null check (approver = lower(approver)),
  role text not null check (role in ('PEER','ADMIN')),
  decision text not null check (decision in ('APPROVED','DENIED')),
  comments text check (char_length(comments) <= 2000),
  at timestamptz not null default now(),
  primary key (rollback_id, approver)
);
