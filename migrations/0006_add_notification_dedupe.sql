-- A transition that may run twice (a retried job) names its email with a key, so the outbox holds
-- it once. Admins list the outbox by promotion and by status, newest first.
alter table notification_outbox add column dedupe_key text;
create unique index notification_outbox_dedupe on notification_outbox (dedupe_key) where dedupe_key is not null;
create index notification_outbox_promotion on notification_outbox (promotion_id, created_at desc);
create index notification_outbox_status on notification_outbox (status, created_at desc);
