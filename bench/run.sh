#!/usr/bin/env bash
# The gateway's speed benchmark, in one go: builds Release, starts two fake upstreams, the gateway and a bare
# YARP proxy, and measures "direct to the fake upstream", "through bare YARP" (the floor any YARP-based proxy
# pays) and "through the gateway" (see bench/README.md).
#
#   bench/run.sh [--repeat N] [--seconds S] [--wait-quiet] [--profile]
#
# --profile measures nothing: after the warm-up it samples bare YARP and the gateway with perf under 32-connection
# load (non-stream and stream) and splits their CPU per request into components (bench/profile-components.tsv).
#
# Environment overrides: BENCH_SECONDS (10), BENCH_WARMUP (5), BENCH_REPEAT (1), BENCH_CHUNKS (20 content chunks
# per stream), BENCH_PACE_MS (5: pause between events for the time-to-first-byte run), BENCH_RATE (200),
# BENCH_TTFB_RATE (50), BENCH_GATEWAY_CORE (1), BENCH_LOAD_CORE (0), BENCH_PORT_BASE (38180: four ports from there),
# BENCH_GATEWAY_ENV (extra environment for the gateway process only, e.g. "DOTNET_TieredPGO=0"),
# BENCH_QUIET_LOAD (0.5) and BENCH_QUIET_WAIT (1800 s) for --wait-quiet.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP:-5}"
REPEAT="${BENCH_REPEAT:-1}"
CHUNKS="${BENCH_CHUNKS:-20}"
PACE_MS="${BENCH_PACE_MS:-5}"
RATE="${BENCH_RATE:-200}"
TTFB_RATE="${BENCH_TTFB_RATE:-50}"
GATEWAY_CORE="${BENCH_GATEWAY_CORE:-1}"
LOAD_CORE="${BENCH_LOAD_CORE:-0}"
PORT_BASE="${BENCH_PORT_BASE:-38180}"
WAIT_QUIET=0
PROFILE=0
QUIET_LOAD="${BENCH_QUIET_LOAD:-0.5}"
QUIET_WAIT_SECONDS="${BENCH_QUIET_WAIT:-1800}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET=1; shift ;;
    --profile) PROFILE=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

# Throwaway constants for a loopback-only benchmark, not secrets: the gateway keeps only the client key's hash,
# and the fake upstream ignores the key it is sent.
BENCH_KEY="gw-bench-throwaway-key-not-a-secret"
export BENCH_UPSTREAM_KEY="sk-bench-throwaway-upstream-key"

GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"
PACED_PORT="$((PORT_BASE + 2))"
BARE_PORT="$((PORT_BASE + 3))"
DIRECT_URL="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"
DIRECT_PACED_URL="http://127.0.0.1:$PACED_PORT/v1/chat/completions"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
BARE_URL="http://127.0.0.1:$BARE_PORT/v1/chat/completions"
BARE_PACED_URL="http://127.0.0.1:$BARE_PORT/paced/v1/chat/completions"

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

for tool in dotnet wrk taskset curl sha256sum getconf; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (wrk: apt-get install -y wrk)"
done
[[ $PROFILE -eq 0 ]] || command -v perf >/dev/null || die "'perf' is missing (apt-get install -y linux-perf)"
[[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 cores (gateway on one, load and upstream on the other)"
for port in "$GATEWAY_PORT" "$UPSTREAM_PORT" "$PACED_PORT" "$BARE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use"; fi
done

STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$ROOT/bench/results/$STAMP"
RAW="$OUT/raw"
mkdir -p "$RAW"
WORK="$(mktemp -d -t gw-bench-XXXXXX)"
PIDS=()

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  [[ $status -eq 0 ]] || echo "run.sh: FAILED (exit $status); logs and raw output in $OUT" >&2
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load1() { cut -d' ' -f1 /proc/loadavg; }

if [[ $WAIT_QUIET -eq 1 ]]; then
  # Other work on the machine skews every number: wait (BENCH_QUIET_WAIT seconds at most) for the 1-minute
  # load average to fall below BENCH_QUIET_LOAD.
  for _ in $(seq 1 $((QUIET_WAIT_SECONDS / 10))); do
    awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l < q) }' && break
    log "waiting for a quiet machine (load $(load1))"
    sleep 10
  done
