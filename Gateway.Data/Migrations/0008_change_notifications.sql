-- Replicas cache the routing catalog and key contexts; these triggers tell them to reload.
-- Statement-level, so a bulk write sends one notification; PostgreSQL also folds identical
-- notifications within a transaction into one. environments is in the list because its
-- store_bodies flag is read per request.

create function gateway_notify_catalog_changed() returns trigger
    language plpgsql
as $$
begin
    perform pg_notify('gateway_catalog_changed', tg_table_name);
    return null;
end
$$;

do $$
declare
    v_table text;
begin
    foreach v_table in array array['providers', 'provider_models', 'model_aliases', 'routing_policies',
                                   'price_book', 'api_key_bindings', 'quotas', 'environments'] loop
        execute format('create trigger %I after insert or update or delete or truncate on %I '
                       'for each statement execute function gateway_notify_catalog_changed()',
                       v_table || '_catalog_changed', v_table);
    end loop;
end
$$;

-- api_keys: not on last_used_at, which the gateway touches in batches all the time.
create trigger api_keys_catalog_changed
    after insert or delete or truncate or update of name, prefix, key_hash, expires_at, revoked_at on api_keys
    for each statement execute function gateway_notify_catalog_changed();

-- A revoked or deleted key must stop working on every replica at once: name it by hash.
create function gateway_notify_key_revoked() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('gateway_key_revoked', encode(old.key_hash, 'hex'));
    elsif new.revoked_at is not null and old.revoked_at is distinct from new.revoked_at then
        perform pg_notify('gateway_key_revoked', encode(new.key_hash, 'hex'));
    end if;
    return null;
end
$$;

create trigger api_keys_key_revoked
    after update of revoked_at or delete on api_keys
    for each row execute function gateway_notify_key_revoked();
