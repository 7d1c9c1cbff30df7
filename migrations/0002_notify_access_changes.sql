-- Replicas cache the (small, rarely changed) DevAccountAccess table; any change to it, by Promo
-- or by hand, tells every replica to drop its copy. NOTIFY is delivered only on commit.
create function notify_dev_account_access_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('promo_dev_account_access', '');
  return null;
end
$$;
create trigger dev_account_access_changed after insert or update or delete or truncate on dev_account_access
  for each statement execute function notify_dev_account_access_changed();
