#!/usr/bin/env bash
# The gateway's speed benchmark, in one go (see bench/README.md): builds Release, starts two fake upstreams, the
# gateway in its shipped configuration (config/gateway.json with only providers, models and keys replaced: its log
# level, quotas, token counting and the rest as shipped) and a bare YARP proxy, and measures "direct to the fake
# upstream", "through bare YARP" (the floor any YARP-based proxy pays), "through the floor" (bare YARP plus the least
# an LLM gateway does: BareProxy --FloorKey, at 32 connections only) and "through the gateway" with the request of
# bench/fixtures/chat-request.json (the four-message chat of issue 16).
#
#   bench/run.sh [--repeat N] [--seconds S] [--parts "warm cold database"] [--wait-quiet] [--profile]
#
# Parts:
#   warm      per scenario and path, BENCH_WARMUP (25) s of the same load, then BENCH_SECONDS (10) s measured:
#             32 connections plain and streamed, 200 req/s open loop, stream time to first byte (and 1 connection
#             with BENCH_ONE_CONNECTION=1); peak RSS (VmHWM) of each proxy after the part.
#   cold      BENCH_COLD_STARTS (3) fresh starts of each proxy per kind (plain, streamed): load at 32 connections from
#             the moment /readyz (bare YARP: /healthz) answers, requests per second over the first 10 s, then
#             BENCH_WARMUP s of load and 10 s more: the warm rate the cold one is compared with.
#   database  a local PostgreSQL (scripts/postgres-local.sh, port BENCH_PG_PORT 25493, pinned with the load) and two
#             gateways on it, usage recording on (StoreInDatabase) and off, BENCH_DB_PAIRS (10) alternating pairs
#             at 32 connections; the median of the on/off ratios. Each of the two gateways is held to
#             BENCH_DB_GATEWAY_SHARE (0.5) of its core by a cgroup CPU quota: on two cores PostgreSQL shares the load
#             core with wrk and the fake upstream, and uncapped the load core, not the gateway, set the pace whenever
#             recording was on (the "core use" columns show which side was the bottleneck). 1 runs them uncapped.
#
# --profile measures nothing: after a warm-up it samples bare YARP, the floor and the gateway with perf under 32-connection
# load (plain and streamed) and splits their CPU per request into components (bench/profile-components.tsv); with
# --parts database, the two database gateways (recording on and off, capped as below), plain.
#
# Environment overrides: BENCH_SECONDS (10), BENCH_WARMUP (25), BENCH_REPEAT (1), BENCH_PARTS ("warm cold database"),
# BENCH_CHUNKS (20 content chunks per stream), BENCH_PACE_MS (5: pause between events for the time-to-first-byte
# run), BENCH_RATE (200), BENCH_TTFB_RATE (50), BENCH_COLD_STARTS (3), BENCH_DB_PAIRS (10), BENCH_ONE_CONNECTION (0),
# BENCH_DB_GATEWAY_SHARE (0.5), BENCH_GATEWAY_CORE (1), BENCH_LOAD_CORE (0), BENCH_PORT_BASE (28180: eight ports from there), BENCH_PG_PORT (25493),
# BENCH_GATEWAY_ENV (extra environment for the gateway processes only, e.g. "DOTNET_TieredPGO=0"),
# BENCH_GATEWAY_DLL (measure another build of the gateway, e.g. a ReadyToRun publish), BENCH_BUILD (1; 0 measures the
# builds already there), BENCH_QUIET_LOAD (1.5) and BENCH_QUIET_WAIT (7200 s) for --wait-quiet.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP:-25}"
REPEAT="${BENCH_REPEAT:-1}"
PARTS="${BENCH_PARTS:-warm cold database}"
CHUNKS="${BENCH_CHUNKS:-20}"
PACE_MS="${BENCH_PACE_MS:-5}"
RATE="${BENCH_RATE:-200}"
TTFB_RATE="${BENCH_TTFB_RATE:-50}"
COLD_STARTS="${BENCH_COLD_STARTS:-3}"
DB_PAIRS="${BENCH_DB_PAIRS:-10}"
DB_GATEWAY_SHARE="${BENCH_DB_GATEWAY_SHARE:-0.5}"
ONE_CONNECTION="${BENCH_ONE_CONNECTION:-0}"
GATEWAY_CORE="${BENCH_GATEWAY_CORE:-1}"
LOAD_CORE="${BENCH_LOAD_CORE:-0}"
PORT_BASE="${BENCH_PORT_BASE:-28180}"
PG_PORT="${BENCH_PG_PORT:-25493}"
WAIT_QUIET=0
PROFILE=0
QUIET_LOAD="${BENCH_QUIET_LOAD:-1.5}"
QUIET_WAIT_SECONDS="${BENCH_QUIET_WAIT:-7200}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --parts) PARTS="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET=1; shift ;;
    --profile) PROFILE=1; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
