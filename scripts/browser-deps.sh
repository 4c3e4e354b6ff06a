#!/usr/bin/env bash
# Makes sure what the dashboard needs is on the machine:
#   - Node.js 20.19+ and npm, which `dotnet build` uses to build the dashboard (dashboard/, a Vite project);
#   - Debian's chromium package, which the browser tests drive through Playwright (never a downloaded browser).
# Installs what is missing with apt-get (as root, or with sudo). Safe to run again: it does nothing when all is there.
#
#   scripts/browser-deps.sh            both
#   scripts/browser-deps.sh node       only Node.js and npm (enough to build and run the gateway)
set -euo pipefail

say() { echo "browser-deps: $*" >&2; }

sudo=""
if [[ "$(id -u)" != 0 ]]; then
  sudo="sudo"
fi
updated=no
apt_install() {
  command -v apt-get >/dev/null || { say "no apt-get here: install $* yourself"; exit 1; }
  if [[ "$updated" == no ]]; then
    $sudo apt-get update -qq >&2
    updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

node_ok() {
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  # Vite 8 needs Node.js 20.19 or newer.
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}

if ! node_ok; then
  say "Node.js 20.19+ with npm not found; installing Debian's nodejs and npm"
  apt_install nodejs npm
  node_ok || { say "the installed Node.js is older than 20.19: install a newer one and run again"; exit 1; }
fi

if [[ "${1:-}" != node && ! -x /usr/bin/chromium ]]; then
  say "installing Debian's chromium for the browser tests"
  apt_install chromium
fi
