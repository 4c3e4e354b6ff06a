-- Tenancy hardening: direct provider/model addressing becomes a permission, a tenant's provider may reach only
-- public addresses, the audit log records the caller's address, and key caches hear about every change to what a
-- key may do (not only revocation).

-- A database key may address provider/model directly only where its binding allows it.
alter table api_key_bindings add column allow_direct_models boolean not null default false;

-- A provider may be addressed as provider/model at all (the per-provider side of the same permission).
alter table providers add column allow_direct_models boolean not null default true;

-- Set when a scoped (tenant) admin chose the provider's base URL: the gateway then connects only to public
-- addresses (or to the operator's allow-list). Providers a tenant admin wrote before this migration are marked
-- from the audit log, which names the actor of every create and update.
alter table providers add column restricted_egress boolean not null default false;
update providers p set restricted_egress = true
where exists (select 1 from audit_log a
              where a.entity = 'provider' and a.entity_id = p.id and a.action in ('create', 'update') and a.actor like 'key:%');

-- Where the admin request came from (the client's address as the gateway saw it).
alter table audit_log add column client_ip inet;

-- "Something about this key changed: drop it from your cache", by hash, on its own channel so it is not read as a
-- revocation. Bindings carry the key's scope, allowed models, limits and admin flag.
create function gateway_notify_binding_changed() returns trigger
    language plpgsql
as $$
declare
    v_hash bytea;
begin
    if tg_op in ('UPDATE', 'DELETE') then
        select key_hash into v_hash from api_keys where id = old.key_id;
        if v_hash is not null then
            perform pg_notify('gateway_key_changed', encode(v_hash, 'hex'));
        end if;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        select key_hash into v_hash from api_keys where id = new.key_id;
        if v_hash is not null then
            perform pg_notify('gateway_key_changed', encode(v_hash, 'hex'));
        end if;
    end if;
    return null;
end
$$;

create trigger api_key_bindings_key_changed
    after insert or update or delete on api_key_bindings
    for each row execute function gateway_notify_binding_changed();

-- An environment's store_bodies is part of every key bound to it.
create function gateway_notify_environment_keys_changed() returns trigger
    language plpgsql
as $$
begin
    perform pg_notify('gateway_key_changed', encode(k.key_hash, 'hex'))
    from api_key_bindings b join api_keys k on k.id = b.key_id
    where b.environment_id = new.id;
    return null;
end
$$;

create trigger environments_store_bodies_changed
    after update of store_bodies on environments
    for each row when (old.store_bodies is distinct from new.store_bodies)
    execute function gateway_notify_environment_keys_changed();

-- Deleting an organization, team or environment revokes every key bound in it (at it or below), before the cascade
-- removes the bindings: a key must never outlive its tenant as a key without a scope. The revocation notifies
-- every replica through api_keys_key_revoked.
create function gateway_revoke_container_keys() returns trigger
    language plpgsql
as $$
begin
    update api_keys k set revoked_at = now()
    where k.revoked_at is null
      and exists (
          select 1 from api_key_bindings b
          left join teams t on t.id = b.team_id
          left join environments e on e.id = b.environment_id
          left join teams et on et.id = e.team_id
          where b.key_id = k.id
            and case tg_argv[0]
                    when 'org' then coalesce(b.org_id, t.org_id, et.org_id) = old.id
                    when 'team' then coalesce(b.team_id, e.team_id) = old.id
                    else b.environment_id = old.id
                end);
    return old;
end
$$;

create trigger organizations_revoke_keys before delete on organizations
    for each row execute function gateway_revoke_container_keys('org');
create trigger teams_revoke_keys before delete on teams
    for each row execute function gateway_revoke_container_keys('team');
create trigger environments_revoke_keys before delete on environments
    for each row execute function gateway_revoke_container_keys('environment');
