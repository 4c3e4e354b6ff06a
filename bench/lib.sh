# What bench/run.sh, bench/kinds.sh and bench/observability.sh share: the bench key, tool and port checks, the results
# folder and the clean-up of what a script started, Release builds, the wrk script, child processes pinned to a core,
# and the readers of /proc and of RESULT lines. Sourced (not run) after the script has set BENCH_SCRIPT (its name, for
# messages), ROOT, LOAD_CORE and GATEWAY_CORE. A script with more to clean up defines on_cleanup.

# Throwaway constants for a loopback-only benchmark, not secrets: the gateway keeps only the client key's hash, and
# the fake upstream ignores the key it is sent.
BENCH_KEY="gw-bench-throwaway-key-not-a-secret"
export BENCH_UPSTREAM_KEY="sk-bench-throwaway-upstream-key"
KEY_HASH="$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"

BIN=net10.0
GATEWAY_DLL="${BENCH_GATEWAY_DLL:-$ROOT/Gateway.Proxy/bin/Release/$BIN/Gateway.Proxy.dll}"
FAKE_DLL="$ROOT/bench/FakeUpstream/bin/Release/$BIN/FakeUpstream.dll"
BARE_DLL="$ROOT/bench/BareProxy/bin/Release/$BIN/BareProxy.dll"
BENCH_DLL="$ROOT/bench/Gateway.Bench/bin/Release/$BIN/Gateway.Bench.dll"
CLK_TCK="$(getconf CLK_TCK)"

die() { echo "$BENCH_SCRIPT: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

require_tools() { # [tool...]: dies naming the first missing one (the common ones always checked)
  local tool
  for tool in dotnet wrk taskset curl sha256sum getconf "$@"; do
    command -v "$tool" >/dev/null || die "'$tool' is missing (wrk: apt-get install -y wrk; perf: apt-get install -y linux-perf)"
  done
  [[ "$(nproc --all)" -ge 2 ]] || die "needs at least 2 cores (gateway on one, load and upstream on the other)"
}

require_free_ports() { # port...
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use"; fi
  done
}

init_results() { # folder: OUT (bench/results/<folder>), RAW below it, a WORK folder, and the clean-up on exit
  OUT="$ROOT/bench/results/$1"
  RAW="$OUT/raw"
  mkdir -p "$RAW"
  WORK="$(mktemp -d -t gw-bench-XXXXXX)"
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if declare -F on_cleanup >/dev/null; then on_cleanup || true; fi
  rm -rf "$WORK"
  [[ $status -eq 0 ]] || echo "$BENCH_SCRIPT: FAILED (exit $status); logs and raw output in $OUT" >&2
  exit $status
}

build_release() { # project...: Release builds, their logs in RAW (skipped with BENCH_BUILD=0)
  [[ "${BENCH_BUILD:-1}" == 1 ]] || return 0
  log "building Release"
  local project
  for project in "$@"; do
    dotnet build "$ROOT/$project" -c Release --nologo -v quiet >"$RAW/build-$(basename "$project").log" 2>&1 \
      || { tail -30 "$RAW/build-$(basename "$project").log" >&2; die "build of $project failed"; }
  done
}

bench_tool() { taskset -c "$LOAD_CORE" dotnet "$BENCH_DLL" "$@"; }

write_request_lua() { # file: the start of a wrk script that POSTs $BENCH_BODY with the bench key
  cat >"$1" <<'LUA'
-- POSTs the body in $BENCH_BODY with the bench key.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
LUA
}

write_post_lua() { # file: the wrk script that POSTs $BENCH_BODY with the bench key and prints one RESULT line
  write_request_lua "$1"
  cat >>"$1" <<'LUA'

-- One machine-readable RESULT line.
function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
LUA
}

start() { # name core command...: starts a child pinned to a core, logging to OUT/<name>.log; sets <name>_PID
  local name="$1" core="$2"; shift 2
  taskset -c "$core" "$@" >>"$OUT/$name.log" 2>&1 &
  PIDS+=("$!")
  eval "${name//-/_}_PID=$!"
}

stop() { # pid: stops a child this script started
  local pid="$1" kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

wait_healthy() { # name pid url [interval]: polls until url answers 200, at most 60 s
  local interval="${4:-0.1}" tries
  tries="$(awk -v i="$interval" 'BEGIN { printf "%d", 60 / i }')"
  for _ in $(seq 1 "$tries"); do
    kill -0 "$2" 2>/dev/null || { tail -30 "$OUT/$1.log" >&2; die "$1 exited during start-up"; }
    curl -sf -o /dev/null "$3" && return 0
    sleep "$interval"
  done
  die "$1 did not answer $3 within 60 s"
}

check() { # url body-file expected-substring: fails before measuring if a path does not serve the bench request
  local answer
  answer="$(curl -sS --fail-with-body -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' \
    --data-binary "@$2" "$1")" || die "sanity request to $1 failed: ${answer:0:600}"
  [[ "$answer" == *"$3"* ]] || die "answer from $1 lacks '$3': ${answer:0:600}"
  printf '%s\n' "$answer" >"$RAW/check-$(basename "$2" .json)-$(echo "$1" | cut -d/ -f3 | tr ':' '-').txt"
}

stat_after_comm() { # pid: /proc/pid/stat from field 3 on (the command name may hold spaces and parentheses)
  local stat; stat="$(cat "/proc/$1/stat")"; printf '%s\n' "${stat##*) }"
}
cpu_ticks() { stat_after_comm "$1" | awk '{ print $12 + $13 }'; }   # pid: utime+stime (fields 14 and 15), in clock ticks
sys_ticks() { stat_after_comm "$1" | awk '{ print $13 }'; }         # pid: stime alone (field 15), the kernel's share
status_mb() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1" | tail -1; }   # file name: the last name=value of a RESULT line
per_request_ms() { awk -v d="$1" -v t="$CLK_TCK" -v n="$2" 'BEGIN { printf "%.4f", (n > 0 ? d / t * 1000 / n : 0) }'; }

wrk_run() { # connections seconds body url [script]: wrk on the load core with WORK/<script>.lua (post)
  BENCH_BODY="$3" BENCH_KEY="$BENCH_KEY" taskset -c "$LOAD_CORE" wrk -t1 -c"$1" -d"$2"s --latency -s "$WORK/${5:-post}.lua" "$4"
}
wrk_ok() { # raw-file what: dies unless wrk saw only 200s
  grep -q '^RESULT' "$1" || { cat "$1" >&2; die "$2: no RESULT line"; }
  [[ "$(field "$1" errors)$(field "$1" non2xx)" == "00" ]] || { cat "$1" >&2; die "$2: wrk saw errors or non-2xx answers"; }
}
