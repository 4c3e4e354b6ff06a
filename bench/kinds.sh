#!/usr/bin/env bash
# Request kinds and front doors against the chat path, in one short run (issues 12 and 13; see bench/README.md,
# "Request kinds and front doors"). Same method as bench/run.sh (its pinning, shipped config, fakes, wrk script and
# open-loop tool), fewer scenarios:
#   embeddings  POST /v1/embeddings, 16 inputs (bench/fixtures/embeddings-request.json, base64 as OpenAI's SDKs ask),
#               wrk at 32 connections: direct, bare YARP, gateway; then plain chat the same way, for the ratio
#               gateway/bare YARP of each.
#   first byte  open loop at BENCH_TTFB_RATE (50) streams/s against the paced fake (BENCH_PACE_MS between events),
#               time to the first SSE line: direct (OpenAI chat stream, Anthropic messages stream), then through the
#               gateway the chat stream (the baseline), /v1/messages to an openai-kind target
#               (bench/fixtures/messages-request.json) and /v1/responses to an anthropic-kind target
#               (bench/fixtures/responses-request.json; the fake answers Anthropic's event grammar), and the chat
#               stream to that anthropic-kind target (the Responses door's like-for-like reference).
# BENCH_PARTS ("throughput ttfb") picks the parts.
#
#   bench/kinds.sh          ~8 min on 2 cores
#
# Every measurement is repeated in BENCH_ROUNDS (3) rounds, the paths taking turns; the summary gives medians of rounds.
#
# Environment: BENCH_SECONDS (10), BENCH_WARMUP (10), BENCH_ROUNDS (3), BENCH_PARTS, BENCH_TTFB_RATE (50), BENCH_CHUNKS (20), BENCH_PACE_MS (5),
# BENCH_GATEWAY_CORE (1), BENCH_LOAD_CORE (0), BENCH_PORT_BASE (28200: four ports from there), BENCH_BUILD (1),
# BENCH_GATEWAY_DLL. Raw outputs and results.tsv (with the 1-minute load average after each run) go to
# bench/results/kinds-STAMP/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP:-10}"
TTFB_RATE="${BENCH_TTFB_RATE:-50}"
CHUNKS="${BENCH_CHUNKS:-20}"
PACE_MS="${BENCH_PACE_MS:-5}"
GATEWAY_CORE="${BENCH_GATEWAY_CORE:-1}"
LOAD_CORE="${BENCH_LOAD_CORE:-0}"
PORT_BASE="${BENCH_PORT_BASE:-28200}"
ROUNDS="${BENCH_ROUNDS:-3}"
PARTS="${BENCH_PARTS:-throughput ttfb}"
has_part() { [[ " $PARTS " == *" $1 "* ]]; }

BENCH_SCRIPT=kinds.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"
PACED_PORT="$((PORT_BASE + 2))"
BARE_PORT="$((PORT_BASE + 3))"

require_tools
require_free_ports "$GATEWAY_PORT" "$UPSTREAM_PORT" "$PACED_PORT" "$BARE_PORT"
init_results "kinds-$(date +%Y%m%d-%H%M%S)"

build_release Gateway.Proxy bench/FakeUpstream bench/BareProxy bench/Gateway.Bench

# The shipped config with the bench's providers, models and key, plus the embeddings alias (declaring
# "Kinds": ["embeddings"]) and the anthropic-kind provider on the paced fake (BenchConfigMaker, --kinds).
bench_tool make-config --shipped "$ROOT/config/gateway.json" --upstream "http://127.0.0.1:$UPSTREAM_PORT" \
  --paced-upstream "http://127.0.0.1:$PACED_PORT" --key-hash "$KEY_HASH" --kinds true --out "$WORK/gateway.json"
cp "$WORK/gateway.json" "$OUT/gateway.json"

FIX="$ROOT/bench/fixtures"
bench_tool make-body --fixture "$FIX/chat-request.json" --model gpt-4o-mini --out "$WORK/chat.json"
bench_tool make-body --fixture "$FIX/chat-request.json" --model gpt-4o-mini-paced --stream true --out "$WORK/chat-paced.json"
bench_tool make-body --fixture "$FIX/embeddings-request.json" --model text-embedding-3-small --out "$WORK/embeddings.json"
# The fixtures of the doors carry "stream": true themselves (make-body's --stream adds OpenAI's stream_options).
bench_tool make-body --fixture "$FIX/messages-request.json" --model gpt-4o-mini-paced --out "$WORK/messages-to-openai.json"
bench_tool make-body --fixture "$FIX/messages-request.json" --model claude-sonnet-4-5 --out "$WORK/messages-direct.json"
bench_tool make-body --fixture "$FIX/responses-request.json" --model claude-paced --out "$WORK/responses-to-anthropic.json"
# The chat door to the anthropic-kind target: what the Responses door to it is compared with too.
bench_tool make-body --fixture "$FIX/chat-request.json" --model claude-paced --stream true --out "$WORK/chat-to-anthropic.json"