has_part() { [[ " $PARTS " == *" $1 "* ]]; }

BENCH_SCRIPT=run.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"
PACED_PORT="$((PORT_BASE + 2))"
BARE_PORT="$((PORT_BASE + 3))"
DB_ON_PORT="$((PORT_BASE + 4))"
DB_OFF_PORT="$((PORT_BASE + 5))"
FLOOR_PORT="$((PORT_BASE + 6))"
DIRECT_URL="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"
DIRECT_PACED_URL="http://127.0.0.1:$PACED_PORT/v1/chat/completions"

require_tools
[[ $PROFILE -eq 0 ]] || require_tools perf
require_free_ports "$GATEWAY_PORT" "$UPSTREAM_PORT" "$PACED_PORT" "$BARE_PORT" "$DB_ON_PORT" "$DB_OFF_PORT" "$FLOOR_PORT"

init_results "$(date +%Y%m%d-%H%M%S)"
PG_STARTED=0
CGROUPS=()
on_cleanup() {
  local group
  for group in "${CGROUPS[@]}"; do rmdir "$group" 2>/dev/null || true; done
  if [[ $PG_STARTED -eq 1 ]]; then GATEWAY_PG_PORT="$PG_PORT" "$ROOT/scripts/postgres-local.sh" stop >/dev/null 2>&1 || true; fi
}

if [[ $WAIT_QUIET -eq 1 ]]; then
  # Other work on the machine skews every number: wait (BENCH_QUIET_WAIT seconds at most) until the 1-minute load
  # average has stayed below BENCH_QUIET_LOAD for three minutes.
  quiet=0
  for _ in $(seq 1 $((QUIET_WAIT_SECONDS / 10))); do
    if awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l < q) }'; then quiet=$((quiet + 1)); else quiet=0; fi
    (( quiet < 18 )) || break
    (( quiet > 0 )) || log "waiting for a quiet machine (load $(load1))"
    sleep 10
  done
fi

build_release Gateway.Proxy bench/FakeUpstream bench/BareProxy bench/Gateway.Bench

# The shipped config with the bench's providers, models and key (see BenchConfigMaker).
bench_tool make-config --shipped "$ROOT/config/gateway.json" --upstream "http://127.0.0.1:$UPSTREAM_PORT" \
  --paced-upstream "http://127.0.0.1:$PACED_PORT" --key-hash "$KEY_HASH" --out "$WORK/gateway.json"
cp "$WORK/gateway.json" "$OUT/gateway.json"

# The issue's four-message request; the stream asks for the usage chunk so every path sends the same events.
FIXTURE="$ROOT/bench/fixtures/chat-request.json"
bench_tool make-body --fixture "$FIXTURE" --model gpt-4o-mini --out "$WORK/nonstream.json"
bench_tool make-body --fixture "$FIXTURE" --model gpt-4o-mini --stream true --out "$WORK/stream.json"
bench_tool make-body --fixture "$FIXTURE" --model gpt-4o-mini-paced --stream true --out "$WORK/paced.json"

write_post_lua "$WORK/post.lua"

# The same, counting answers per second since the load started (cold start). Defining response() costs wrk some CPU
# per answer, so the warm rate a cold one is compared with is measured with this script too.
write_request_lua "$WORK/persecond.lua"
cat >>"$WORK/persecond.lua" <<'EOF'

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9 end

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args) started = now(); counts = {}; bad = 0 end

