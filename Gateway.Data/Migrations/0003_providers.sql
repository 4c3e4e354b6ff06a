-- Providers (one per upstream account) and the models each serves. Credentials are AES-GCM
-- ciphertext produced by the gateway; the master key never reaches the database.

create table providers (
    id                     text primary key,
    kind                   text not null,
    base_url               text not null,
    region                 text,
    -- Null scope columns mean a global provider; at most one is set.
    org_id                 uuid references organizations (id) on delete cascade,
    team_id                uuid references teams (id) on delete cascade,
    environment_id         uuid references environments (id) on delete cascade,
    settings               jsonb not null default '{}',
    credential_ciphertext  bytea,
    credential_nonce       bytea,
    credential_tag         bytea,
    credential_key_id      text,
    enabled                boolean not null default true,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    constraint providers_id_format check (id ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    constraint providers_kind_format check (kind ~ '^[a-z][a-z0-9_-]{0,31}$'),
    constraint providers_base_url_http check (base_url ~ '^https?://[^\s]+$'),
    constraint providers_region_length check (region is null or char_length(region) between 1 and 64),
    constraint providers_at_most_one_scope check (num_nonnulls(org_id, team_id, environment_id) <= 1),
    constraint providers_settings_object check (jsonb_typeof(settings) = 'object'),
    -- A credential is all four columns or none; the sizes are AES-GCM's nonce and tag.
    constraint providers_credential_complete check (
        (credential_ciphertext is null and credential_nonce is null and credential_tag is null and credential_key_id is null)
        or (credential_ciphertext is not null and octet_length(credential_nonce) = 12
            and octet_length(credential_tag) = 16 and char_length(credential_key_id) between 1 and 64))
);

create index providers_org_idx on providers (org_id) where org_id is not null;
create index providers_team_idx on providers (team_id) where team_id is not null;
create index providers_environment_idx on providers (environment_id) where environment_id is not null;

create table provider_models (
    provider_id        text not null references providers (id) on delete cascade,
    model              text not null,
    capabilities       text[] not null default '{}',
    context_window     integer,
    max_output_tokens  integer,
    -- How OpenAI request parameters map onto this model's (renames, drops, fixed values).
    parameter_mapping  jsonb not null default '{}',
    enabled            boolean not null default true,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (provider_id, model),
    constraint provider_models_model_length check (char_length(model) between 1 and 200),
    constraint provider_models_capabilities_format check (
        array_position(capabilities, null) is null
        and array_to_string(capabilities, ',') ~ '^([a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*)?$'),
    constraint provider_models_context_window_positive check (context_window is null or context_window > 0),
    constraint provider_models_max_output_positive check (max_output_tokens is null or max_output_tokens > 0),
    constraint provider_models_max_output_fits check (
        context_window is null or max_output_tokens is null or max_output_tokens <= context_window),
    constraint provider_models_parameter_mapping_object check (jsonb_typeof(parameter_mapping) = 'object')
);
