-- The usage writer's side of the schema: what a request record carries beyond 0006, stored bodies for
-- environments that opt in, and hourly and daily rollups that the writer maintains in the same
-- transaction as the rows it inserts (so a record is counted once, however often it is delivered).

-- Config-file keys have names, not uuids; database keys keep key_id.
alter table requests add column config_key_id text;
alter table requests add column provider_response_id text;
alter table requests add column finish_reason text;
alter table requests add constraint requests_config_key_length check (config_key_id is null or char_length(config_key_id) between 1 and 200);

-- Analytics scan requests by time range (latency percentiles) without a key or tenant to narrow them.
-- BRIN: rows arrive in time order, so a block-range index is tiny and costs the writer almost nothing.
create index requests_created_brin on requests using brin (created_at);

-- Which attempt of its request a metering event bills (a request fails over at most a few times).
alter table usage_events add column attempt smallint not null default 1;

-- Bodies, only for environments with store_bodies, cut at the gateway's size cap (the flags say
-- when). Text, not jsonb: a cut body is not valid JSON, and a stream is stored as its SSE text.
-- Partitioned like requests, so old months go with them.
create table request_bodies (
    request_id          text not null,
    created_at          timestamptz not null,
    request_body        text,
    response_body       text,
    request_truncated   boolean not null default false,
    response_truncated  boolean not null default false,
    primary key (request_id, created_at)
) partition by range (created_at);

create table request_bodies_default partition of request_bodies default;

-- Rollups: one row per bucket and dimension combination. Dimensions are text and never null ('' for
-- none) so the primary key can be the upsert target on every supported PostgreSQL version. key_ref
-- names the key as the gateway does: a database key's uuid, or 'config:' and a config-file key's name.
create table usage_rollup_hourly (
    bucket              timestamptz not null,
    key_ref             text not null,
    org_id              text not null,
    team_id             text not null,
    environment_id      text not null,
    requested_model     text not null,
    provider_id         text not null,
    served_model        text not null,
    requests            bigint not null default 0,
    errors              bigint not null default 0,
    streamed            bigint not null default 0,
    estimated           bigint not null default 0,
    prompt_tokens       bigint not null default 0,
    completion_tokens   bigint not null default 0,
    cached_read_tokens  bigint not null default 0,
    cache_write_tokens  bigint not null default 0,
    reasoning_tokens    bigint not null default 0,
    cost                numeric(24, 10) not null default 0,
    latency_ms_sum      bigint not null default 0,
    primary key (bucket, key_ref, org_id, team_id, environment_id, requested_model, provider_id, served_model)
);

create table usage_rollup_daily (
    bucket              timestamptz not null,
    key_ref             text not null,
    org_id              text not null,
    team_id             text not null,
    environment_id      text not null,
    requested_model     text not null,
    provider_id         text not null,
    served_model        text not null,
    requests            bigint not null default 0,
    errors              bigint not null default 0,
    streamed            bigint not null default 0,
    estimated           bigint not null default 0,
    prompt_tokens       bigint not null default 0,
    completion_tokens   bigint not null default 0,
    cached_read_tokens  bigint not null default 0,
    cache_write_tokens  bigint not null default 0,
    reasoning_tokens    bigint not null default 0,
    cost                numeric(24, 10) not null default 0,
    latency_ms_sum      bigint not null default 0,
    primary key (bucket, key_ref, org_id, team_id, environment_id, requested_model, provider_id, served_model)
);

-- A key's own totals (GET /api/v1/key) read the daily rollup by key.
create index usage_rollup_daily_key_idx on usage_rollup_daily (key_ref, bucket);

-- ensure_month_partitions now also partitions request_bodies.
create or replace function ensure_month_partitions(p_from date, p_months integer) returns integer
    language plpgsql
as $$
declare
    v_first   timestamp := date_trunc('month', p_from::timestamp);
    v_start   timestamptz;
    v_end     timestamptz;
    v_parent  text;
    v_table   text;
    v_created integer := 0;
begin
    if p_from is null or p_months is null or p_months < 1 or p_months > 120 then
        raise exception 'ensure_month_partitions: months must be between 1 and 120 (got %), from must be set', p_months;
    end if;
    -- Replicas start together: serialize so two "create if missing" do not collide.
    perform pg_advisory_xact_lock(hashtext('gateway.ensure_month_partitions'));
    for i in 0 .. p_months - 1 loop
        v_start := (v_first + make_interval(months => i)) at time zone 'UTC';
        v_end := (v_first + make_interval(months => i + 1)) at time zone 'UTC';
        foreach v_parent in array array['requests', 'usage_events', 'request_bodies'] loop
            v_table := v_parent || to_char(v_first + make_interval(months => i), '"_y"YYYY"m"MM');
            if to_regclass(v_table) is null then
                execute format('create table %I partition of %I for values from (%L) to (%L)',
                               v_table, v_parent, v_start, v_end);
                v_created := v_created + 1;
            end if;
        end loop;
    end loop;
    return v_created;
end
$$;

select ensure_month_partitions((now() at time zone 'UTC')::date, 2);
