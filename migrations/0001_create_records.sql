-- Promo's records (spec D8; 10-backend.md §1). Portable between PostgreSQL 15+ and PGlite.

create table promotion_log (
  promotion_id uuid primary key,
  dev_account_id text not null,
  prod_account_id text not null,
  dev_package_id text not null,
  prod_package_id text,
  initiated_by text not null check (initiated_by = lower(initiated_by)),
  initiated_at timestamptz not null,
  status text not null check (status in ('IN_PROGRESS','COMPLETED','FAILED','TEST_DEPLOYING','TEST_DEPLOYED',
    'TEST_DEPLOY_FAILED','PENDING_PEER_REVIEW','PEER_APPROVED','PEER_REJECTED','PENDING_ADMIN_REVIEW',
    'ADMIN_APPROVED','ADMIN_REJECTED','DEPLOYED','TEST_CANCELLED','WITHDRAWN')),
  components_total int not null default 0 check (components_total >= 0),
  components_created int not null default 0 check (components_created >= 0),
  components_updated int not null default 0 check (components_updated >= 0),
  components_failed int not null default 0 check (components_failed >= 0),
  error_message text check (char_length(error_message) <= 5000),
  result_detail text check (char_length(result_detail) <= 5000),
  peer_review_status text check (peer_review_status in ('PENDING_PEER_REVIEW','PEER_APPROVED','PEER_REJECTED')),
  peer_reviewed_by text,
  peer_reviewed_at timestamptz,
  peer_review_comments text check (char_length(peer_review_comments) <= 500),
  admin_review_status text check (admin_review_status in ('PENDING_ADMIN_REVIEW','ADMIN_APPROVED','ADMIN_REJECTED')),
  admin_approved_by text,
  admin_approved_at timestamptz,
  admin_comments text check (char_length(admin_comments) <= 500),
  branch_id text,
  branch_name text,
  integration_pack_id text,
  integration_pack_name text,
  process_name text,
  target_environment text check (target_environment in ('TEST','PRODUCTION')),
  is_hotfix boolean not null default false,
  hotfix_justification text check (char_length(hotfix_justification) <= 1000),
  test_promotion_id uuid references promotion_log(promotion_id),
  test_deployed_at timestamptz,
  test_integration_pack_id text,
  test_integration_pack_name text,
  promoted_from_test_by text,
  -- columns the contracts read that the original model did not store (10-backend.md §1.1)
  package_version text check (char_length(package_version) <= 20),
  deployment_notes text check (char_length(deployment_notes) <= 500),
  root_component_id text,
  deployment_request jsonb,
  dev_package_version text,
  dev_package_creator text,
  submitted_by text,
  submitted_at timestamptz,
  deployed_at timestamptz,
  connections_skipped int not null default 0,
  last_error_code text,
  job_id text,
  updated_at timestamptz not null default now(),
  row_version int not null default 0,
  check (not is_hotfix or coalesce(btrim(hotfix_justification), '') <> '')
);

-- One running promotion per dev account (D8): the database, not a read-then-write, decides.
create unique index promotion_one_running_per_account on promotion_log (dev_account_id) where status = 'IN_PROGRESS';
create index promotion_log_status on promotion_log (status);
create index promotion_log_account_status on promotion_log (dev_account_id, status);
create index promotion_log_process_status on promotion_log (process_name, status);
create index promotion_log_test_promotion on promotion_log (test_promotion_id);
create index promotion_log_initiator on promotion_log (lower(initiated_by));
create index promotion_log_peer_status on promotion_log (peer_review_status);
create index promotion_log_admin_status on promotion_log (admin_review_status);
create index promotion_log_target_status on promotion_log (target_environment, status);
create index promotion_log_initiated_at on promotion_log (initiated_at desc);

