-- Usage: one row per request (what the client asked, what served it, what it cost) and one
-- metering event per billed upstream call. Both are partitioned by month on created_at so old
-- months can be detached or dropped whole. No foreign keys: usage history outlives deleted
-- keys and tenants, and the write path (batched COPY) must not wait on lookups.

create table requests (
    id                   text not null,
    created_at           timestamptz not null default now(),
    key_id               uuid,
    org_id               uuid,
    team_id              uuid,
    environment_id       uuid,
    requested_model      text not null,
    provider_id          text,
    served_model         text,
    -- The HTTP status the client received.
    status               smallint not null,
    error_code           text,
    prompt_tokens        integer not null default 0,
    completion_tokens    integer not null default 0,
    cached_read_tokens   integer not null default 0,
    cache_write_tokens   integer not null default 0,
    reasoning_tokens     integer not null default 0,
    -- US dollars, from the price book at request time.
    cost                 numeric(20, 10) not null default 0,
    latency_ms           integer not null,
    upstream_latency_ms  integer,
    ttft_ms              integer,
    stream               boolean not null default false,
    -- True when the provider reported no usage and the gateway counted tokens itself.
    estimated            boolean not null default false,
    client_ip            inet,
    user_agent           text,
    routing_decision     jsonb,
    attempts             jsonb not null default '[]',
    primary key (id, created_at),
    constraint requests_id_length check (char_length(id) between 1 and 128),
    constraint requests_status_http check (status between 100 and 599),
    constraint requests_tokens_non_negative check (
        prompt_tokens >= 0 and completion_tokens >= 0 and cached_read_tokens >= 0
        and cache_write_tokens >= 0 and reasoning_tokens >= 0),
    constraint requests_cost_non_negative check (cost >= 0),
    constraint requests_latencies_non_negative check (
        latency_ms >= 0 and (upstream_latency_ms is null or upstream_latency_ms >= 0)
        and (ttft_ms is null or ttft_ms >= 0)),
    constraint requests_attempts_array check (jsonb_typeof(attempts) = 'array')
) partition by range (created_at);

create index requests_key_created_idx on requests (key_id, created_at desc);
create index requests_org_created_idx on requests (org_id, created_at desc);
create index requests_team_created_idx on requests (team_id, created_at desc);
create index requests_environment_created_idx on requests (environment_id, created_at desc);

-- A sequence, not an identity column: identity columns on partitioned tables need PostgreSQL 17.
create sequence usage_events_id_seq as bigint;

create table usage_events (
    id                  bigint not null default nextval('usage_events_id_seq'),
    created_at          timestamptz not null default now(),
    request_id          text not null,
    key_id              uuid,
    org_id              uuid,
    team_id             uuid,
    environment_id      uuid,
    provider_id         text not null,
    model               text not null,
    prompt_tokens       integer not null default 0,
    completion_tokens   integer not null default 0,
    cached_read_tokens  integer not null default 0,
    cache_write_tokens  integer not null default 0,
    reasoning_tokens    integer not null default 0,
    cost                numeric(20, 10) not null default 0,
    estimated           boolean not null default false,
    primary key (id, created_at),
    constraint usage_events_tokens_non_negative check (
        prompt_tokens >= 0 and completion_tokens >= 0 and cached_read_tokens >= 0
        and cache_write_tokens >= 0 and reasoning_tokens >= 0),
    constraint usage_events_cost_non_negative check (cost >= 0)
) partition by range (created_at);

alter sequence usage_events_id_seq owned by usage_events.id;

create index usage_events_request_idx on usage_events (request_id);
create index usage_events_key_created_idx on usage_events (key_id, created_at);
create index usage_events_org_created_idx on usage_events (org_id, created_at);

-- Rows outside every monthly partition land here instead of failing the write.
create table requests_default partition of requests default;
create table usage_events_default partition of usage_events default;

-- Creates the monthly partitions of requests and usage_events for p_months months starting
-- with the month of p_from (UTC), skipping those that exist; returns how many it created.
-- Call it ahead of time (start-up, daily): a month whose rows already sit in the default
-- partition cannot get its own partition until they are moved.
create function ensure_month_partitions(p_from date, p_months integer) returns integer
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
        foreach v_parent in array array['requests', 'usage_events'] loop
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
