#!/usr/bin/env bash
# Interleaved A/B of two gateway builds (or one build with two environments) on a busy machine: both run at once,
# pinned to the same core, in the shipped configuration (bench/run.sh's), and take turns under the same load, so
# drift on the machine hits both alike. Prints per-round req/s and CPU per request (and its kernel part, stime),
# their medians and the median of the per-round B/A ratios (the figure to read on a noisy machine).
#
#   bench/ab.sh A.dll B.dll [--rounds 10] [--seconds 5] [--warmup 25] [--kind nonstream|stream] [--connections 32]
#                           [--rate R]   (open loop at R req/s instead of wrk: compares p50 and CPU per request)
#
# AB_ENV_A / AB_ENV_B: extra environment for one side ("Logging__LogLevel__Default=Warning").
# AB_PORT_BASE (28300: three ports from there).
# AB_CHRT_A / AB_CHRT_B: a scheduling policy for every thread of one side, as chrt's option ("-b": SCHED_BATCH, no
# wake-up preemption), set once both answer; threads made later inherit it from the thread that makes them. Not with
# AB_RT=1, which puts the side back to SCHED_OTHER after each measured run.
# AB_RT=1: during each measured run (not the warm-up), the upstream, the side under load and the load tool run at
# real-time priority (chrt -f), so other work on a busy machine cannot delay their wake-ups; for latency (--rate)
# on a shared machine. Only while measuring: under saturating load, FIFO would starve the JIT's tier-up thread.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 2 ]] || { sed -n '2,18p' "$0"; exit 2; }
A_DLL="$(readlink -f "$1")"; B_DLL="$(readlink -f "$2")"; shift 2
ROUNDS=10; SECONDS_PER_RUN=5; WARMUP=25; KIND=nonstream; CONNECTIONS=32; RATE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --kind) KIND="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    *) echo "ab.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

PORT_BASE="${AB_PORT_BASE:-28300}"
UPSTREAM_PORT="$PORT_BASE"; A_PORT="$((PORT_BASE + 1))"; B_PORT="$((PORT_BASE + 2))"
BENCH_SCRIPT=ab.sh LOAD_CORE=0 GATEWAY_CORE=1
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
WORK="$(mktemp -d -t gw-ab-XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  mkdir -p /tmp/gw-ab-last && cp "$WORK"/*.log /tmp/gw-ab-last/ 2>/dev/null; rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for project in bench/FakeUpstream bench/Gateway.Bench; do
  dotnet build "$ROOT/$project" -c Release --nologo -v quiet >/dev/null || { echo "ab.sh: build of $project failed" >&2; exit 1; }
done
dotnet "$BENCH_DLL" make-config --shipped "$ROOT/config/gateway.json" --upstream "http://127.0.0.1:$UPSTREAM_PORT" \
  --paced-upstream "http://127.0.0.1:$UPSTREAM_PORT" --key-hash "$KEY_HASH" --out "$WORK/gateway.json"
dotnet "$BENCH_DLL" make-body --fixture "$ROOT/bench/fixtures/chat-request.json" --model gpt-4o-mini \
  --stream "$([[ $KIND == stream ]] && echo true || echo false)" --out "$WORK/body.json"
write_post_lua "$WORK/post.lua"

taskset -c 0 dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")
# shellcheck disable=SC2086
ASPNETCORE_ENVIRONMENT=Production taskset -c 1 env ${AB_ENV_A:-} dotnet "$A_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$A_PORT" >"$WORK/a.log" 2>&1 &
A_PID=$!; PIDS+=("$A_PID")
# shellcheck disable=SC2086
ASPNETCORE_ENVIRONMENT=Production taskset -c 1 env ${AB_ENV_B:-} dotnet "$B_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$B_PORT" >"$WORK/b.log" 2>&1 &
B_PID=$!; PIDS+=("$B_PID")
for port in "$UPSTREAM_PORT" "$A_PORT" "$B_PORT"; do
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
done

for side in A B; do
  policy_var="AB_CHRT_$side"; pid=$A_PID; [[ $side == B ]] && pid=$B_PID
  if [[ -n "${!policy_var:-}" ]]; then chrt -a "${!policy_var}" -p 0 "$pid" >/dev/null; fi
done

