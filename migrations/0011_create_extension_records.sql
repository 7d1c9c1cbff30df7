-- Environment extensions and client accounts (issue 13; 10-backend.md §7.12).

-- ClientAccountConfig, split in two: the account and its environments once, and the teams that
-- may see it one row each (the original keyed one row per account and group).
create table client_account (
  client_account_id text primary key check (char_length(client_account_id) <= 100),
  client_account_name text not null check (char_length(client_account_name) <= 255),
  test_environment_id text not null,
  test_environment_name text not null,
  prod_environment_id text not null,
  prod_environment_name text not null,
  is_active boolean not null default true,
  last_extension_sync_at timestamptz,
  last_extension_sync_by text,
  updated_at timestamptz not null default now(),
  updated_by text
);

create table client_account_team (
  client_account_id text not null references client_account(client_account_id) on delete cascade,
  sso_group_id text not null,
  sso_group_name text not null,
  primary key (client_account_id, sso_group_id)
);
create index client_account_team_group on client_account_team (lower(sso_group_id));

-- ExtensionAccessMapping: which teams may edit which extension component of an environment,
-- built from the environment's extensions, the mappings and the teams' dev accounts. Edits are
-- checked against it and fail closed when a component is missing.
create table extension_access (
  environment_id text not null,
  prod_component_id text not null,
  client_account_id text not null,
  component_name text not null,
  component_type text not null check (component_type in
    ('connection','operation','tradingPartner','sharedCommunication','processProperty')),
  owner_processes jsonb not null default '[]',
  dev_accounts jsonb not null default '[]',
  authorized_sso_groups text[] not null default '{}',
  is_connection boolean not null,
  is_shared boolean not null,
  extension_group_id text,
  last_updated_at timestamptz not null default now(),
  last_updated_by text not null,
  primary key (environment_id, prod_component_id)
);

-- When each environment's access cache was last built, and by whom (a person or a deployment).
create table extension_access_build (
  environment_id text primary key,
  client_account_id text not null,
  built_at timestamptz not null,
  built_by text not null,
  component_count int not null
);

-- Installation-wide settings an admin changes (the extension check rule first).
create table promo_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by text
);

-- What went wrong after a deployment succeeded (an access cache that could not be refreshed):
-- kept on the record, never failing it.
alter table promotion_log add column post_deploy_warnings jsonb not null default '[]';
