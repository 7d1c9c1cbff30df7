-- A contributor can abandon their own open promotion (promoted, tested, or waiting for review) so
-- a walked-away promotion no longer holds its branch and blocks its package (issue 12): a terminal
-- status of its own, so "given up by its owner" reads differently from a rejection or a failure.
alter table promotion_log drop constraint promotion_log_status_check;
alter table promotion_log add constraint promotion_log_status_check check (status in ('IN_PROGRESS','COMPLETED',
  'FAILED','TEST_DEPLOYING','TEST_DEPLOYED','TEST_DEPLOY_FAILED','PENDING_PEER_REVIEW','PEER_APPROVED','PEER_REJECTED',
  'PENDING_ADMIN_REVIEW','ADMIN_APPROVED','ADMIN_REJECTED','DEPLOYED','TEST_CANCELLED','WITHDRAWN',
  'DEPLOYMENT_CANCELLED','ABANDONED'));
