-- An approved promotion whose production deployment failed can be closed by an admin instead of
-- retried (issue 11): a terminal status of its own, so "approved but never shipped" stays visible.
alter table promotion_log drop constraint promotion_log_status_check;
alter table promotion_log add constraint promotion_log_status_check check (status in ('IN_PROGRESS','COMPLETED',
  'FAILED','TEST_DEPLOYING','TEST_DEPLOYED','TEST_DEPLOY_FAILED','PENDING_PEER_REVIEW','PEER_APPROVED','PEER_REJECTED',
  'PENDING_ADMIN_REVIEW','ADMIN_APPROVED','ADMIN_REJECTED','DEPLOYED','TEST_CANCELLED','WITHDRAWN',
  'DEPLOYMENT_CANCELLED'));
