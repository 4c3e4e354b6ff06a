#!/usr/bin/env bash
# Runs the gateway with the shipped config (config/gateway.json) on http://127.0.0.1:8080, with a local
# PostgreSQL started for it (scripts/postgres-local.sh; data in .data/postgres, kept between runs). The web dashboard
# is at http://127.0.0.1:8080/dashboard/: sign in with the admin key in .data/admin-key.
#
#   GATEWAY_URLS                  where to listen (default http://127.0.0.1:8080)
#   GATEWAY_CONFIG                another config file
#   ConnectionStrings__Gateway    use this PostgreSQL instead of starting a local one
#   GATEWAY_DEV_KEY               the "dev" client key; generated once into .data/dev-key when unset
#   GATEWAY_ADMIN_KEY             the "admin" key for /admin/v1; generated once into .data/admin-key when unset
#   OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, COHERE_API_KEY   provider credentials
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .data

# The build (dotnet run) makes the dashboard at /dashboard/ with Node.js and npm.
scripts/browser-deps.sh node

if [[ -z "${ConnectionStrings__Gateway:-}" ]]; then
  ConnectionStrings__Gateway="$(scripts/postgres-local.sh start | tail -n 1)"
  export ConnectionStrings__Gateway
fi

if [[ -z "${GATEWAY_MASTER_KEYS:-}" ]]; then
  # Encrypts provider credentials stored in the database; generated once, kept out of git.
  if [[ ! -s .data/master-keys ]]; then
    (umask 077; echo "k1:$(head -c 32 /dev/urandom | base64 -w0)" > .data/master-keys)
  fi
  GATEWAY_MASTER_KEYS="$(cat .data/master-keys)"
  export GATEWAY_MASTER_KEYS
fi

if [[ -z "${GATEWAY_DEV_KEY:-}" ]]; then
  if [[ ! -s .data/dev-key ]]; then
    (umask 077; echo "gw-dev-$(head -c 30 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)" > .data/dev-key)
  fi
  GATEWAY_DEV_KEY="$(cat .data/dev-key)"
  export GATEWAY_DEV_KEY
  echo "run-gateway: the dev client key is in .data/dev-key (export GATEWAY_DEV_KEY to choose your own)" >&2
fi

if [[ -z "${GATEWAY_ADMIN_KEY:-}" ]]; then
  if [[ ! -s .data/admin-key ]]; then
    (umask 077; echo "gw-admin-$(head -c 30 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)" > .data/admin-key)
  fi
  GATEWAY_ADMIN_KEY="$(cat .data/admin-key)"
  export GATEWAY_ADMIN_KEY
  echo "run-gateway: the admin key (for /admin/v1 and the dashboard at /dashboard/) is in .data/admin-key" >&2
fi

# Published ReadyToRun (as the container image is): the gateway's code is compiled ahead of time, so a fresh process
# serves near full speed from its first requests instead of JIT-compiling its request path under load
# (bench/README.md, cold start). The publish is incremental: a second start only checks it.
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
dotnet publish Gateway.Proxy/Gateway.Proxy.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -p:UseAppHost=false -o .data/publish --nologo -v quiet >&2
exec dotnet .data/publish/Gateway.Proxy.dll \
  --config "${GATEWAY_CONFIG:-config/gateway.json}" \
  --urls "${GATEWAY_URLS:-http://127.0.0.1:8080}" "$@"
