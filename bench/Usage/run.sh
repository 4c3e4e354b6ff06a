#!/usr/bin/env bash
# The usage recording bench (see bench/README.md, "Usage recording"): starts the repository's local PostgreSQL
# (scripts/postgres-local.sh, here on port 25491 unless GATEWAY_PG_PORT says otherwise), then runs bench/Usage in
# Release. Extra arguments go to the bench: --seconds, --rounds, --workers, --writer-records, --batch.
#
# PIN=1 (the default on machines with 2 or more cores) restarts PostgreSQL on the last core and runs the bench (gateway,
# load and fake upstream) on the others, so the database stands in for the separate server it is in production and
# the on/off comparison measures what recording costs the gateway itself. PIN=0 shares every core.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export GATEWAY_PG_PORT="${GATEWAY_PG_PORT:-25491}"
cores="$(nproc)"
pin="${PIN:-$([[ $cores -ge 2 ]] && echo 1 || echo 0)}"
if [[ "$pin" == 1 ]]; then
  last=$((cores - 1))
  scripts/postgres-local.sh stop >/dev/null 2>&1 || true
  connection="$(taskset -c "$last" scripts/postgres-local.sh | tail -n 1)"
  echo "pinned: PostgreSQL on core $last, the bench on cores 0-$((last - 1))" >&2
  dotnet build -c Release bench/Usage -v quiet -nologo >/dev/null
  exec taskset -c "0-$((last - 1))" dotnet bench/Usage/bin/Release/net10.0/UsageBench.dll --connection "$connection" "$@"
fi
connection="$(scripts/postgres-local.sh | tail -n 1)"
exec dotnet run -c Release --project bench/Usage -- --connection "$connection" "$@"
