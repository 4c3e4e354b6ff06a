-- Aliases and routing policies, each at one scope: global (no scope column set), an
-- organization, a team or an environment. Targets name providers by id without a foreign key:
-- providers may also come from the config file, which the database does not know.

-- True when every element is {"provider": string, "model": string[, "weight": number >= 0]}.
create function gateway_alias_targets_valid(targets jsonb) returns boolean
    language sql immutable strict parallel safe
as $$
    select jsonb_typeof(targets) = 'array'
       and jsonb_array_length(targets) > 0
       and coalesce(bool_and(
               jsonb_typeof(t) = 'object'
               and jsonb_typeof(t -> 'provider') = 'string' and char_length(t ->> 'provider') > 0
               and jsonb_typeof(t -> 'model') = 'string' and char_length(t ->> 'model') > 0
               and (t -> 'weight' is null
                    or (jsonb_typeof(t -> 'weight') = 'number' and (t ->> 'weight')::numeric >= 0))),
           false)
    from jsonb_array_elements(case when jsonb_typeof(targets) = 'array' then targets else '[]'::jsonb end) as t
$$;

create table model_aliases (
    id              uuid primary key default gen_random_uuid(),
    name            text not null,
    org_id          uuid references organizations (id) on delete cascade,
    team_id         uuid references teams (id) on delete cascade,
    environment_id  uuid references environments (id) on delete cascade,
    strategy        text not null default 'failover',
    targets         jsonb not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint model_aliases_name_format check (name ~ '^[^\s]{1,200}$'),
    constraint model_aliases_at_most_one_scope check (num_nonnulls(org_id, team_id, environment_id) <= 1),
    constraint model_aliases_strategy_valid check (strategy in ('failover', 'weighted', 'latency', 'cost', 'hybrid')),
    constraint model_aliases_targets_valid check (gateway_alias_targets_valid(targets))
);

-- An alias name is unique within its scope; one partial index per scope level, since the scope
-- columns are mutually exclusive and nulls are distinct in a plain unique index.
create unique index model_aliases_global_name_key on model_aliases (name)
    where org_id is null and team_id is null and environment_id is null;
create unique index model_aliases_org_name_key on model_aliases (org_id, name) where org_id is not null;
create unique index model_aliases_team_name_key on model_aliases (team_id, name) where team_id is not null;
create unique index model_aliases_environment_name_key on model_aliases (environment_id, name)
    where environment_id is not null;

create table routing_policies (
    id              uuid primary key default gen_random_uuid(),
    name            text not null,
    org_id          uuid references organizations (id) on delete cascade,
    team_id         uuid references teams (id) on delete cascade,
    environment_id  uuid references environments (id) on delete cascade,
    -- Higher priority is evaluated first within a scope.
    priority        integer not null default 0,
    type            text not null,
    rules           jsonb not null default '{}',
    active          boolean not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint routing_policies_name_length check (char_length(btrim(name)) between 1 and 200),
    constraint routing_policies_at_most_one_scope check (num_nonnulls(org_id, team_id, environment_id) <= 1),
    constraint routing_policies_priority_range check (priority between -1000000 and 1000000),
    constraint routing_policies_type_valid check (type in ('deterministic', 'weighted', 'latency', 'cost', 'hybrid')),
    constraint routing_policies_rules_object check (jsonb_typeof(rules) = 'object')
);

create index routing_policies_scope_priority_idx
    on routing_policies (coalesce(environment_id, team_id, org_id), priority desc) where active;
create index routing_policies_org_idx on routing_policies (org_id) where org_id is not null;
create index routing_policies_team_idx on routing_policies (team_id) where team_id is not null;
create index routing_policies_environment_idx on routing_policies (environment_id) where environment_id is not null;
