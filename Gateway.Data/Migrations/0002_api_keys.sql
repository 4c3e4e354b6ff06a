-- API keys: only a display prefix and the SHA-256 of the secret are stored, never the secret.

create table api_keys (
    id            uuid primary key default gen_random_uuid(),
    name          text not null,
    prefix        text not null,
    key_hash      bytea not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    constraint api_keys_name_length check (char_length(btrim(name)) between 1 and 200),
    constraint api_keys_prefix_length check (char_length(prefix) between 4 and 16),
    constraint api_keys_key_hash_sha256 check (octet_length(key_hash) = 32),
    constraint api_keys_expiry_after_creation check (expires_at is null or expires_at > created_at)
);

create unique index api_keys_key_hash_key on api_keys (key_hash);
create index api_keys_prefix_idx on api_keys (prefix);

-- A binding grants a key access within exactly one scope, with its own model list and limits.
create table api_key_bindings (
    id              uuid primary key default gen_random_uuid(),
    key_id          uuid not null references api_keys (id) on delete cascade,
    org_id          uuid references organizations (id) on delete cascade,
    team_id         uuid references teams (id) on delete cascade,
    environment_id  uuid references environments (id) on delete cascade,
    -- Empty means every model the scope can reach.
    allowed_models  text[] not null default '{}',
    rpm_limit       integer,
    tpm_limit       bigint,
    is_admin        boolean not null default false,
    created_at      timestamptz not null default now(),
    constraint api_key_bindings_exactly_one_scope check (num_nonnulls(org_id, team_id, environment_id) = 1),
    constraint api_key_bindings_models_not_null check (array_position(allowed_models, null) is null),
    constraint api_key_bindings_rpm_positive check (rpm_limit is null or rpm_limit > 0),
    constraint api_key_bindings_tpm_positive check (tpm_limit is null or tpm_limit > 0)
);

create index api_key_bindings_key_idx on api_key_bindings (key_id);
create index api_key_bindings_org_idx on api_key_bindings (org_id) where org_id is not null;
create index api_key_bindings_team_idx on api_key_bindings (team_id) where team_id is not null;
create index api_key_bindings_environment_idx on api_key_bindings (environment_id) where environment_id is not null;
-- One binding per key and scope; the three scope columns are mutually exclusive.
create unique index api_key_bindings_key_scope_key
    on api_key_bindings (key_id, coalesce(environment_id, team_id, org_id));