write_post_lua "$WORK/post.lua"

log "starting fakes (core $LOAD_CORE), gateway and bare YARP (core $GATEWAY_CORE)"
start upstream "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" --StreamChunks "$CHUNKS"
start upstream-paced "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$PACED_PORT" --StreamChunks "$CHUNKS" --ChunkDelayMs "$PACE_MS"
ASPNETCORE_ENVIRONMENT=Production start gateway "$GATEWAY_CORE" env ${BENCH_GATEWAY_ENV:-} \
  dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$GATEWAY_PORT"
start bare "$GATEWAY_CORE" dotnet "$BARE_DLL" --urls "http://127.0.0.1:$BARE_PORT" \
  --Upstream "http://127.0.0.1:$UPSTREAM_PORT" --PacedUpstream "http://127.0.0.1:$PACED_PORT"
wait_healthy upstream "$upstream_PID" "http://127.0.0.1:$UPSTREAM_PORT/healthz"
wait_healthy upstream-paced "$upstream_paced_PID" "http://127.0.0.1:$PACED_PORT/healthz"
wait_healthy gateway "$gateway_PID" "http://127.0.0.1:$GATEWAY_PORT/readyz"
wait_healthy bare "$bare_PID" "http://127.0.0.1:$BARE_PORT/healthz"

url() { # path what: the URL of a path for a scenario
  case "$1:$2" in
    direct:chat) echo "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" ;;
    direct:embeddings) echo "http://127.0.0.1:$UPSTREAM_PORT/v1/embeddings" ;;
    direct:chat-paced) echo "http://127.0.0.1:$PACED_PORT/v1/chat/completions" ;;
    direct:messages-paced) echo "http://127.0.0.1:$PACED_PORT/v1/messages" ;;
    yarp-bare:chat) echo "http://127.0.0.1:$BARE_PORT/v1/chat/completions" ;;
    yarp-bare:embeddings) echo "http://127.0.0.1:$BARE_PORT/v1/embeddings" ;;
    gateway:chat|gateway:chat-paced) echo "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" ;;
    gateway:embeddings) echo "http://127.0.0.1:$GATEWAY_PORT/v1/embeddings" ;;
    gateway:messages-paced) echo "http://127.0.0.1:$GATEWAY_PORT/v1/messages" ;;
    gateway:responses-paced) echo "http://127.0.0.1:$GATEWAY_PORT/v1/responses" ;;
    *) die "no URL for $1 $2" ;;
  esac
}

# Fail before measuring anything if a path does not serve its request as meant.
check "$(url gateway chat)" "$WORK/chat.json" '"provider":"fake"'
check "$(url gateway embeddings)" "$WORK/embeddings.json" '"embedding"'
check "$(url yarp-bare embeddings)" "$WORK/embeddings.json" '"embedding"'
check "$(url gateway chat-paced)" "$WORK/chat-paced.json" 'data: [DONE]'
check "$(url direct messages-paced)" "$WORK/messages-direct.json" 'event: message_stop'
check "$(url gateway messages-paced)" "$WORK/messages-to-openai.json" 'event: message_stop'
check "$(url gateway responses-paced)" "$WORK/responses-to-anthropic.json" 'event: response.completed'
check "$(url gateway chat-paced)" "$WORK/chat-to-anthropic.json" 'data: [DONE]'
grep -q '"index":15' "$RAW"/check-embeddings-*"$GATEWAY_PORT".txt || die "the gateway's embeddings answer lacks the 16th vector"

{
  echo "date: $(date -Is)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc --all)"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "dotnet: $(dotnet --version), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "settings: seconds=$SECONDS_PER_RUN warmup=$WARMUP_SECONDS ttfb_rate=$TTFB_RATE chunks=$CHUNKS pace_ms=$PACE_MS"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.txt"

# The fakes serve every path alike: warm them before anything is timed.
wrk_run 32 5 "$WORK/chat.json" "$(url direct chat)" >"$RAW/warmup-upstream.txt" 2>&1
wrk_run 32 5 "$WORK/embeddings.json" "$(url direct embeddings)" >>"$RAW/warmup-upstream.txt" 2>&1

proxy_pid() { case "$1" in gateway) echo "$gateway_PID" ;; yarp-bare) echo "$bare_PID" ;; *) echo "" ;; esac; }
TSV="$OUT/results.tsv"
printf 'round\tscenario\tpath\trequests\tseconds\trps\tp50_ms\tp99_ms\tproxy_cpu_ms_per_req\tproxy_hwm_mb\tload1\n' >"$TSV"