value_of() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1" | tail -1; }   # string name: lib.sh's field, of a string
load() { # port seconds: one run of the load against a side
  if [[ -n "$RATE" ]]; then
    ${LOAD_RT:-} taskset -c 0 dotnet "$BENCH_DLL" latency --url "http://127.0.0.1:$1/v1/chat/completions" --body "$WORK/body.json" --key "$BENCH_KEY" \
      --rate "$RATE" --seconds "$2" --warmup 0 | sed 's/\bok=/requests=/'
  else
    BENCH_BODY="$WORK/body.json" BENCH_KEY="$BENCH_KEY" ${LOAD_RT:-} taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -s "$WORK/post.lua" "http://127.0.0.1:$1/v1/chat/completions"
  fi
}
boost() { # on|off pid...: real-time priority for every thread of the given processes (AB_RT=1)
  local policy=(-o -p 0) pid
  [[ $1 == on ]] && policy=(-f -p 10)
  shift
  for pid in "$@"; do chrt -a "${policy[@]}" "$pid"; done
}
run() { # side: prints "rps cpu_ms_per_request p50 kernel_ms_per_request"
  local port pid c0 c1 s0 s1 out
  if [[ $1 == A ]]; then port=$A_PORT; pid=$A_PID; else port=$B_PORT; pid=$B_PID; fi
  if [[ "${AB_RT:-0}" == 1 ]]; then boost on "$pid" "$UPSTREAM_PID"; LOAD_RT="chrt -f 10"; fi
  c0="$(cpu_ticks "$pid")"; s0="$(sys_ticks "$pid")"; out="$(load "$port" "$SECONDS_PER_RUN")"; c1="$(cpu_ticks "$pid")"; s1="$(sys_ticks "$pid")"
  if [[ "${AB_RT:-0}" == 1 ]]; then boost off "$pid" "$UPSTREAM_PID"; LOAD_RT=""; fi
  [[ "$(value_of "$out" errors)$(value_of "$out" non2xx)" == "00" || -n "$RATE" ]] || { echo "$out" >&2; echo "ab.sh: side $1 saw errors" >&2; exit 1; }
  awk -v r="$(value_of "$out" rps)" -v n="$(value_of "$out" requests)" -v d="$((c1 - c0))" -v t="$CLK_TCK" -v p="$(value_of "$out" p50_ms)" \
    -v k="$((s1 - s0))" 'BEGIN { printf "%.1f %.4f %.3f %.4f\n", r, d / t * 1000 / n, p, k / t * 1000 / n }'
}

log "warming up A and B ($WARMUP s each, in five turns; load average $(cut -d' ' -f1 /proc/loadavg))"
for _ in 1 2 3 4 5; do
  load "$A_PORT" $((WARMUP / 5)) >/dev/null
  load "$B_PORT" $((WARMUP / 5)) >/dev/null
done
printf 'round\tA_rps\tB_rps\tB/A_rps\tA_cpu_ms\tB_cpu_ms\tB/A_cpu\tA_p50\tB_p50\tload1\tA_kernel_ms\tB_kernel_ms\n' | tee "$WORK/ab.tsv"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then a="$(run A)"; b="$(run B)"; else b="$(run B)"; a="$(run A)"; fi
  read -r ar ac ap ak <<<"$a"; read -r br bc bp bk <<<"$b"
  printf '%s\t%s\t%s\t%.3f\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "$round" "$ar" "$br" "$(awk -v a="$ar" -v b="$br" 'BEGIN { print b / a }')" \
    "$ac" "$bc" "$(awk -v a="$ac" -v b="$bc" 'BEGIN { print b / a }')" "$ap" "$bp" "$(cut -d' ' -f1 /proc/loadavg)" "$ak" "$bk" | tee -a "$WORK/ab.tsv"
done
awk -F'\t' 'NR > 1 { n++; ar[n]=$2; br[n]=$3; rr[n]=$4; ac[n]=$5; bc[n]=$6; cr[n]=$7; ap[n]=$8; bp[n]=$9; ak[n]=$11; bk[n]=$12 }
  function median(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
  END { printf "medians: A %.0f req/s %.4f ms CPU/req p50 %.3f ms; B %.0f req/s %.4f ms CPU/req p50 %.3f ms\n", median(ar, n), median(ac, n), median(ap, n), median(br, n), median(bc, n), median(bp, n)
        printf "median of round ratios B/A: req/s %.3f, CPU per request %.3f\n", median(rr, n), median(cr, n)
        printf "kernel CPU per request (stime), medians: A %.4f ms, B %.4f ms\n", median(ak, n), median(bk, n) }' "$WORK/ab.tsv"
echo "A: $A_DLL ${AB_ENV_A:-}${AB_CHRT_A:+ (chrt $AB_CHRT_A)}"; echo "B: $B_DLL ${AB_ENV_B:-}${AB_CHRT_B:+ (chrt $AB_CHRT_B)}"
for side in A B; do
  pid=$A_PID; [[ $side == B ]] && pid=$B_PID
  echo "$side peak RSS (VmHWM) $(status_mb "$pid" VmHWM) MB, RSS at end $(status_mb "$pid" VmRSS) MB"
done
grep -c . "$WORK/a.log" | sed 's/^/A log lines: /'; grep -c . "$WORK/b.log" | sed 's/^/B log lines: /'
