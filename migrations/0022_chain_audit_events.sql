-- Tamper-evident audit trail (issue 16, ADR 0022): every audit event carries a hash over its
-- content and the previous event's hash, one chain per installation, in the order events commit.
--
-- The chain is sealed at commit by a deferred constraint trigger: it takes a transaction-scoped
-- advisory lock as the very last lock of the transaction (so it cannot close a deadlock cycle with
-- row locks), reads the tail, and writes the event's position, the previous hash and its own hash.
-- The lock is held only for the few statements of the commit, and it is released after the commit
-- is visible, so the next transaction reads this tail: positions are gap-free across replicas.

-- Nothing may record an event while the existing ones are chained.
lock table audit_event in exclusive mode;

alter table audit_event add column chain_seq bigint;
alter table audit_event add column prev_hash text;
alter table audit_event add column hash text;

-- What is hashed: the event as the database renders it, so it re-reads identically on PGlite and
-- PostgreSQL (jsonb renders details with sorted keys and normalised numbers; the time is written
-- out in UTC at microsecond precision, independent of the session's time zone and date style).
create function audit_event_canonical(
  seq bigint,
  id bigint,
  occurred_at timestamptz,
  actor text,
  action text,
  promotion_id uuid,
  from_status text,
  to_status text,
  details jsonb
) returns text language sql stable as $$
  select jsonb_build_array(
    seq, id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor, action, promotion_id::text, from_status, to_status, details
  )::text
$$;

create function audit_event_hash(prev_hash text, canonical text) returns text language sql immutable as $$
  select encode(sha256(convert_to(prev_hash || canonical, 'UTF8')), 'hex')
$$;

-- The one change an event may see after its insert: the chain trigger sealing it (chain columns
-- still empty, content untouched). Everything else stays refused, deletes included.
create or replace function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.chain_seq is null and old.hash is null and old.prev_hash is null
     and (new.id, new.occurred_at, new.actor, new.action, new.promotion_id, new.from_status, new.to_status, new.details)
         is not distinct from
         (old.id, old.occurred_at, old.actor, old.action, old.promotion_id, old.from_status, old.to_status, old.details)
  then
    return new;
  end if;
  raise exception 'audit_event is append-only';
end
$$;

-- Events recorded before this migration, chained in the order of their ids from a genesis of
-- 64 zeros: the same rule the trigger follows from now on.
do $$
declare
  r record;
  seq bigint := 0;
  prev text := repeat('0', 64);
  h text;
begin
  for r in select * from audit_event order by id loop
    seq := seq + 1;
    h := audit_event_hash(prev, audit_event_canonical(
      seq, r.id, r.occurred_at, r.actor, r.action, r.promotion_id, r.from_status, r.to_status, r.details));
    update audit_event set chain_seq = seq, prev_hash = prev, hash = h where id = r.id;
    prev := h;
  end loop;
end
$$;

create unique index audit_event_chain_seq on audit_event (chain_seq);
-- The verifier looks for events the chain never sealed (written with the trigger switched off).
create index audit_event_unchained on audit_event (id) where chain_seq is null;

create function audit_event_chain() returns trigger language plpgsql as $$
declare
  seq bigint;
  prev text;
begin
  -- Any constant works; it only has to be the same for every replica of Promo.
  perform pg_advisory_xact_lock(7231022);
  select e.chain_seq, e.hash into seq, prev from audit_event e where e.chain_seq is not null
    order by e.chain_seq desc limit 1;
  seq := coalesce(seq, 0) + 1;
  prev := coalesce(prev, repeat('0', 64));
  update audit_event
     set chain_seq = seq,
         prev_hash = prev,
         hash = audit_event_hash(prev, audit_event_canonical(
           seq, new.id, new.occurred_at, new.actor, new.action, new.promotion_id, new.from_status, new.to_status,
           new.details))
   where id = new.id;
  return null;
end
$$;

create constraint trigger audit_event_chain after insert on audit_event
  deferrable initially deferred
  for each row execute function audit_event_chain();
