-- Who changed what: before/after images of admin writes. Callers must leave secrets out of them.

create table audit_log (
    id         bigint generated always as identity primary key,
    at         timestamptz not null default now(),
    actor      text not null,
    action     text not null,
    entity     text not null,
    entity_id  text,
    before     jsonb,
    after      jsonb,
    constraint audit_log_actor_length check (char_length(actor) between 1 and 200),
    constraint audit_log_action_format check (action ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    constraint audit_log_entity_format check (entity ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    constraint audit_log_entity_id_length check (entity_id is null or char_length(entity_id) between 1 and 200),
    constraint audit_log_has_image check (action <> 'update' or (before is not null and after is not null))
);

create index audit_log_entity_idx on audit_log (entity, entity_id, id desc);
create index audit_log_at_idx on audit_log (at);
