-- Policy checks before review (issue 16 item 1; ADR 0018).

-- The admins' word on the rules: an override of a default shipped in code (enabled, severity), or
-- a custom XPath rule (every column). `version` guards edits made from a stale read.
create table policy_rule (
  rule_id text primary key check (char_length(rule_id) between 3 and 80),
  custom boolean not null,
  title text check (char_length(title) <= 255),
  message text check (char_length(message) <= 500),
  severity text check (severity in ('BLOCK','WARN')),
  enabled boolean,
  component_types jsonb not null default '[]',
  xpath text check (char_length(xpath) <= 1000),
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  check (not custom or (title is not null and message is not null and severity is not null
    and enabled is not null and xpath is not null))
);

-- One check of a promotion's components: at the end of the promotion, again at a production
-- submission when the rule definitions changed. `fingerprint` names the rule definitions the
-- findings were computed under; null when a component could not be checked (checked again later).
create table policy_check (
  promotion_id uuid primary key references promotion_log (promotion_id) on delete cascade,
  fingerprint text,
  stage text not null check (stage in ('PROMOTION','SUBMISSION')),
  checked_at timestamptz not null default now(),
  -- [{devComponentId, name, type, devVersion}]: what was checked, so a later check reads the same.
  components jsonb not null default '[]',
  carried_forward int not null default 0,
  unchecked jsonb not null default '[]'
);

-- Every match of every rule (disabled ones too: re-enabling a rule needs no new reading), with the
-- severity and message the rule had when it was checked. Views apply the rules as they stand now.
create table policy_finding (
  promotion_id uuid not null references policy_check (promotion_id) on delete cascade,
  seq int not null,
  dev_component_id text not null,
  component_name text not null,
  component_type text not null,
  rule_id text not null,
  severity text not null check (severity in ('BLOCK','WARN')),
  message text not null,
  detail text,
  element_path text not null,
  primary key (promotion_id, seq)
);

-- The findings of the last check of each dev component, by its dev version: a promotion that does
-- not read an unchanged component (issue 15) carries them forward under the same fingerprint.
create table policy_component_check (
  dev_account_id text not null,
  dev_component_id text not null,
  dev_version int not null,
  fingerprint text not null,
  findings jsonb not null,
  checked_at timestamptz not null default now(),
  primary key (dev_account_id, dev_component_id)
);
