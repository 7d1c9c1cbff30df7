-- What a promotion needs to know a component did not change (issue 15): the dev version Promo
-- last promoted and a hash of the content it wrote from it. With the production version already
-- recorded (prod_latest_version), a re-promotion skips a component whose dev version and main
-- version both still match. Null means "not known": the component is read and compared.
alter table component_mapping add column dev_version int, add column content_hash text;
alter table pending_component_mapping add column dev_version int, add column content_hash text;

-- Why a component came out as it did (skipped unchanged, production changed outside Promo...).
alter table promotion_component_result add column reason text;
