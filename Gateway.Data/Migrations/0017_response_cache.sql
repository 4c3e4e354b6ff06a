-- The exact-match response cache (issue 15 §3).

-- An alias opts in with a time to live; sampling requests (temperature above 0 or unset) are cached only when it says so.
alter table model_aliases
    add column cache_ttl_seconds integer,
    add column cache_non_deterministic boolean not null default false,
    add constraint model_aliases_cache_ttl_valid check (cache_ttl_seconds is null or cache_ttl_seconds between 1 and 2592000);

-- The tier replicas share. Unlogged: no WAL for a cache, and a crash that empties it loses nothing that matters.
-- The key is the SHA-256 of the caller's tenant scope and the normalised request; entry is the answer and what made it.
-- Rows past expires_at are never read, and are deleted by a periodic sweep (any replica).
create unlogged table response_cache (
    key bytea primary key check (octet_length(key) = 32),
    entry bytea not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index response_cache_expires_at on response_cache (expires_at);

-- A request answered from the cache: no provider cost (its cost and tokens are 0) and the cost the answer first had.
alter table requests
    add column cache_hit boolean not null default false,
    add column cost_saved numeric(20, 10) not null default 0,
    add constraint requests_cost_saved_non_negative check (cost_saved >= 0);
