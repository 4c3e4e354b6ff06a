-- One provider description whichever source it comes from: a database provider gets what a config-file provider has
-- (further and regional base URLs, an active health check, a timeout) and secret settings stored encrypted like the
-- credential. `region` now means what a key's region means (destination affinity: the region of base_url); Bedrock's
-- signing region, which it used to carry, moves to the setting SigningRegion.

alter table providers
    add column base_urls text[] not null default '{}',
    add column regional_base_urls jsonb not null default '{}',
    add column health_check jsonb not null default '{}',
    add column timeout_seconds double precision,
    add column secret_setting_names text[] not null default '{}',
    add column secret_settings_ciphertext bytea,
    add column secret_settings_nonce bytea,
    add column secret_settings_tag bytea,
    add column secret_settings_key_id text;

alter table providers
    add constraint providers_base_urls_http check (
        array_position(base_urls, null) is null
        and array_to_string(base_urls, ' ') ~ '^(https?://\S+( https?://\S+)*)?$'),
    add constraint providers_regional_base_urls_object check (jsonb_typeof(regional_base_urls) = 'object'),
    add constraint providers_health_check_object check (jsonb_typeof(health_check) = 'object'),
    add constraint providers_timeout_positive check (timeout_seconds is null or timeout_seconds > 0),
    add constraint providers_secret_settings_complete check (
        (secret_settings_ciphertext is null and secret_settings_nonce is null and secret_settings_tag is null
            and secret_settings_key_id is null and cardinality(secret_setting_names) = 0)
        or (secret_settings_ciphertext is not null and octet_length(secret_settings_nonce) = 12
            and octet_length(secret_settings_tag) = 16 and char_length(secret_settings_key_id) between 1 and 64
            and cardinality(secret_setting_names) > 0));

-- Bedrock rows: the old region was the SigV4 signing region. A SigningRegion already in the settings wins; a Region
-- setting (the config file's old spelling) is renamed.
update providers
set settings = (settings - 'Region') || jsonb_build_object('SigningRegion', coalesce(settings ->> 'SigningRegion', settings ->> 'Region', region)),
    region = null
where kind = 'bedrock' and (region is not null or settings ? 'Region');
