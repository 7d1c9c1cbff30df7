-- The main version an updated component had when its promotion branch was taken: the diff warns
-- a reviewer when main has moved on since, because the OVERRIDE merge would overwrite that change.
alter table promotion_component_result add column base_version int;
create index promotion_log_branch on promotion_log (branch_id) where branch_id is not null;