measure() { # round scenario path raw-file command...: runs the load, appends one row
  local round="$1" scenario="$2" path="$3" raw="$4"; shift 4
  local proxy p0=0 p1=0 requests proxy_cpu="-" hwm="-"
  proxy="$(proxy_pid "$path")"
  [[ -z "$proxy" ]] || p0="$(cpu_ticks "$proxy")"
  "$@" >"$raw" 2>&1 || { cat "$raw" >&2; die "$scenario/$path: the load run failed"; }
  [[ -z "$proxy" ]] || p1="$(cpu_ticks "$proxy")"
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a server (pid $pid) died during $scenario/$path"; done
  grep -q '^RESULT' "$raw" || { cat "$raw" >&2; die "$scenario/$path: no RESULT line"; }
  if [[ -n "$(field "$raw" non2xx)" && "$(field "$raw" errors)$(field "$raw" non2xx)" != "00" ]]; then
    cat "$raw" >&2; die "$scenario/$path: wrk saw errors or non-2xx answers"
  fi
  requests="$(field "$raw" sent_total)"; requests="${requests:-$(field "$raw" requests)}"
  if [[ -n "$proxy" ]]; then proxy_cpu="$(per_request_ms "$((p1 - p0))" "$requests")"; hwm="$(status_mb "$proxy" VmHWM)"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$scenario" "$path" "$(field "$raw" requests)" "$(field "$raw" seconds)" \
    "$(field "$raw" rps)" "$(field "$raw" p50_ms)" "$(field "$raw" p99_ms)" "$proxy_cpu" "$hwm" "$(load1)" >>"$TSV"
  log "round $round, $scenario $path: $(field "$raw" rps) req/s, p50 $(field "$raw" p50_ms) ms, p99 $(field "$raw" p99_ms) ms, proxy CPU $proxy_cpu ms/req, load $(load1)"
}
warmup_for() { [[ $1 == direct ]] && echo 5 || echo "$WARMUP_SECONDS"; }

# Each path gets its scenario's load for BENCH_WARMUP s once (direct 5 s); then BENCH_ROUNDS rounds, the paths taking
# turns within each, so a burst of other work on the machine hits them alike; the summary takes medians of rounds.
throughput_runs=(
  "embeddings direct" "embeddings yarp-bare" "embeddings gateway"
  "chat direct" "chat yarp-bare" "chat gateway"
)
# Time to first byte, open loop, paced fake: scenario path what body.
ttfb_runs=(
  "chat-stream direct chat-paced chat-paced"
  "anthropic-stream direct messages-paced messages-direct"
  "chat-stream gateway chat-paced chat-paced"
  "messages-stream-to-openai gateway messages-paced messages-to-openai"
  "responses-stream-to-anthropic gateway responses-paced responses-to-anthropic"
  "chat-stream-to-anthropic gateway chat-paced chat-to-anthropic"
)
ttfb() { # path what body seconds warmup
  bench_tool ttfb --url "$(url "$1" "$2")" --body "$WORK/$3.json" --key "$BENCH_KEY" --rate "$TTFB_RATE" --seconds "$4" --warmup "$5"
}

has_part throughput || throughput_runs=()
has_part ttfb || ttfb_runs=()
for run in "${throughput_runs[@]}"; do
  read -r what path <<<"$run"
  wrk_run 32 "$(warmup_for "$path")" "$WORK/$what.json" "$(url "$path" "$what")" >>"$RAW/warmup.txt" 2>&1
done
for round in $(seq 1 "$ROUNDS"); do
  for run in "${throughput_runs[@]}"; do
    read -r what path <<<"$run"
    measure "$round" "$what-32c" "$path" "$RAW/$round-$what-$path.txt" wrk_run 32 "$SECONDS_PER_RUN" "$WORK/$what.json" "$(url "$path" "$what")"
  done
done
for run in "${ttfb_runs[@]}"; do
  read -r scenario path what body <<<"$run"
  ttfb "$path" "$what" "$body" "$(warmup_for "$path")" 1 >>"$RAW/warmup.txt" 2>&1
done
for round in $(seq 1 "$ROUNDS"); do
  for run in "${ttfb_runs[@]}"; do
    read -r scenario path what body <<<"$run"
    measure "$round" "ttfb-$scenario" "$path" "$RAW/$round-ttfb-$scenario-$path.txt" ttfb "$path" "$what" "$body" "$SECONDS_PER_RUN" 1
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"

