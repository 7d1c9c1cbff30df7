-- The queues and the status page read the newest records of one status (or one account and
-- status) first: these indexes return a page without sorting the whole table.
create index promotion_log_status_newest on promotion_log (status, initiated_at desc);
create index promotion_log_account_status_newest on promotion_log (dev_account_id, status, initiated_at desc);
create index promotion_log_test_deployed_newest on promotion_log (test_deployed_at desc nulls last, promotion_id) where status = 'TEST_DEPLOYED';