fi

log "building Release"
for project in Gateway.Proxy bench/FakeUpstream bench/BareProxy bench/Gateway.Bench; do
  dotnet build "$ROOT/$project" -c Release --nologo -v quiet >"$RAW/build-$(basename "$project").log" 2>&1 \
    || { tail -30 "$RAW/build-$(basename "$project").log" >&2; die "build of $project failed"; }
done
BIN=net10.0
GATEWAY_DLL="$ROOT/Gateway.Proxy/bin/Release/$BIN/Gateway.Proxy.dll"
FAKE_DLL="$ROOT/bench/FakeUpstream/bin/Release/$BIN/FakeUpstream.dll"
BARE_DLL="$ROOT/bench/BareProxy/bin/Release/$BIN/BareProxy.dll"
BENCH_DLL="$ROOT/bench/Gateway.Bench/bin/Release/$BIN/Gateway.Bench.dll"

KEY_HASH="$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"
cat >"$WORK/gateway.json" <<EOF
{
  "Gateway": {
    "Providers": {
      "fake":       { "Kind": "openai", "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "ApiKey": "env:BENCH_UPSTREAM_KEY" },
      "fake-paced": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:$PACED_PORT/v1", "ApiKey": "env:BENCH_UPSTREAM_KEY" }
    },
    "Models": {
      "gpt-4o-mini":       { "Targets": [ { "Provider": "fake",       "Model": "gpt-4o-mini" } ] },
      "gpt-4o-mini-paced": { "Targets": [ { "Provider": "fake-paced", "Model": "gpt-4o-mini" } ] }
    },
    "Keys": { "bench": { "KeyHash": "sha256:$KEY_HASH" } }
  }
}
EOF
cp "$WORK/gateway.json" "$OUT/gateway.json"

# A typical small chat request; the stream asks for the usage chunk so both paths send the same events.
REQUEST='"messages":[{"role":"system","content":"You are a helpful assistant. Answer briefly."},{"role":"user","content":"Say hello and offer help in one short sentence."}],"temperature":0.7,"max_tokens":64'
printf '{"model":"gpt-4o-mini",%s}' "$REQUEST" >"$WORK/nonstream.json"
printf '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},%s}' "$REQUEST" >"$WORK/stream.json"
printf '{"model":"gpt-4o-mini-paced","stream":true,"stream_options":{"include_usage":true},%s}' "$REQUEST" >"$WORK/paced.json"

cat >"$WORK/post.lua" <<'EOF'
-- POSTs the body in $BENCH_BODY with the bench key; prints one machine-readable RESULT line.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF

start() { # name core command...: starts a child pinned to a core, logging to results
  local name="$1" core="$2"; shift 2
  taskset -c "$core" "$@" >"$OUT/$name.log" 2>&1 &
  PIDS+=("$!")
  eval "${name//-/_}_PID=$!"
}

wait_healthy() { # name pid url
  for _ in $(seq 1 300); do
    kill -0 "$2" 2>/dev/null || { tail -30 "$OUT/$1.log" >&2; die "$1 exited during start-up"; }
    curl -sf -o /dev/null "$3" && return 0
    sleep 0.1
  done
  die "$1 did not answer $3 within 30 s"
}

# Profiling needs JIT symbols (perf map) and JIT code perf can see: the W^X double mapping hides it.
PROXY_ENV=()
[[ $PROFILE -eq 0 ]] || PROXY_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)

log "starting fake upstreams (core $LOAD_CORE), gateway and bare YARP (core $GATEWAY_CORE)"
start upstream "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" --StreamChunks "$CHUNKS"
start upstream-paced "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$PACED_PORT" --StreamChunks "$CHUNKS" --ChunkDelayMs "$PACE_MS"
# BENCH_GATEWAY_ENV (e.g. "DOTNET_TieredPGO=0") passes runtime settings to the gateway alone, for experiments.
# shellcheck disable=SC2086
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  start gateway "$GATEWAY_CORE" env "${PROXY_ENV[@]}" ${BENCH_GATEWAY_ENV:-} dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$GATEWAY_PORT"
start bare "$GATEWAY_CORE" env "${PROXY_ENV[@]}" dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT" \
  --Upstream "http://127.0.0.1:$UPSTREAM_PORT" --PacedUpstream "http://127.0.0.1:$PACED_PORT"