function response(status, headers, body)
  local second = math.floor(now() - started) + 1
  counts[second] = (counts[second] or 0) + 1
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local per = {}
  local total = {}
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("counts")) do total[second] = (total[second] or 0) + count end
  end
  for second = 1, math.floor(seconds + 0.5) do per[#per + 1] = tostring(total[second] or 0) end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d per_second=%s\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, table.concat(per, ",")))
end
EOF


# Profiling needs JIT symbols (perf map) and JIT code perf can see: the W^X double mapping hides it.
PROXY_ENV=()
[[ $PROFILE -eq 0 ]] || PROXY_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)

start_gateway() { # name port [extra environment...]: the gateway, shipped config, Production, on the gateway core
  local name="$1" port="$2"; shift 2
  # shellcheck disable=SC2086
  ASPNETCORE_ENVIRONMENT=Production start "$name" "$GATEWAY_CORE" env "${PROXY_ENV[@]}" "$@" ${BENCH_GATEWAY_ENV:-} \
    dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$port"
}
start_bare() {
  start bare "$GATEWAY_CORE" env "${PROXY_ENV[@]}" dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT" \
    --Upstream "http://127.0.0.1:$UPSTREAM_PORT" --PacedUpstream "http://127.0.0.1:$PACED_PORT"
}
start_floor() {
  # Its middleware is new code: with the default 100 ms call-counting delay, which every newly called method restarts,
  # it stayed at tier 0 through 35 s of load on one busy core (0.18 ms a request, then 0.11 once tiered up). The
  # gateway ships with the delay off; so does the floor.
  start floor "$GATEWAY_CORE" env "${PROXY_ENV[@]}" DOTNET_TC_CallCountingDelayMs=0 dotnet "$BARE_DLL" --urls "http://127.0.0.1:$FLOOR_PORT" \
    --Upstream "http://127.0.0.1:$UPSTREAM_PORT" --FloorKey "$BENCH_KEY"
}

check_gateway() { # port
  check "http://127.0.0.1:$1/v1/chat/completions" "$WORK/nonstream.json" '"provider":"fake"'
  check "http://127.0.0.1:$1/v1/chat/completions" "$WORK/stream.json" 'data: [DONE]'
  check "http://127.0.0.1:$1/v1/chat/completions" "$WORK/paced.json" '"provider":"fake-paced"'
}
check_bare() {
  check "http://127.0.0.1:$BARE_PORT/v1/chat/completions" "$WORK/nonstream.json" '"chat.completion"'
  check "http://127.0.0.1:$BARE_PORT/paced/v1/chat/completions" "$WORK/paced.json" 'data: [DONE]'
}
check_floor() {
  check "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" "$WORK/nonstream.json" '"chat.completion"'
}


settle() { # waits until every server has been idle (at most 2 clock ticks a second) for 2 seconds in a row
  local quiet=0 waited=0 busy i
  local -a before
  while (( waited < 120 )); do
    before=(); for pid in "${PIDS[@]}"; do before+=("$(cpu_ticks "$pid")"); done
    sleep 1; waited=$((waited + 1)); busy=0; i=0
    for pid in "${PIDS[@]}"; do
      (( $(cpu_ticks "$pid") - before[i] > 2 )) && busy=1
      i=$((i + 1))
    done
    if (( busy )); then quiet=0; else quiet=$((quiet + 1)); (( quiet < 2 )) || return 0; fi
  done
  log "warning: the servers were still busy after 120 s of settling"
}

log "starting fake upstreams (core $LOAD_CORE)"
start upstream "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" --StreamChunks "$CHUNKS"
start upstream-paced "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$PACED_PORT" --StreamChunks "$CHUNKS" --ChunkDelayMs "$PACE_MS"
wait_healthy upstream "$upstream_PID" "http://127.0.0.1:$UPSTREAM_PORT/healthz"
wait_healthy upstream-paced "$upstream_paced_PID" "http://127.0.0.1:$PACED_PORT/healthz"
# The upstreams serve every path alike: warm them before anything is timed.
wrk_run 32 5 "$WORK/nonstream.json" "$DIRECT_URL" >"$RAW/warmup-upstream.txt" 2>&1
wrk_run 32 5 "$WORK/stream.json" "$DIRECT_URL" >>"$RAW/warmup-upstream.txt" 2>&1
wrk_run 8 5 "$WORK/paced.json" "$DIRECT_PACED_URL" >>"$RAW/warmup-upstream.txt" 2>&1

