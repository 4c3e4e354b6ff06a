#!/usr/bin/env bash
# Builds everything with warnings as errors, runs every test, and ends with the line "N passed, N failed"
# summed from the test results. Exits non-zero if the build or any test fails.
# The tests start their own throwaway PostgreSQL (needs the server binaries: scripts/postgres-local.sh install).
# The build makes the dashboard with npm and the browser tests drive Debian's chromium: both are installed when missing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! scripts/browser-deps.sh; then
  echo "could not install Node.js/npm or chromium (scripts/browser-deps.sh)" >&2
  echo "0 passed, 0 failed"
  exit 1
fi

results="$(mktemp -d /tmp/gateway-test-results.XXXXXX)"

if ! dotnet build Gateway.sln -c Release -warnaserror -nologo; then
  echo "build failed (warnings count as errors)" >&2
  echo "0 passed, 0 failed"
  exit 1
fi

dotnet test Gateway.sln -c Release --no-build --nologo --logger trx --results-directory "$results"
test_status=$?

# Sum the counters of every TRX file: failed = failed + error + timeout + aborted.
passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
done
if [[ ${#trx_files[@]} -eq 0 ]]; then
  echo "no test results were written" >&2
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
if [[ $test_status -ne 0 || $failed -ne 0 ]]; then
  exit 1
fi