wait_healthy upstream "$upstream_PID" "http://127.0.0.1:$UPSTREAM_PORT/healthz"
wait_healthy upstream-paced "$upstream_paced_PID" "http://127.0.0.1:$PACED_PORT/healthz"
wait_healthy gateway "$gateway_PID" "http://127.0.0.1:$GATEWAY_PORT/healthz"
wait_healthy bare "$bare_PID" "http://127.0.0.1:$BARE_PORT/healthz"

# Fail before measuring anything if the gateway does not actually serve the bench requests.
check() { # url body-file expected-substring
  local answer
  answer="$(curl -sS --fail-with-body -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' \
    --data-binary "@$2" "$1")" || die "sanity request to $1 failed: $answer"
  [[ "$answer" == *"$3"* ]] || die "answer from $1 lacks '$3': ${answer:0:400}"
}
check "$GATEWAY_URL" "$WORK/nonstream.json" '"provider":"fake"'
check "$GATEWAY_URL" "$WORK/stream.json" 'data: [DONE]'
check "$GATEWAY_URL" "$WORK/paced.json" '"provider":"fake-paced"'
check "$BARE_URL" "$WORK/nonstream.json" '"chat.completion"'
check "$BARE_PACED_URL" "$WORK/paced.json" 'data: [DONE]'

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { # pid: utime+stime of the whole process, in clock ticks (fields 14 and 15 of /proc/pid/stat)
  local stat; stat="$(cat "/proc/$1/stat")"; stat="${stat##*) }"
  awk '{ print $12 + $13 }' <<<"$stat"
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1" | tail -1; }

TSV="$OUT/results.tsv"
printf 'rep\tscenario\tpath\trequests\tseconds\trps\tp50_ms\tp99_ms\tproxy_cpu_ms_per_req\tproxy_rss_mb\tproxy_hwm_mb\tup_cpu_ms_per_req\tload1\n' >"$TSV"

proxy_pid() { case "$1" in gateway) echo "$gateway_PID" ;; yarp-bare) echo "$bare_PID" ;; *) echo "" ;; esac; }

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
  # CPU is divided by every request the process served during the command, warm-up included.
  requests="$(field "$raw" sent_total)"; requests="${requests:-$(field "$raw" requests)}"
  local proxy_cpu="-" rss="-" hwm="-"
  if [[ -n "$proxy" ]]; then
    proxy_cpu="$(awk -v d="$((p1 - p0))" -v t="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.4f", d / t * 1000 / n }')"
    rss="$(awk -v k="$(status_kb "$proxy" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
    hwm="$(awk -v k="$(status_kb "$proxy" VmHWM)" 'BEGIN { printf "%.1f", k / 1024 }')"
  fi
  local up_cpu; up_cpu="$(awk -v d="$((up1 - up0))" -v t="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.4f", d / t * 1000 / n }')"
  # load1 (the 1-minute load average after the run; this bench alone keeps it near 1) flags runs that shared the machine.
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$scenario" "$path" "$(field "$raw" requests)" \
    "$(field "$raw" seconds)" "$(field "$raw" rps)" "$(field "$raw" p50_ms)" "$(field "$raw" p99_ms)" "$proxy_cpu" "$rss" "$hwm" "$up_cpu" "$(load1)" >>"$TSV"
  log "$scenario $path: $(field "$raw" rps) req/s, p50 $(field "$raw" p50_ms) ms, p99 $(field "$raw" p99_ms) ms, proxy CPU $proxy_cpu ms/req"
}

wrk_run() { # connections seconds body url
  BENCH_BODY="$3" BENCH_KEY="$BENCH_KEY" taskset -c "$LOAD_CORE" wrk -t1 -c"$1" -d"$2"s --latency -s "$WORK/post.lua" "$4"
}
bench_tool() { taskset -c "$LOAD_CORE" dotnet "$BENCH_DLL" "$@" --key "$BENCH_KEY"; }