{
  echo "date: $(date -Is)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc --all)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "dotnet: $(dotnet --version), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "gateway: $GATEWAY_DLL"
  echo "gateway extra environment: ${BENCH_GATEWAY_ENV:-none}"
  echo "settings: parts='$PARTS' seconds=$SECONDS_PER_RUN warmup=$WARMUP_SECONDS repeat=$REPEAT chunks=$CHUNKS pace_ms=$PACE_MS rate=$RATE ttfb_rate=$TTFB_RATE cold_starts=$COLD_STARTS db_pairs=$DB_PAIRS db_gateway_share=$DB_GATEWAY_SHARE"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.txt"

proxy_pid() {
  case "$1" in
    gateway) echo "$gateway_PID" ;; yarp-bare) echo "$bare_PID" ;; yarp-floor) echo "$floor_PID" ;;
    gateway-db-on) echo "$gateway_db_on_PID" ;; gateway-db-off) echo "$gateway_db_off_PID" ;; *) echo "" ;;
  esac
}
url_for() { # path [paced]: the chat completions URL of a path
  case "$1" in
    direct) [[ "${2:-}" == paced ]] && echo "$DIRECT_PACED_URL" || echo "$DIRECT_URL" ;;
    yarp-bare) [[ "${2:-}" == paced ]] && echo "http://127.0.0.1:$BARE_PORT/paced/v1/chat/completions" || echo "http://127.0.0.1:$BARE_PORT/v1/chat/completions" ;;
    yarp-floor) echo "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" ;;
    gateway) echo "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" ;;
    gateway-db-on) echo "http://127.0.0.1:$DB_ON_PORT/v1/chat/completions" ;;
    gateway-db-off) echo "http://127.0.0.1:$DB_OFF_PORT/v1/chat/completions" ;;
  esac
}

profile() { # path kind: perf-samples a proxy under 32-connection load, then splits its CPU per request
  local path="$1" kind="$2" pid window=10 t0 t1 name="profile-$1-$2"
  pid="$(proxy_pid "$path")"
  wrk_run 32 "$WARMUP_SECONDS" "$WORK/$kind.json" "$(url_for "$path")" >"$RAW/$name-warmup.txt" 2>&1
  wrk_run 32 $((window + 4)) "$WORK/$kind.json" "$(url_for "$path")" >"$RAW/$name-wrk.txt" 2>&1 &
  local load=$!
  sleep 2
  t0="$(cpu_ticks "$pid")"
  perf record -F 999 -g -p "$pid" -o "$WORK/$name.data" -- sleep "$window" >"$RAW/$name-perf.log" 2>&1
  t1="$(cpu_ticks "$pid")"
  wait "$load" || die "$name: wrk failed"
  local rps cpu
  rps="$(field "$RAW/$name-wrk.txt" rps)"
  cpu="$(awk -v d="$((t1 - t0))" -v t="$CLK_TCK" -v r="$rps" -v w="$window" 'BEGIN { printf "%.5f", d / t * 1000 / (r * w) }')"
  perf script -i "$WORK/$name.data" -F comm,tid,ip,sym,dso >"$WORK/$name.txt" 2>/dev/null
  gzip -c "$WORK/$name.txt" >"$RAW/$name-stacks.txt.gz"   # the call stacks, for a closer look than the components
  {
    echo "### $path, $kind, 32 connections: $rps req/s"
    echo
    dotnet "$BENCH_DLL" perf-breakdown --script "$WORK/$name.txt" --components "$ROOT/bench/profile-components.tsv" --cpu-ms-per-request "$cpu"
    echo
  } >>"$OUT/profile.md"
  log "$name: $rps req/s, $cpu ms CPU per request"
}

TSV="$OUT/results.tsv"
printf 'rep\tscenario\tpath\trequests\tseconds\trps\tp50_ms\tp99_ms\tproxy_cpu_ms_per_req\tproxy_rss_mb\tproxy_hwm_mb\tup_cpu_ms_per_req\tload1\n' >"$TSV"

