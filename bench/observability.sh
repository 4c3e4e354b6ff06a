#!/usr/bin/env bash
# What tracing and the per-request access line cost at full load: the shipped gateway against the fast fake upstream,
# one fresh gateway process per variant (warmed up, then wrk at 32 connections, non-stream), variants alternating
# within each repetition so drift hits all of them (see bench/README.md, "Tracing and the access line").
#
#   bench/observability.sh [--repeat N] [--seconds S]
#
# Variants: off (no OTEL_* variable, no access line: logging at Warning, as run.sh), traced (OTLP over http/protobuf to
# a sink that answers 200, every request sampled), traced-10pct (OTEL_TRACES_SAMPLER=traceidratio 0.1), access-line (the
# usage line of config-only mode at Information, SampleRate 1), access-line-10pct (SampleRate 0.1).
# Environment: BENCH_SECONDS (10), BENCH_WARMUP (5), BENCH_REPEAT (2), BENCH_GATEWAY_CORE (1), BENCH_LOAD_CORE (0),
# BENCH_PORT_BASE (28280, below the ephemeral range that test runs and clients draw from), BENCH_VARIANTS (all of the above, space-separated).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP:-5}"
REPEAT="${BENCH_REPEAT:-2}"
GATEWAY_CORE="${BENCH_GATEWAY_CORE:-1}"
LOAD_CORE="${BENCH_LOAD_CORE:-0}"
PORT_BASE="${BENCH_PORT_BASE:-28280}"
VARIANTS="${BENCH_VARIANTS:-off traced traced-10pct access-line access-line-10pct}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "observability.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

# Throwaway constants for a loopback-only benchmark, not secrets (as in run.sh).
BENCH_KEY="gw-bench-throwaway-key-not-a-secret"
export BENCH_UPSTREAM_KEY="sk-bench-throwaway-upstream-key"
GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"

die() { echo "observability.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
for tool in dotnet wrk taskset curl sha256sum getconf; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (wrk: apt-get install -y wrk)"
done

OUT="$ROOT/bench/results/observability-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
WORK="$(mktemp -d -t gw-obs-XXXXXX)"
UPSTREAM_PID=""
GATEWAY_PID=""
cleanup() {
  local status=$?
  for pid in $GATEWAY_PID $UPSTREAM_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building Release"
for project in Gateway.Proxy bench/FakeUpstream; do
  dotnet build "$ROOT/$project" -c Release --nologo -v quiet >"$OUT/build-$(basename "$project").log" 2>&1 \
    || { tail -30 "$OUT/build-$(basename "$project").log" >&2; die "build of $project failed"; }
done
GATEWAY_DLL="$ROOT/Gateway.Proxy/bin/Release/net10.0/Gateway.Proxy.dll"
FAKE_DLL="$ROOT/bench/FakeUpstream/bin/Release/net10.0/FakeUpstream.dll"

KEY_HASH="$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"
cat >"$WORK/gateway.json" <<JSON
{
  "Gateway": {
    "Providers": { "fake": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "ApiKey": "env:BENCH_UPSTREAM_KEY" } },
    "Models": { "gpt-4o-mini": { "Targets": [ { "Provider": "fake", "Model": "gpt-4o-mini" } ] } },
    "Keys": { "bench": { "KeyHash": "sha256:$KEY_HASH" } }
  }
}
JSON
printf '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant. Answer briefly."},{"role":"user","content":"Say hello and offer help in one short sentence."}],"temperature":0.7,"max_tokens":64}' >"$WORK/body.json"
cat >"$WORK/post.lua" <<'LUA'
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

wait_healthy() { # pid url log
  for _ in $(seq 1 300); do
    kill -0 "$1" 2>/dev/null || { tail -30 "$3" >&2; die "a server exited during start-up ($3)"; }
    curl -sf -o /dev/null "$2" && return 0
    sleep 0.1
  done
  die "$2 did not answer within 30 s"
}
cpu_ticks() { local stat; stat="$(cat "/proc/$1/stat")"; stat="${stat##*) }"; awk '{ print $12 + $13 }' <<<"$stat"; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1" | tail -1; }
CLK_TCK="$(getconf CLK_TCK)"

# The fake upstream is also the trace sink: it answers OTLP's POST /v1/traces with an empty 200.
taskset -c "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" >"$OUT/upstream.log" 2>&1 &
UPSTREAM_PID=$!
wait_healthy "$UPSTREAM_PID" "http://127.0.0.1:$UPSTREAM_PORT/healthz" "$OUT/upstream.log"

variant_env() { # variant: the gateway's environment for it, one assignment a line
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "Logging__LogLevel__Default=Warning"
  # Stop at once between variants: nothing balances load to it.
  echo "Gateway__Shutdown__PreStopDelaySeconds=0"
  case "$1" in
    off) ;;
    traced|traced-10pct)
      echo "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$UPSTREAM_PORT"
      echo "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
      [[ "$1" == traced ]] || { echo "OTEL_TRACES_SAMPLER=traceidratio"; echo "OTEL_TRACES_SAMPLER_ARG=0.1"; } ;;
    access-line|access-line-10pct)
      echo "Logging__LogLevel__Gateway.Proxy.Usage.LoggingUsageSink=Information"
      [[ "$1" == access-line ]] && echo "Gateway__Logging__AccessLog__SampleRate=1" || echo "Gateway__Logging__AccessLog__SampleRate=0.1" ;;
    *) die "unknown variant '$1'" ;;
  esac
}

