-- Test evidence (issue 16 part 2). A process may name a Boomi process that tests it; after a TEST
-- deployment Promo runs that test process in the Test environment and keeps each run's outcome
-- with the test record it exercised.

-- Keyed by the process's component id (the promoted copy in the primary account, or its dev id).
create table test_process (
  process_id text primary key,
  test_process_id text not null,
  set_by text not null,
  set_at timestamptz not null default now()
);

create table test_run (
  run_id uuid primary key,
  promotion_id uuid not null references promotion_log (promotion_id) on delete cascade,
  process_id text not null,
  test_process_id text not null,
  status text not null check (status in ('QUEUED','RUNNING','PASSED','FAILED','TIMED_OUT','REFUSED','NOT_RUN')),
  -- Boomi's ExecutionRecord status as last read (COMPLETE, COMPLETE_WARN, ERROR, INPROCESS, ...).
  boomi_status text,
  environment_id text,
  atom_id text,
  atom_name text,
  request_id text,
  execution_id text,
  execution_started_at timestamptz,
  duration_ms bigint check (duration_ms >= 0),
  inbound_document_count integer check (inbound_document_count >= 0),
  outbound_document_count integer check (outbound_document_count >= 0),
  error_message text check (char_length(error_message) <= 5000),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  job_id uuid
);
create index test_run_by_promotion on test_run (promotion_id, requested_at desc);