measure() { # rep scenario path upstream-pid raw-file command...: runs the load, appends one row
  local rep="$1" scenario="$2" path="$3" up_pid="$4" raw="$5"; shift 5
  local proxy p0=0 p1=0 up0 up1 requests
  proxy="$(proxy_pid "$path")"
  [[ -n "$proxy" ]] && p0="$(cpu_ticks "$proxy")"
  up0="$(cpu_ticks "$up_pid")"
  "$@" >"$raw" 2>&1 || { cat "$raw" >&2; die "$scenario/$path: the load run failed"; }
  [[ -n "$proxy" ]] && p1="$(cpu_ticks "$proxy")"
  up1="$(cpu_ticks "$up_pid")"
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a server (pid $pid) died during $scenario/$path"; done
  grep -q '^RESULT' "$raw" || { cat "$raw" >&2; die "$scenario/$path: no RESULT line"; }
  if [[ "$(field "$raw" errors)" != "" && "$(field "$raw" errors)$(field "$raw" non2xx)" != "00" ]]; then
    cat "$raw" >&2; die "$scenario/$path: wrk saw errors or non-2xx answers"
  fi
  # CPU is divided by every request the process served during the command, the tool's own warm-up included.
  requests="$(field "$raw" sent_total)"; requests="${requests:-$(field "$raw" requests)}"
  local proxy_cpu="-" rss="-" hwm="-"
  if [[ -n "$proxy" ]]; then
    proxy_cpu="$(per_request_ms "$((p1 - p0))" "$requests")"
    rss="$(status_mb "$proxy" VmRSS)"
    hwm="$(status_mb "$proxy" VmHWM)"
  fi
  # load1 (the 1-minute load average after the run; this bench alone keeps it near 1) flags runs that shared the machine.
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$scenario" "$path" "$(field "$raw" requests)" \
    "$(field "$raw" seconds)" "$(field "$raw" rps)" "$(field "$raw" p50_ms)" "$(field "$raw" p99_ms)" "$proxy_cpu" "$rss" "$hwm" \
    "$(per_request_ms "$((up1 - up0))" "$requests")" "$(load1)" >>"$TSV"
  log "$scenario $path: $(field "$raw" rps) req/s, p50 $(field "$raw" p50_ms) ms, p99 $(field "$raw" p99_ms) ms, proxy CPU $proxy_cpu ms/req"
}

warm_part() {
  log "warm part: gateway, bare YARP and the floor on core $GATEWAY_CORE"
  start_gateway gateway "$GATEWAY_PORT"
  start_bare
  start_floor
  wait_healthy gateway "$gateway_PID" "http://127.0.0.1:$GATEWAY_PORT/readyz"
  wait_healthy bare "$bare_PID" "http://127.0.0.1:$BARE_PORT/healthz"
  wait_healthy floor "$floor_PID" "http://127.0.0.1:$FLOOR_PORT/healthz"
  check_gateway "$GATEWAY_PORT"
  check_bare
  check_floor
  # What the gateway burns doing nothing (timers, health, config polling), to read the low-rate CPU figures against.
  settle
  local idle0 idle1 path
  local -a paths
  idle0="$(cpu_ticks "$gateway_PID")"; sleep 5; idle1="$(cpu_ticks "$gateway_PID")"
  echo "gateway idle CPU: $(awk -v d="$((idle1 - idle0))" -v t="$CLK_TCK" 'BEGIN { printf "%.1f", d / t * 1000 / 5 }') ms per second" >>"$OUT/meta.txt"

  if [[ $PROFILE -eq 1 ]]; then
    for kind in nonstream stream; do
      for path in yarp-bare yarp-floor gateway; do profile "$path" "$kind"; done
    done
    cat "$OUT/meta.txt" "$OUT/profile.md"
    log "profile in $OUT/profile.md"
    exit 0
  fi

  local connections_list=(32)
  [[ "$ONE_CONNECTION" != 1 ]] || connections_list=(1 32)
  for rep in $(seq 1 "$REPEAT"); do
    log "warm part, repetition $rep of $REPEAT (load average $(load1))"
    echo "warm rep $rep load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"
    # The paths alternate within each scenario, so drift on the machine hits them alike; each path gets the
    # scenario's own load for WARMUP_SECONDS first (the direct path, which has no proxy to warm, 5 s).
    for kind in nonstream stream; do
      for connections in "${connections_list[@]}"; do
        scenario="$kind-${connections}c"
        # The floor only where the throughput targets are read.
        paths=(direct yarp-bare gateway)
        [[ $connections != 32 ]] || paths=(direct yarp-bare yarp-floor gateway)
        for path in "${paths[@]}"; do
          wrk_run "$connections" "$([[ $path == direct ]] && echo 5 || echo "$WARMUP_SECONDS")" "$WORK/$kind.json" "$(url_for "$path")" >>"$RAW/warmup.txt" 2>&1
          measure "$rep" "$scenario" "$path" "$upstream_PID" "$RAW/$rep-$scenario-$path.txt" \
            wrk_run "$connections" "$SECONDS_PER_RUN" "$WORK/$kind.json" "$(url_for "$path")"
        done
      done
    done
    for path in direct yarp-bare gateway; do
      measure "$rep" "fixed-${RATE}rps" "$path" "$upstream_PID" "$RAW/$rep-fixed-$path.txt" \
        bench_tool latency --url "$(url_for "$path")" --body "$WORK/nonstream.json" --key "$BENCH_KEY" --rate "$RATE" \
          --seconds "$SECONDS_PER_RUN" --warmup "$([[ $path == direct ]] && echo 5 || echo "$WARMUP_SECONDS")"
    done
    for path in direct yarp-bare gateway; do
      measure "$rep" stream-ttfb "$path" "$upstream_paced_PID" "$RAW/$rep-ttfb-$path.txt" \
        bench_tool ttfb --url "$(url_for "$path" paced)" --body "$WORK/paced.json" --key "$BENCH_KEY" --rate "$TTFB_RATE" \
          --seconds "$SECONDS_PER_RUN" --warmup "$([[ $path == direct ]] && echo 5 || echo "$WARMUP_SECONDS")"
    done
  done
  {
    echo "warm part peak RSS (VmHWM): gateway $(status_mb "$gateway_PID" VmHWM) MB, bare YARP $(status_mb "$bare_PID" VmHWM) MB, floor $(status_mb "$floor_PID" VmHWM) MB"
    echo "warm part RSS at end (VmRSS): gateway $(status_mb "$gateway_PID" VmRSS) MB, bare YARP $(status_mb "$bare_PID" VmRSS) MB, floor $(status_mb "$floor_PID" VmRSS) MB"
  } >>"$OUT/meta.txt"
  stop "$gateway_PID"
  stop "$bare_PID"
  stop "$floor_PID"
}

