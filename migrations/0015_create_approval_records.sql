-- Approval policy (issue 14): the rule of each path is versioned; every change is a new row, so
-- what any past approval was judged by stays readable. No row means the built-in default.
create table approval_policy (
  version integer primary key check (version > 0),
  policy jsonb not null,
  set_by text not null,
  set_at timestamptz not null default now(),
  comment text
);

-- One row per approval a person gave. A quorum counts the rows not voided; an approval is voided
-- when what it approved changed (the branch content or the deployment request, both in the
-- fingerprint), or when main drifted under one of its components.
create table promotion_approval (
  id bigserial primary key,
  promotion_id uuid not null references promotion_log (promotion_id) on delete cascade,
  role text not null check (role in ('PEER','ADMIN')),
  approved_by text not null,
  approved_at timestamptz not null default now(),
  comments text,
  fingerprint text not null,
  policy_version integer not null,
  voided_at timestamptz,
  void_reason text
);
create index promotion_approval_by_promotion on promotion_approval (promotion_id);
-- A person approves a record once while that approval stands.
create unique index promotion_approval_once on promotion_approval (promotion_id, lower(approved_by))
  where voided_at is null;

-- Break-glass: a hotfix deployed with fewer approvals than the policy asks, and why.
alter table promotion_log add column break_glass_by text;
alter table promotion_log add column break_glass_reason text;
alter table promotion_log add column break_glass_at timestamptz;
