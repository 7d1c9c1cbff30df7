-- Webhooks and chat (issue 16 item 3): endpoints admins register, and the outbox of their deliveries.

-- `secret` signs every delivery (HMAC-SHA256), so it must be readable: stored as written, never
-- returned by an action (ADR 0020). `events` holds the filter categories the endpoint wants.
create table webhook (
  webhook_id uuid primary key,
  name text not null check (char_length(name) between 1 and 255),
  url text not null check (char_length(url) <= 2000),
  format text not null check (format in ('JSON', 'SLACK', 'TEAMS')),
  events text[] not null,
  active boolean not null default true,
  secret text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now()
);

-- One row per event per endpoint, written in the transaction of the change it reports, so an
-- event exists exactly when its change committed and survives a receiver that is down.
create table webhook_delivery (
  delivery_id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references webhook (webhook_id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  event jsonb not null,
  status text not null default 'PENDING' check (status in ('PENDING', 'SENT', 'FAILED')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_http_status int,
  last_error text,
  delivered_at timestamptz,
  replay_of uuid,
  created_at timestamptz not null default now()
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_log on webhook_delivery (webhook_id, created_at desc);