create table promotion_component_result (
  promotion_id uuid not null references promotion_log(promotion_id) on delete cascade,
  seq int not null,
  dev_component_id text not null,
  name text not null,
  type text not null,
  action text not null check (action in ('CREATED','UPDATED','UNCHANGED','FAILED','SKIPPED','PRE_MAPPED')),
  status text not null,
  prod_component_id text,
  prod_version int,
  config_stripped boolean not null default false,
  stripped_elements jsonb not null default '[]',
  error_message text,
  primary key (promotion_id, seq)
);
create index promotion_component_result_component on promotion_component_result (dev_component_id);

create table component_mapping (
  id uuid not null default gen_random_uuid() unique,
  dev_component_id text not null,
  dev_account_id text not null,
  prod_component_id text not null,
  component_name text not null,
  component_type text not null,
  prod_account_id text not null,
  prod_latest_version int not null default 0,
  last_promoted_at timestamptz not null,
  last_promoted_by text not null,
  mapping_source text not null default 'PROMOTION_ENGINE' check (mapping_source in ('PROMOTION_ENGINE','ADMIN_SEEDING')),
  primary key (dev_component_id, dev_account_id)
);
create index component_mapping_account_type on component_mapping (dev_account_id, component_type);
create index component_mapping_prod on component_mapping (prod_component_id);

-- Mappings a promotion created: authoritative only once its branch reaches main (D8).
create table pending_component_mapping (
  promotion_id uuid not null references promotion_log(promotion_id) on delete cascade,
  dev_component_id text not null,
  dev_account_id text not null,
  prod_component_id text not null,
  component_name text not null,
  component_type text not null,
  prod_account_id text not null,
  prod_latest_version int not null,
  created_at timestamptz not null default now(),
  primary key (promotion_id, dev_component_id)
);

create table dev_account_access (
  sso_group_id text not null,
  sso_group_name text not null,
  dev_account_id text not null,
  dev_account_name text not null,
  is_active boolean not null default true,
  updated_at timestamptz not null default now(),
  updated_by text,
  primary key (sso_group_id, dev_account_id)
);
create index dev_account_access_group on dev_account_access (lower(sso_group_id));

-- Append-only audit trail: one event per state transition or administrative change.
create table audit_event (
  id bigserial primary key,
  occurred_at timestamptz not null default now(),
  actor text not null,
  action text not null,
  promotion_id uuid,
  from_status text,
  to_status text,
  details jsonb not null default '{}'
);
create index audit_event_promotion on audit_event (promotion_id, id);
create index audit_event_occurred on audit_event (occurred_at desc);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end
$$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_is_append_only();

-- Transactional outbox (D12): written with the transition, delivered by the dispatcher.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  kind text not null,
  promotion_id uuid,
  to_addresses text[] not null,
  cc_addresses text[] not null default '{}',
  subject text not null,
  body_text text not null,
  status text not null default 'PENDING' check (status in ('PENDING','SENT','FAILED')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz
);
create index notification_outbox_due on notification_outbox (next_attempt_at) where status = 'PENDING';

create table app_user (
  email text primary key check (email = lower(email)),
  display_name text not null,
  groups text[] not null default '{}',
  source text not null check (source in ('OIDC','DEMO','API_TOKEN','INTEGRATION')),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

-- Personal API tokens: only a SHA-256 of the secret is kept (tokens are 256-bit random). A token
-- carries its owner's groups as last seen at sign-in (app_user.groups), never more.
create table api_token (
  id uuid primary key default gen_random_uuid(),
  user_email text not null check (user_email = lower(user_email)),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_token_user on api_token (user_email);

-- Browser sessions live here, not in memory, so any replica can serve any request (D1).
create table web_session (
  id_hash text primary key,
  user_email text not null,
  display_name text not null,
  groups text[] not null default '{}',
  csrf_token text not null,
  source text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index web_session_expires on web_session (expires_at);

create table oidc_login (
  state text primary key,
  code_verifier text not null,
  nonce text not null,
  return_to text not null default '/',
  created_at timestamptz not null default now()
);