# Medians over the rounds, and the ratios the issues ask for.
median() { # scenario path column: the median over the rounds (the lower middle of an even count)
  awk -F'\t' -v s="$1" -v p="$2" -v c="$3" '$2 == s && $3 == p { print $c }' "$TSV" | sort -g \
    | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
}
all() { # scenario path column: the rounds' values, comma-separated
  awk -F'\t' -v s="$1" -v p="$2" -v c="$3" '$2 == s && $3 == p { printf "%s%s", (n++ ? ", " : ""), $c }' "$TSV"
}
{
  echo "Medians of $ROUNDS rounds (rounds' values: req/s for wrk, p50 ms for first byte; load1 after each run):"
  echo
  echo "| scenario | path | req/s | p50 ms | p99 ms | proxy CPU ms/req | per round | load1 after |"
  echo "|---|---|---:|---:|---:|---:|---|---|"
  for run in "${throughput_runs[@]}"; do
    read -r what path <<<"$run"
    echo "| $what-32c | $path | $(median "$what-32c" "$path" 6) | $(median "$what-32c" "$path" 7) | $(median "$what-32c" "$path" 8) | $(median "$what-32c" "$path" 9) | $(all "$what-32c" "$path" 6) | $(all "$what-32c" "$path" 11) |"
  done
  for run in "${ttfb_runs[@]}"; do
    read -r scenario path _ _ <<<"$run"
    echo "| ttfb-$scenario | $path | $(median "ttfb-$scenario" "$path" 6) | $(median "ttfb-$scenario" "$path" 7) | $(median "ttfb-$scenario" "$path" 8) | $(median "ttfb-$scenario" "$path" 9) | $(all "ttfb-$scenario" "$path" 7) | $(all "ttfb-$scenario" "$path" 11) |"
  done
  echo
  # Per round first, then the median of the rounds' ratios and differences (the figure to read on a busy machine).
  awk -F'\t' '
    { v[$1, $2, $3, "rps"] = $6; v[$1, $2, $3, "p50"] = $7; if ($1 + 0 > rounds) rounds = $1 + 0 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
    END {
      for (r = 1; r <= rounds; r++) {
        line = "round " r ":"
        if (v[r, "embeddings-32c", "yarp-bare", "rps"] > 0 && v[r, "chat-32c", "yarp-bare", "rps"] > 0 && v[r, "chat-32c", "gateway", "rps"] > 0) {
          e[r] = v[r, "embeddings-32c", "gateway", "rps"] / v[r, "embeddings-32c", "yarp-bare", "rps"]
          c[r] = v[r, "chat-32c", "gateway", "rps"] / v[r, "chat-32c", "yarp-bare", "rps"]
          q[r] = e[r] / c[r]; throughput = 1
          line = line sprintf(" embeddings gateway/bare YARP %.3f, chat %.3f, embeddings over chat %.3f;", e[r], c[r], q[r])
        }
        if (v[r, "ttfb-chat-stream", "gateway", "p50"] != "") {
          m[r] = v[r, "ttfb-messages-stream-to-openai", "gateway", "p50"] - v[r, "ttfb-chat-stream", "gateway", "p50"]
          s[r] = v[r, "ttfb-responses-stream-to-anthropic", "gateway", "p50"] - v[r, "ttfb-chat-stream", "gateway", "p50"]
          a[r] = v[r, "ttfb-responses-stream-to-anthropic", "gateway", "p50"] - v[r, "ttfb-chat-stream-to-anthropic", "gateway", "p50"]
          k[r] = v[r, "ttfb-chat-stream-to-anthropic", "gateway", "p50"] - v[r, "ttfb-chat-stream", "gateway", "p50"]
          ttfb = 1
          line = line sprintf(" first byte p50 over the chat stream: messages %+.3f ms, responses %+.3f ms (chat to the anthropic target %+.3f ms; responses over it %+.3f ms)", m[r], s[r], k[r], a[r])
        }
        print line
      }
      if (throughput) printf "\nmedian of rounds: embeddings gateway/bare YARP %.3f, chat gateway/bare YARP %.3f, embeddings ratio over chat ratio %.3f\n", med(e, rounds), med(c, rounds), med(q, rounds)
      if (ttfb) printf "median of rounds: first byte p50 minus the gateway chat stream p50: /v1/messages to openai %+.3f ms, /v1/responses to anthropic %+.3f ms, chat to the anthropic target %+.3f ms; /v1/responses minus chat, both to the anthropic target, %+.3f ms\n", med(m, rounds), med(s, rounds), med(k, rounds), med(a, rounds)
    }' <(tail -n +2 "$TSV")
} >"$OUT/summary.md"
echo
cat "$OUT/meta.txt"
echo
cat "$OUT/summary.md"
log "raw outputs in $OUT"
