-- Quota counters: how much of each limit's window the replicas together have taken. Replicas do not write
-- here per request: each leases a slice of the remaining allowance (gateway_quota_lease), serves requests from
-- it in memory, and comes back for another slice before it runs out. "used" is therefore what was leased out
-- (plus overspend charged after the fact), not what was consumed: it never exceeds limit_value through leases.
--
-- subject_id is text, not uuid: config-file keys are limited too, by their config id, and they are the same
-- key on every replica. Rows are keyed by window start, so a new window starts at 0 without a reset job;
-- ended windows are deleted by the gateway after a retention period.

create table quota_counters (
    subject_kind  text not null,
    subject_id    text not null,
    metric        text not null,
    window_unit   text not null,
    window_start  timestamptz not null,
    window_end    timestamptz not null,
    used          numeric(20, 6) not null default 0,
    updated_at    timestamptz not null default now(),
    constraint quota_counters_pkey primary key (subject_kind, subject_id, metric, window_unit, window_start),
    constraint quota_counters_subject_kind_valid check (subject_kind in ('key', 'environment', 'team', 'org')),
    constraint quota_counters_subject_id_length check (char_length(subject_id) between 1 and 200),
    constraint quota_counters_metric_valid check (metric in ('requests', 'tokens', 'cost')),
    constraint quota_counters_window_valid check (window_unit in ('minute', 'day', 'month')),
    constraint quota_counters_window_order check (window_end > window_start),
    constraint quota_counters_used_non_negative check (used >= 0)
);

create index quota_counters_window_end_idx on quota_counters (window_end);

-- Charges p_charge unconditionally (usage already spent beyond what the replica held: it happened, so it counts,
-- even past the limit), then grants up to p_amount of what is left under p_limit. The row lock serializes
-- replicas leasing from one window; the grant never makes used exceed p_limit. Returns the grant and the
-- window's total afterwards. The limit comes from the caller, so a limit changed by an admin applies at once
-- to the rest of the window.
create function gateway_quota_lease(
    p_subject_kind text, p_subject_id text, p_metric text, p_window_unit text,
    p_window_start timestamptz, p_window_end timestamptz,
    p_limit numeric, p_charge numeric, p_amount numeric)
    returns table (lease_granted numeric, lease_used numeric)
    language plpgsql
as $$
declare
    v_used  numeric;
    v_grant numeric;
begin
    insert into quota_counters as c (subject_kind, subject_id, metric, window_unit, window_start, window_end, used)
    values (p_subject_kind, p_subject_id, p_metric, p_window_unit, p_window_start, p_window_end, 0)
    on conflict on constraint quota_counters_pkey do nothing;

    select c.used into v_used from quota_counters c
    where c.subject_kind = p_subject_kind and c.subject_id = p_subject_id and c.metric = p_metric
      and c.window_unit = p_window_unit and c.window_start = p_window_start
    for update;

    v_used := v_used + greatest(p_charge, 0);
    v_grant := greatest(least(p_amount, p_limit - v_used), 0);
    v_used := v_used + v_grant;

    update quota_counters c set used = v_used, updated_at = now()
    where c.subject_kind = p_subject_kind and c.subject_id = p_subject_id and c.metric = p_metric
      and c.window_unit = p_window_unit and c.window_start = p_window_start;

    return query select v_grant, v_used;
end
$$;

-- Gives back a slice a replica will not use (at shutdown), so other replicas can lease it in the same window.
create function gateway_quota_release(
    p_subject_kind text, p_subject_id text, p_metric text, p_window_unit text,
    p_window_start timestamptz, p_amount numeric)
    returns void
    language sql
as $$
    update quota_counters c set used = greatest(c.used - greatest(p_amount, 0), 0), updated_at = now()
    where c.subject_kind = p_subject_kind and c.subject_id = p_subject_id and c.metric = p_metric
      and c.window_unit = p_window_unit and c.window_start = p_window_start;
$$;
