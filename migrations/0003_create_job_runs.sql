-- What callers see of a durable job (D3): state, progress and the final response. pg-boss owns
-- the scheduling (its own schema); this row is the public face, one per job, same id.
create table job_run (
  id uuid primary key,
  kind text not null,
  state text not null default 'QUEUED' check (state in ('QUEUED','RUNNING','SUCCEEDED','FAILED')),
  promotion_id uuid,
  requested_by text not null,
  progress_done int not null default 0,
  progress_total int not null default 0,
  step text,
  result jsonb,
  error_code text,
  error_message text,
  attempts int not null default 0,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index job_run_promotion on job_run (promotion_id);
create index job_run_state on job_run (state) where state in ('QUEUED','RUNNING');

-- Progress watchers (server-sent events) on any replica wake up on this notification.
create function notify_job_run_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('promo_job_run', new.id::text);
  return null;
end
$$;
create trigger job_run_changed after insert or update on job_run
  for each row execute function notify_job_run_changed();