cold_part() {
  local cold="$OUT/cold.tsv"
  # cpu_ratio: warm CPU per request over the first 10 s's, the cold/warm ratio a core of its own would see (at saturation
  # throughput goes as 1 / CPU per request), read where neighbours on the machine take an unknown share of the core.
  printf 'start\tpath\tkind\tready_ms\tcold_rps\twarm_rps\tratio\tcold_cpu_ms_per_req\twarm_cpu_ms_per_req\tcpu_ratio\tcold_per_second\twarm_per_second\tproxy_hwm_mb\tload1\n' >"$cold"
  for n in $(seq 1 "$COLD_STARTS"); do
    for kind in nonstream stream; do
      for path in yarp-bare gateway; do
        settle
        local launched ready pid url raw="$RAW/cold-$n-$path-$kind"
        launched="$(date +%s%N)"
        if [[ $path == gateway ]]; then
          start_gateway gateway "$GATEWAY_PORT"; pid="$gateway_PID"
          wait_healthy gateway "$pid" "http://127.0.0.1:$GATEWAY_PORT/readyz" 0.02
        else
          start_bare; pid="$bare_PID"
          wait_healthy bare "$pid" "http://127.0.0.1:$BARE_PORT/healthz" 0.02
        fi
        ready="$(( ($(date +%s%N) - launched) / 1000000 ))"
        url="$(url_for "$path")"
        local c0 c1 w0 w1
        c0="$(cpu_ticks "$pid")"
        wrk_run 32 10 "$WORK/$kind.json" "$url" persecond >"$raw-cold.txt" 2>&1 || { cat "$raw-cold.txt" >&2; die "cold run failed"; }
        c1="$(cpu_ticks "$pid")"
        wrk_ok "$raw-cold.txt" "cold $path $kind"
        wrk_run 32 "$WARMUP_SECONDS" "$WORK/$kind.json" "$url" >"$raw-warmup.txt" 2>&1
        w0="$(cpu_ticks "$pid")"
        wrk_run 32 10 "$WORK/$kind.json" "$url" persecond >"$raw-warm.txt" 2>&1 || { cat "$raw-warm.txt" >&2; die "warm run failed"; }
        w1="$(cpu_ticks "$pid")"
        wrk_ok "$raw-warm.txt" "warm $path $kind"
        local cold_rps warm_rps cold_cpu warm_cpu
        cold_rps="$(field "$raw-cold.txt" rps)"; warm_rps="$(field "$raw-warm.txt" rps)"
        cold_cpu="$(per_request_ms "$((c1 - c0))" "$(field "$raw-cold.txt" requests)")"
        warm_cpu="$(per_request_ms "$((w1 - w0))" "$(field "$raw-warm.txt" requests)")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$path" "$kind" "$ready" "$cold_rps" "$warm_rps" \
          "$(awk -v c="$cold_rps" -v w="$warm_rps" 'BEGIN { printf "%.3f", c / w }')" "$cold_cpu" "$warm_cpu" \
          "$(awk -v c="$cold_cpu" -v w="$warm_cpu" 'BEGIN { printf "%.3f", (c > 0 ? w / c : 0) }')" "$(field "$raw-cold.txt" per_second)" \
          "$(field "$raw-warm.txt" per_second)" "$(status_mb "$pid" VmHWM)" "$(load1)" >>"$cold"
        log "cold start $n, $path, $kind: ready after $ready ms, first 10 s $cold_rps req/s ($(field "$raw-cold.txt" per_second)), warm $warm_rps req/s; CPU per request cold $cold_cpu ms, warm $warm_cpu ms"
        stop "$pid"
      done
    done
  done
}

