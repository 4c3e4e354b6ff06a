#!/usr/bin/env bash
# A local PostgreSQL for running the gateway (not for tests: they start their own throwaway one).
#
#   scripts/postgres-local.sh          start it, or reuse it if it runs; prints the connection string last
#   scripts/postgres-local.sh stop     stop it
#   scripts/postgres-local.sh status   say whether it runs
#   scripts/postgres-local.sh install  only make sure the server binaries are installed
#
# Data lives in .data/postgres under the repository (git-ignored), created on first run and kept.
# As root the server runs as the postgres user; if that user cannot enter the repository, the data
# goes to /var/tmp/gateway-pg-<hash of the repository path> instead (the script says so).
# Port: GATEWAY_PG_PORT (default 25432: below the kernel's ephemeral range, 32768-60999, where a client connection
# could hold it after heavy local traffic), on 127.0.0.1 only. Binaries: PG_BINDIR, else the newest
# /usr/lib/postgresql/*/bin, else PATH; when none is found, Debian's postgresql package is installed.
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PORT="${GATEWAY_PG_PORT:-25432}"
readonly DATABASE="gateway"
readonly IS_ROOT="$([[ "$(id -u)" == 0 ]] && echo yes || echo no)"

say() { echo "postgres-local: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
    echo "$PG_BINDIR"; return 0
  fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return 0; fi
  local initdb
  initdb="$(command -v initdb || true)"
  if [[ -n "$initdb" ]]; then dirname "$(readlink -f "$initdb")"; return 0; fi
  return 1
}

install_server() {
  say "no PostgreSQL server binaries found; installing Debian's postgresql package"
  local sudo=""
  if [[ "$IS_ROOT" != yes ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install the postgresql package yourself"
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

ensure_bindir() {
  BINDIR="$(find_bindir)" || { install_server; BINDIR="$(find_bindir)" || die "the postgresql package installed no initdb"; }
}

# The data folder: under the repository unless the postgres user (when we are root) cannot reach it.
choose_data_dir() {
  local preferred="$REPO/.data/postgres"
  if [[ "$IS_ROOT" != yes ]]; then DATA="$preferred"; return; fi
  if runuser -u postgres -- test -x "$REPO"; then
    DATA="$preferred"
  else
    local hash
    hash="$(printf '%s' "$REPO" | sha256sum | cut -c1-12)"
    DATA="/var/tmp/gateway-pg-$hash"
    say "the postgres user cannot enter $REPO; keeping the data in $DATA instead"
  fi
}

# Runs a server tool, as the postgres user when we are root (initdb and postgres refuse root).
as_server() {
  if [[ "$IS_ROOT" == yes ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() { as_server "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

# The port a running server listens on: line 4 of postmaster.pid.
running_port() { sed -n 4p "$DATA/postmaster.pid"; }

init_cluster() {
  mkdir -p "$DATA"
  if [[ "$IS_ROOT" == yes ]]; then chown postgres:postgres "$DATA"; fi
  chmod 700 "$DATA"
  say "creating a new cluster in $DATA"
  as_server "$BINDIR/initdb" -A trust -E UTF8 --locale=C.UTF-8 -U postgres -D "$DATA" >/dev/null
}

start() {
  ensure_bindir
  choose_data_dir
  [[ -f "$DATA/PG_VERSION" ]] || init_cluster
  local port="$PORT"
  if is_running; then
    port="$(running_port)"
    say "already running on port $port ($DATA)"
  else
    # No unix socket: a deep repository path would exceed the socket path limit, and TCP suffices.
    ( cd "$DATA" && as_server "$BINDIR/pg_ctl" start -w -t 60 -s -D "$DATA" -l "$DATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=''" ) \
      || die "the server did not start; see $DATA/server.log"
    say "started on port $port ($DATA)"
  fi
  local psql=("$BINDIR/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [[ "$("${psql[@]}" -tAc "select 1 from pg_database where datname = '$DATABASE'")" != 1 ]]; then
    "${psql[@]}" -c "create database $DATABASE"
    say "created database $DATABASE"
  fi
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$DATABASE"
}

stop() {
  ensure_bindir
  choose_data_dir
  if [[ -f "$DATA/PG_VERSION" ]] && is_running; then
    as_server "$BINDIR/pg_ctl" stop -w -s -m fast -D "$DATA"
    say "stopped ($DATA)"
  else
    say "not running"
  fi
}

status() {
  ensure_bindir
  choose_data_dir
  if [[ -f "$DATA/PG_VERSION" ]] && is_running; then
    say "running on port $(running_port) ($DATA)"
  else
    say "not running"
    return 3
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) ensure_bindir; say "server binaries in $BINDIR" ;;
  *) die "usage: $0 [start|stop|status|install]" ;;
esac
