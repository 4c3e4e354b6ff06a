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

BENCH_SCRIPT=observability.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"

require_tools
init_results "observability-$(date +%Y%m%d-%H%M%S)"
build_release Gateway.Proxy bench/FakeUpstream

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
write_post_lua "$WORK/post.lua"

# The fake upstream is also the trace sink: it answers OTLP's POST /v1/traces with an empty 200.
start upstream "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT"
wait_healthy upstream "$upstream_PID" "http://127.0.0.1:$UPSTREAM_PORT/healthz"

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
    start "gateway-$variant-$rep" "$GATEWAY_CORE" env "${envs[@]}" dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" \
      --urls "http://127.0.0.1:$GATEWAY_PORT"
    GATEWAY_PID="${PIDS[-1]}"
    wait_healthy "gateway-$variant-$rep" "$GATEWAY_PID" "http://127.0.0.1:$GATEWAY_PORT/healthz"
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
    stop "$GATEWAY_PID"
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