TSV="$OUT/results.tsv"
printf 'rep\tvariant\trequests\trps\tp50_ms\tp99_ms\tcpu_ms_per_req\tload1\n' >"$TSV"
for rep in $(seq 1 "$REPEAT"); do
  for variant in $VARIANTS; do
    mapfile -t envs < <(variant_env "$variant")
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null || break; sleep 0.1; done
    # The gateway's console (access lines included) goes to a file, as a service's journal would.
    taskset -c "$GATEWAY_CORE" env "${envs[@]}" dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" \
      --urls "http://127.0.0.1:$GATEWAY_PORT" >"$OUT/gateway-$variant-$rep.log" 2>&1 &
    GATEWAY_PID=$!
    wait_healthy "$GATEWAY_PID" "http://127.0.0.1:$GATEWAY_PORT/healthz" "$OUT/gateway-$variant-$rep.log"
    for _ in 1 2; do
      BENCH_BODY="$WORK/body.json" BENCH_KEY="$BENCH_KEY" taskset -c "$LOAD_CORE" \
        wrk -t1 -c32 -d"${WARMUP_SECONDS}s" -s "$WORK/post.lua" "$GATEWAY_URL" >/dev/null 2>&1
      sleep 2
    done
    raw="$OUT/wrk-$variant-$rep.txt"
    c0="$(cpu_ticks "$GATEWAY_PID")"
    BENCH_BODY="$WORK/body.json" BENCH_KEY="$BENCH_KEY" taskset -c "$LOAD_CORE" \
      wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" -s "$WORK/post.lua" "$GATEWAY_URL" >"$raw" 2>&1
    c1="$(cpu_ticks "$GATEWAY_PID")"
    [[ "$(field "$raw" errors)$(field "$raw" non2xx)" == "00" ]] || { cat "$raw" >&2; die "$variant: errors or non-2xx answers"; }
    requests="$(field "$raw" requests)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$variant" "$requests" "$(field "$raw" rps)" "$(field "$raw" p50_ms)" \
      "$(field "$raw" p99_ms)" "$(awk -v t=$((c1 - c0)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.4f", t * 1000 / hz / n }')" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$TSV"
    log "$variant (rep $rep): $(field "$raw" rps) req/s"
    kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=""
  done
done

# Medians per variant, and each against "off".
awk -F'\t' 'NR > 1 { rps[$2] = rps[$2] " " $4; cpu[$2] = cpu[$2] " " $7; if (!($2 in seen)) { seen[$2] = 1; names[++n] = $2 } }
  function median(list,   a, k, i, j, t) { k = split(list, a, " "); for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END { base_r = median(rps["off"]); base_c = median(cpu["off"])
    printf "| variant | req/s (median) | vs off | CPU ms/request | vs off |\n|---|---|---|---|---|\n"
    for (i = 1; i <= n; i++) { v = names[i]; r = median(rps[v]); c = median(cpu[v])
      printf "| %s | %.0f | %+.1f%% | %.4f | %+.1f%% |\n", v, r, base_r ? (r / base_r - 1) * 100 : 0, c, base_c ? (c / base_c - 1) * 100 : 0 } }' \
  "$TSV" | tee "$OUT/summary.md"