cap_cpu() { # name pid share: holds a process to share of one CPU with a cgroup quota (v2 or v1); false where it cannot
  local name="$1" pid="$2" quota group
  quota="$(awk -v s="$3" 'BEGIN { printf "%d", s * 100000 }')"
  if [[ -w /sys/fs/cgroup/cgroup.subtree_control ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    group="/sys/fs/cgroup/gw-bench-$name"
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || return 1
    mkdir -p "$group" && echo "$quota 100000" >"$group/cpu.max" || return 1
  elif [[ -w /sys/fs/cgroup/cpu ]]; then
    group="/sys/fs/cgroup/cpu/gw-bench-$name"
    mkdir -p "$group" && echo 100000 >"$group/cpu.cfs_period_us" && echo "$quota" >"$group/cpu.cfs_quota_us" || return 1
  else
    return 1
  fi
  CGROUPS+=("$group")
  echo "$pid" >"$group/cgroup.procs"
}

database_part() {
  log "database part: PostgreSQL on core $LOAD_CORE (port $PG_PORT)"
  GATEWAY_PG_PORT="$PG_PORT" "$ROOT/scripts/postgres-local.sh" stop >/dev/null 2>&1 || true
  local connection
  connection="$(GATEWAY_PG_PORT="$PG_PORT" taskset -c "$LOAD_CORE" "$ROOT/scripts/postgres-local.sh" start 2>"$RAW/postgres.log" | tail -n 1)"
  PG_STARTED=1
  local master="k1:$(head -c 32 /dev/urandom | base64 -w0)"
  # Two gateways on the same database, recording usage or not; started one after the other (migrations run once).
  start_gateway gateway-db-on "$DB_ON_PORT" "ConnectionStrings__Gateway=$connection" "GATEWAY_MASTER_KEYS=$master" Gateway__Usage__StoreInDatabase=true
  wait_healthy gateway-db-on "$gateway_db_on_PID" "http://127.0.0.1:$DB_ON_PORT/readyz"
  start_gateway gateway-db-off "$DB_OFF_PORT" "ConnectionStrings__Gateway=$connection" "GATEWAY_MASTER_KEYS=$master" Gateway__Usage__StoreInDatabase=false
  wait_healthy gateway-db-off "$gateway_db_off_PID" "http://127.0.0.1:$DB_OFF_PORT/readyz"
  check_gateway "$DB_ON_PORT"
  check_gateway "$DB_OFF_PORT"
  if [[ "$DB_GATEWAY_SHARE" != 1 ]]; then
    if cap_cpu db-on "$gateway_db_on_PID" "$DB_GATEWAY_SHARE" && cap_cpu db-off "$gateway_db_off_PID" "$DB_GATEWAY_SHARE"; then
      echo "database part: each gateway held to $DB_GATEWAY_SHARE of core $GATEWAY_CORE (cgroup CPU quota)" >>"$OUT/meta.txt"
    else
      log "database part: no writable cgroup CPU controller here; the gateways run uncapped (read the core use columns)"
      echo "database part: gateways uncapped (no writable cgroup CPU controller)" >>"$OUT/meta.txt"
    fi
  fi
  if [[ $PROFILE -eq 1 ]]; then
    for path in gateway-db-on gateway-db-off; do profile "$path" nonstream; done
    cat "$OUT/meta.txt" "$OUT/profile.md"
    log "profile in $OUT/profile.md"
    exit 0
  fi
  local on_url="http://127.0.0.1:$DB_ON_PORT/v1/chat/completions" off_url="http://127.0.0.1:$DB_OFF_PORT/v1/chat/completions"
  wrk_run 32 "$WARMUP_SECONDS" "$WORK/nonstream.json" "$on_url" >>"$RAW/warmup-db.txt" 2>&1
  wrk_run 32 "$WARMUP_SECONDS" "$WORK/nonstream.json" "$off_url" >>"$RAW/warmup-db.txt" 2>&1
  local db="$OUT/database.tsv"
  printf 'pair\tfirst\ton_rps\toff_rps\tratio\ton_cpu_ms_per_req\toff_cpu_ms_per_req\ton_core_use\toff_core_use\tload1\n' >"$db"
  for pair in $(seq 1 "$DB_PAIRS"); do
    # Alternate which goes first, so a trend over the pairs hits both alike.
    local order=(on off) on_rps off_rps on_cpu off_cpu
    (( pair % 2 == 1 )) || order=(off on)
    for mode in "${order[@]}"; do
      local pid url raw="$RAW/db-$pair-$mode.txt" c0 c1
      if [[ $mode == on ]]; then pid="$gateway_db_on_PID"; url="$on_url"; else pid="$gateway_db_off_PID"; url="$off_url"; fi
      c0="$(cpu_ticks "$pid")"
      wrk_run 32 "$SECONDS_PER_RUN" "$WORK/nonstream.json" "$url" >"$raw" 2>&1 || { cat "$raw" >&2; die "database $mode run failed"; }
      c1="$(cpu_ticks "$pid")"
      wrk_ok "$raw" "database $mode"
      if [[ $mode == on ]]; then on_rps="$(field "$raw" rps)"; on_cpu="$(per_request_ms "$((c1 - c0))" "$(field "$raw" requests)")"
      else off_rps="$(field "$raw" rps)"; off_cpu="$(per_request_ms "$((c1 - c0))" "$(field "$raw" requests)")"; fi
    done
    # Core use (CPU seconds a second): at the cap on both sides, the gateway set the pace and the ratio is its own cost.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pair" "${order[0]}" "$on_rps" "$off_rps" \
      "$(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN { printf "%.4f", a / b }')" "$on_cpu" "$off_cpu" \
      "$(awk -v r="$on_rps" -v c="$on_cpu" 'BEGIN { printf "%.3f", r * c / 1000 }')" \
      "$(awk -v r="$off_rps" -v c="$off_cpu" 'BEGIN { printf "%.3f", r * c / 1000 }')" "$(load1)" >>"$db"
    log "database pair $pair: on $on_rps req/s ($on_cpu ms CPU/req), off $off_rps req/s ($off_cpu ms CPU/req)"
  done
  {
    echo "database part peak RSS (VmHWM): recording on $(status_mb "$gateway_db_on_PID" VmHWM) MB, off $(status_mb "$gateway_db_off_PID" VmHWM) MB"
    echo "database: $(GATEWAY_PG_PORT="$PG_PORT" "$ROOT/scripts/postgres-local.sh" status 2>&1 | head -1)"
  } >>"$OUT/meta.txt"
  stop "$gateway_db_on_PID"
  stop "$gateway_db_off_PID"
}

if has_part warm; then warm_part; fi
if has_part cold; then cold_part; fi
if has_part database; then database_part; fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"

dotnet "$BENCH_DLL" summarize --dir "$OUT" >"$OUT/summary.md" || die "summarizing failed"
echo
cat "$OUT/meta.txt"
echo
cat "$OUT/summary.md"
echo
log "raw outputs in $OUT"
