-- Records of one dev account tend to share a status (a team that tests a lot, one that hotfixes),
-- and the planner assumes account and status are independent: it walked every account's test
-- deployments, newest first, to find the few of a contributor's account. Statistics on the pair
-- let it see that; the index serves an account that has many test deployments in order.
create statistics promotion_log_account_status_stats (mcv) on dev_account_id, status from promotion_log;
create index promotion_log_account_test_deployed_newest on promotion_log (dev_account_id, test_deployed_at desc nulls last, promotion_id) where status = 'TEST_DEPLOYED';
analyze promotion_log;
