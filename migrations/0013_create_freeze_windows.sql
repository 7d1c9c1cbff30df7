-- Freeze windows and scheduled production deployments (issue 14 item 5).

-- A window freezes production deployments: once (starts_at .. ends_at) or on a schedule (a cron
-- expression for the start, read in time_zone, lasting duration_minutes). `version` guards edits
-- made from a stale read.
create table freeze_window (
  window_id uuid primary key,
  name text not null check (char_length(name) between 1 and 255),
  reason text check (char_length(reason) <= 500),
  kind text not null check (kind in ('ONE_OFF', 'RECURRING')),
  starts_at timestamptz,
  ends_at timestamptz,
  cron text check (char_length(cron) <= 100),
  time_zone text not null default 'UTC',
  duration_minutes int,
  active boolean not null default true,
  version int not null default 1,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  check (
    (kind = 'ONE_OFF' and starts_at is not null and ends_at > starts_at and cron is null)
    or (kind = 'RECURRING' and cron is not null and duration_minutes between 1 and 44640 and starts_at is null)
  )
);

-- When an approved production deployment is scheduled to run, and why it waits (a freeze).
alter table promotion_log add column scheduled_deploy_at timestamptz;
alter table promotion_log add column schedule_note text;

-- A queued job that pg-boss holds back until this moment.
alter table job_run add column start_after timestamptz;
