#!/usr/bin/env bash
# Fuzzes a running gateway from both sides (see README.md here): mutated client requests to every provider kind, and
# mutated provider answers (whole, streamed, errors) from a fake provider that replays the recorded fixtures.
# Fails if any answer is a 500, a connection breaks, or an error or stream is not in OpenAI's shape.
#   scripts/fuzz/run.sh [COUNT per fuzzer, default 2000] [SEED, default 1]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
COUNT="${1:-2000}"
SEED="${2:-1}"
GATEWAY_PORT="${FUZZ_GATEWAY_PORT:-39000}"
UPSTREAM_PORT="${FUZZ_UPSTREAM_PORT:-39001}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# A throwaway key for loopback traffic only, not a secret.
KEY_HASH="$(printf '%s' "gw-fuzz-key-0123456789" | sha256sum | cut -d' ' -f1)"
UP="http://127.0.0.1:$UPSTREAM_PORT"
cat >"$WORK/gateway.json" <<JSON
{
  "Gateway": {
    "Providers": {
      "oa": { "Kind": "openai", "BaseUrl": "$UP/v1", "ApiKey": "env:FUZZ_PROVIDER_KEY" },
      "an": { "Kind": "anthropic", "BaseUrl": "$UP", "ApiKey": "env:FUZZ_PROVIDER_KEY" },
      "ge": { "Kind": "gemini", "BaseUrl": "$UP", "ApiKey": "env:FUZZ_PROVIDER_KEY" },
      "co": { "Kind": "cohere", "BaseUrl": "$UP", "ApiKey": "env:FUZZ_PROVIDER_KEY" },
      "mi": { "Kind": "mistral", "BaseUrl": "$UP/v1", "ApiKey": "env:FUZZ_PROVIDER_KEY" },
      "br": { "Kind": "bedrock", "BaseUrl": "$UP", "Settings": { "Region": "us-east-1", "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "env:FUZZ_PROVIDER_KEY" } }
    },
    "Models": {
      "m-oa": { "Targets": [ { "Provider": "oa", "Model": "gpt-4o-mini" } ] },
      "m-an": { "Targets": [ { "Provider": "an", "Model": "claude-x" } ], "MaxOutputTokens": 100 },
      "m-ge": { "Targets": [ { "Provider": "ge", "Model": "gemini-x" } ] },
      "m-co": { "Targets": [ { "Provider": "co", "Model": "command-x" } ] },
      "m-mi": { "Targets": [ { "Provider": "mi", "Model": "mistral-x" } ] },
      "m-br": { "Targets": [ { "Provider": "br", "Model": "anthropic.claude-x" } ] },
      "m-fo": { "Targets": [ { "Provider": "an", "Model": "claude-x" }, { "Provider": "oa", "Model": "gpt-4o-mini" } ] }
    },
    "Keys": { "fuzz": { "KeyHash": "sha256:$KEY_HASH" } }
  },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON

dotnet build Gateway.Proxy -c Release --nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
python3 scripts/fuzz/upstream.py "$UPSTREAM_PORT" "$SEED" >"$WORK/upstream.log" 2>&1 & PIDS+=($!)
# Health and breakers would soon take every fuzzed provider out (503s only); keep them in so answers reach the converters.
FUZZ_PROVIDER_KEY=fuzz-provider-key dotnet Gateway.Proxy/bin/Release/net10.0/Gateway.Proxy.dll \
  --config "$WORK/gateway.json" --urls "http://127.0.0.1:$GATEWAY_PORT" \
  --Gateway:Resilience:MaxRetriesPerCandidate 0 --Gateway:Resilience:BreakerFailureThreshold 10000 \
  --Gateway:Resilience:BreakerMinimumThroughput 100000 --Gateway:Health:RateLimitCooldownSeconds 0.001 \
  --Gateway:Health:ServerErrorCooldownSeconds 0.001 --Gateway:Health:TransportCooldownSeconds 0.001 \
  --Gateway:Health:AuthFailureCooldownSeconds 0.001 --Gateway:Health:MaxRetryAfterSeconds 0.001 \
  >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
ready=0
for _ in $(seq 1 60); do
  kill -0 "${PIDS[1]}" 2>/dev/null || break
  curl -fsS "http://127.0.0.1:$GATEWAY_PORT/readyz" >/dev/null 2>&1 && { ready=1; break; }
  sleep 0.5
done
if [[ $ready -ne 1 ]]; then
  echo "the gateway did not start (port $GATEWAY_PORT or $UPSTREAM_PORT in use? FUZZ_GATEWAY_PORT / FUZZ_UPSTREAM_PORT move them):" >&2
  grep -v '^\s*at ' "$WORK/gateway.log" | tail -20 >&2
  exit 2
fi

status=0
echo "== mutated requests"; python3 scripts/fuzz/requests.py "$GATEWAY_PORT" "$SEED" "$COUNT" || status=1
echo "== mutated answers"; python3 scripts/fuzz/answers.py "$GATEWAY_PORT" "$SEED" "$COUNT" || status=1
if grep -q "^fail:\|^crit:" "$WORK/gateway.log"; then
  echo "the gateway logged errors:"; grep -A12 "^fail:\|^crit:" "$WORK/gateway.log" | head -60; status=1
fi
exit $status
