#!/usr/bin/env bash
# The upload benchmark of the multipart endpoints (bench/README.md, "Uploads"): a 1 MB transcription upload sent
# direct to the fake upstream and through the gateway, alternating, in the same run; then 50 MB uploads through the
# gateway with its peak RSS growth measured (the upload must never be held whole: growth under 10 MB).
#
#   bench/upload.sh [--count N]     N uploads of 1 MB per path (default 40)
#
# Environment: BENCH_PORT_BASE (28320), BENCH_GATEWAY_CORE (1), BENCH_LOAD_CORE (0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT=40
PORT_BASE="${BENCH_PORT_BASE:-28320}"
GATEWAY_CORE="${BENCH_GATEWAY_CORE:-1}"
LOAD_CORE="${BENCH_LOAD_CORE:-0}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "upload.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

# Throwaway constants for a loopback-only benchmark, not secrets.
BENCH_KEY="gw-bench-throwaway-key-not-a-secret"
export BENCH_UPSTREAM_KEY="sk-bench-throwaway-upstream-key"
GATEWAY_PORT="$PORT_BASE"
UPSTREAM_PORT="$((PORT_BASE + 1))"

die() { echo "upload.sh: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

log "building Release"
for project in Gateway.Proxy bench/FakeUpstream; do
  dotnet build "$ROOT/$project" -c Release --nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build of $project failed"; }
done
GATEWAY_DLL="$ROOT/Gateway.Proxy/bin/Release/net10.0/Gateway.Proxy.dll"
FAKE_DLL="$ROOT/bench/FakeUpstream/bin/Release/net10.0/FakeUpstream.dll"

KEY_HASH="$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"
cat >"$WORK/gateway.json" <<JSON
{
  "Gateway": {
    "Providers": { "fake": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:$UPSTREAM_PORT/v1", "ApiKey": "env:BENCH_UPSTREAM_KEY" } },
    "Models": { "ears": { "Targets": [ { "Provider": "fake", "Model": "whisper-1", "Kinds": ["transcriptions"] } ] } },
    "Keys": { "bench": { "KeyHash": "sha256:$KEY_HASH" } }
  }
}
JSON

head -c $((1024 * 1024)) /dev/urandom >"$WORK/1mb.wav"
head -c $((50 * 1024 * 1024)) /dev/urandom >"$WORK/50mb.wav"

taskset -c "$LOAD_CORE" dotnet "$FAKE_DLL" --urls "http://127.0.0.1:$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 &
PIDS+=("$!")
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  taskset -c "$GATEWAY_CORE" dotnet "$GATEWAY_DLL" --config "$WORK/gateway.json" --urls "http://127.0.0.1:$GATEWAY_PORT" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID="$!"
PIDS+=("$GATEWAY_PID")
for url in "http://127.0.0.1:$UPSTREAM_PORT/healthz" "http://127.0.0.1:$GATEWAY_PORT/healthz"; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
  curl -sf -o /dev/null "$url" || die "$url did not answer"
done

# model before the file, as the Python SDK and curl -F send it: the gateway streams the file through.
upload() { # url model file -> seconds to the last byte of the answer
  taskset -c "$LOAD_CORE" curl -sS --fail-with-body -o "$WORK/answer.json" -w '%{time_total}\n' -H "Authorization: Bearer $BENCH_KEY" \
    -F "model=$2" -F "response_format=verbose_json" -F "file=@$3;type=audio/wav" "$1"
}
DIRECT="http://127.0.0.1:$UPSTREAM_PORT/v1/audio/transcriptions"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT/v1/audio/transcriptions"

upload "$GATEWAY" ears "$WORK/1mb.wav" >/dev/null || die "the gateway refused the upload: $(head -c 300 "$WORK/answer.json")"
grep -q '"duration":1048' "$WORK/answer.json" || die "the gateway's answer does not show the whole upload: $(head -c 300 "$WORK/answer.json")"

log "warm-up"
for _ in $(seq 1 20); do upload "$DIRECT" whisper-1 "$WORK/1mb.wav" >/dev/null; upload "$GATEWAY" ears "$WORK/1mb.wav" >/dev/null; done

log "1 MB: $COUNT uploads per path, alternating"
: >"$WORK/direct.txt"; : >"$WORK/gateway.txt"
for _ in $(seq 1 "$COUNT"); do
  upload "$DIRECT" whisper-1 "$WORK/1mb.wav" >>"$WORK/direct.txt"
  upload "$GATEWAY" ears "$WORK/1mb.wav" >>"$WORK/gateway.txt"
done
median_ms() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m * 1000 }'; }
p90_ms() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int(NR * 0.9 + 0.999)] * 1000 }'; }

kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$GATEWAY_PID/status"; }
log "50 MB: peak RSS growth of the gateway over 3 uploads"
upload "$GATEWAY" ears "$WORK/50mb.wav" >/dev/null
grep -q "\"duration\":5242" "$WORK/answer.json" || die "the 50 MB upload did not arrive whole: $(head -c 300 "$WORK/answer.json")"
sleep 1
: >"$WORK/growth.txt"
for _ in 1 2 3; do
  before="$(kb VmRSS)"
  echo 5 >"/proc/$GATEWAY_PID/clear_refs"   # resets VmHWM to the current RSS
  seconds="$(upload "$GATEWAY" ears "$WORK/50mb.wav")"
  peak="$(kb VmHWM)"
  echo "$(( (peak - before) / 1024 )) $seconds $before $peak" >>"$WORK/growth.txt"
  sleep 1
done

echo "| scenario | path | uploads | p50 ms | p90 ms |"
echo "|---|---|---:|---:|---:|"
echo "| 1 MB transcription | direct | $COUNT | $(median_ms "$WORK/direct.txt") | $(p90_ms "$WORK/direct.txt") |"
echo "| 1 MB transcription | gateway | $COUNT | $(median_ms "$WORK/gateway.txt") | $(p90_ms "$WORK/gateway.txt") |"
echo
echo "| 50 MB upload through the gateway | peak RSS growth MB | seconds | RSS before KB | peak KB |"
echo "|---|---:|---:|---:|---:|"
n=0; while read -r growth seconds before peak; do n=$((n + 1)); echo "| run $n | $growth | $seconds | $before | $peak |"; done <"$WORK/growth.txt"
