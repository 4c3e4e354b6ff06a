-- Requests a database key may have in flight at once on each replica (null: the gateway's default), next to the
-- binding's per-minute limits.

alter table api_key_bindings add column max_concurrent integer;
alter table api_key_bindings add constraint api_key_bindings_max_concurrent_positive check (max_concurrent is null or max_concurrent > 0);
