-- The price book: US dollars per million tokens, valid from effective_from until the next row
-- for the same provider and model. No foreign key to providers: prices also cover providers
-- defined only in the config file.

create table price_book (
    id                     bigint generated always as identity primary key,
    provider_id            text not null,
    model                  text not null,
    input_per_mtok         numeric(18, 6) not null,
    output_per_mtok        numeric(18, 6) not null,
    cached_read_per_mtok   numeric(18, 6),
    cache_write_per_mtok   numeric(18, 6),
    effective_from         timestamptz not null,
    created_at             timestamptz not null default now(),
    constraint price_book_provider_length check (char_length(provider_id) between 1 and 63),
    constraint price_book_model_length check (char_length(model) between 1 and 200),
    constraint price_book_input_non_negative check (input_per_mtok >= 0),
    constraint price_book_output_non_negative check (output_per_mtok >= 0),
    constraint price_book_cached_read_non_negative check (cached_read_per_mtok is null or cached_read_per_mtok >= 0),
    constraint price_book_cache_write_non_negative check (cache_write_per_mtok is null or cache_write_per_mtok >= 0)
);

-- Serves "the latest effective_from <= T" with one index probe.
create unique index price_book_model_effective_key on price_book (provider_id, model, effective_from desc);

-- Quotas name their subject polymorphically (a key, environment, team or organization); the
-- subject tables delete their quotas by trigger below, since a foreign key cannot follow the kind.
create table quotas (
    id            uuid primary key default gen_random_uuid(),
    subject_kind  text not null,
    subject_id    uuid not null,
    metric        text not null,
    window_unit   text not null,
    limit_value   numeric(20, 6) not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint quotas_subject_kind_valid check (subject_kind in ('key', 'environment', 'team', 'org')),
    constraint quotas_metric_valid check (metric in ('requests', 'tokens', 'cost')),
    constraint quotas_window_valid check (window_unit in ('minute', 'day', 'month')),
    constraint quotas_limit_non_negative check (limit_value >= 0),
    constraint quotas_subject_metric_window_key unique (subject_kind, subject_id, metric, window_unit)
);

create function gateway_delete_subject_quotas() returns trigger
    language plpgsql
as $$
begin
    delete from quotas where subject_kind = tg_argv[0] and subject_id = old.id;
    return null;
end
$$;

create trigger organizations_delete_quotas after delete on organizations
    for each row execute function gateway_delete_subject_quotas('org');
create trigger teams_delete_quotas after delete on teams
    for each row execute function gateway_delete_subject_quotas('team');
create trigger environments_delete_quotas after delete on environments
    for each row execute function gateway_delete_subject_quotas('environment');
create trigger api_keys_delete_quotas after delete on api_keys
    for each row execute function gateway_delete_subject_quotas('key');