url_for() { # path paced?: the chat completions URL of a path
  case "$1" in
    direct) [[ "${2:-}" == paced ]] && echo "$DIRECT_PACED_URL" || echo "$DIRECT_URL" ;;
    yarp-bare) [[ "${2:-}" == paced ]] && echo "$BARE_PACED_URL" || echo "$BARE_URL" ;;
    gateway) echo "$GATEWAY_URL" ;;
  esac
}
PATHS=(direct yarp-bare gateway)

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
    if (( busy )); then quiet=0; else quiet=$((quiet + 1)); (( quiet < 2 )) || { log "settled after $waited s"; return 0; }; fi
  done
  log "warning: the servers were still busy after 120 s of settling"
}

# Warm-up in two rounds with a pause after each: a process pinned to one core defers tier-1 JIT while it is busy
# (the runtime's call-counting delay is 10x longer on one core), so short warm-ups measure half-jitted code.
for round in 1 2; do
  log "warm-up round $round ($WARMUP_SECONDS s per path and kind)"
  for path in "${PATHS[@]}"; do
    for body in nonstream stream; do
      wrk_run 32 "$WARMUP_SECONDS" "$WORK/$body.json" "$(url_for "$path")" >>"$RAW/warmup.txt" 2>&1
    done
    wrk_run 8 "$WARMUP_SECONDS" "$WORK/paced.json" "$(url_for "$path" paced)" >>"$RAW/warmup.txt" 2>&1
  done
  settle
done

# What the gateway burns doing nothing (timers, health, config polling), to read the low-rate CPU figures against.
idle0="$(cpu_ticks "$gateway_PID")"; sleep 5; idle1="$(cpu_ticks "$gateway_PID")"

{
  echo "date: $(date -Is)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc --all)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "dotnet: $(dotnet --version), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "gateway extra environment: ${BENCH_GATEWAY_ENV:-none}"
  echo "settings: seconds=$SECONDS_PER_RUN warmup=$WARMUP_SECONDS repeat=$REPEAT chunks=$CHUNKS pace_ms=$PACE_MS rate=$RATE ttfb_rate=$TTFB_RATE"
  echo "gateway idle CPU: $(awk -v d="$((idle1 - idle0))" -v t="$CLK_TCK" 'BEGIN { printf "%.1f", d / t * 1000 / 5 }') ms per second"
} >"$OUT/meta.txt"

profile() { # path kind: perf-samples a proxy under 32-connection load, then splits its CPU per request
  local path="$1" kind="$2" pid window=10 t0 t1 name="profile-$1-$2"
  pid="$(proxy_pid "$path")"
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

if [[ $PROFILE -eq 1 ]]; then
  for kind in nonstream stream; do
    for path in yarp-bare gateway; do profile "$path" "$kind"; done
  done
  cat "$OUT/meta.txt" "$OUT/profile.md"
  log "profile in $OUT/profile.md"
  exit 0
fi

for rep in $(seq 1 "$REPEAT"); do
  log "repetition $rep of $REPEAT (load average $(load1))"
  echo "rep $rep load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"
  # The paths alternate within each scenario, so drift on the machine hits them alike.
  for kind in nonstream stream; do
    for connections in 1 32; do
      scenario="$kind-${connections}c"
      for path in "${PATHS[@]}"; do
        measure "$rep" "$scenario" "$path" "$upstream_PID" "$RAW/$rep-$scenario-$path.txt" \
          wrk_run "$connections" "$SECONDS_PER_RUN" "$WORK/$kind.json" "$(url_for "$path")"
      done
    done
  done
  for path in "${PATHS[@]}"; do
    measure "$rep" "fixed-${RATE}rps" "$path" "$upstream_PID" "$RAW/$rep-fixed-$path.txt" \
      bench_tool latency --url "$(url_for "$path")" --body "$WORK/nonstream.json" --rate "$RATE" --seconds "$SECONDS_PER_RUN" --warmup 2
  done
  for path in "${PATHS[@]}"; do
    measure "$rep" stream-ttfb "$path" "$upstream_paced_PID" "$RAW/$rep-ttfb-$path.txt" \
      bench_tool ttfb --url "$(url_for "$path" paced)" --body "$WORK/paced.json" --rate "$TTFB_RATE" --seconds "$SECONDS_PER_RUN" --warmup 2
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"

dotnet "$BENCH_DLL" summarize --input "$TSV" >"$OUT/summary.md" || die "summarizing failed"
echo
cat "$OUT/meta.txt"
echo
cat "$OUT/summary.md"
echo
log "raw outputs in $OUT"
