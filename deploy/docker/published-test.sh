#!/usr/bin/env bash
# The image's steps without a container engine: publishes the gateway as the Dockerfile does (ReadyToRun,
# framework-dependent) and runs the published folder the way deployment.yaml runs the image: as an unprivileged
# user (UID/GID 1654, no capabilities, no new privileges), in a mount namespace whose root file system is read-only
# with a fresh tmpfs on /tmp, from the app folder as working directory, with the config from a separate folder
# (deploy/kubernetes/config). Checks what image-test.sh checks: ReadyToRun code, the init container's
# --check-config, /healthz and /readyz, that nothing but /tmp is writable (and that the process wrote no file
# anywhere else), JSON logs, a config edit picked up, a clean exit on SIGTERM. Needs root (unshare, setpriv).
#
#   deploy/docker/published-test.sh
set -uo pipefail
docker_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deploy_dir=$(dirname "$docker_dir")
repo=$(dirname "$deploy_dir")
# shellcheck source=lib.sh
source "$docker_dir/lib.sh"
uid=1654

[[ $(id -u) == 0 ]] || { echo "published-test: needs root (unshare, setpriv)" >&2; exit 2; }
# Not under /tmp: the run gets a fresh, empty /tmp of its own.
work=$(mktemp -d /var/tmp/gw-published-test.XXXXXX)
chmod 755 "$work"
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rid=linux-$([[ $(uname -m) == aarch64 ]] && echo arm64 || echo x64)
if dotnet publish "$repo/Gateway.Proxy/Gateway.Proxy.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
     -p:UseAppHost=false -o "$work/app" -nologo >"$work/publish.log" 2>&1; then
  ok "dotnet publish -r $rid -p:PublishReadyToRun=true (the Dockerfile's publish)"
else
  bad "dotnet publish"; tail -n 30 "$work/publish.log" | sed 's/^/      /'
  echo "published: $passed passed, $failed failed"
  exit 1
fi
chmod -R a+rX,go-w "$work/app"
check "the gateway is compiled ReadyToRun" is_ready_to_run "$work/app/Gateway.Proxy.dll"

k8s_config "$work/config"
broken_config "$work/broken"
touch "$work/started"

# as_app DIR COMMAND...: COMMAND in DIR as the unprivileged user, in a mount namespace shaped like the pod's file
# system: everything read-only but a new, empty /tmp. It replaces the calling shell (every step execs the next), so
# run it in a subshell; in the background, $! is then the command's own process.
as_app() {
  local dir=$1; shift
  exec unshare --mount --propagation private bash -c '
    mount -t tmpfs -o size=128m,mode=1777,nosuid,nodev tmpfs /tmp &&
    mount -o remount,bind,ro / &&
    cd "$0" &&
    exec setpriv --reuid='"$uid"' --regid='"$uid"' --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all \
      env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent DOTNET_shutdownTimeoutSeconds=20 "$@"' "$dir" "$@"
}

subshell() { ("$@"); }
check "--check-config accepts deploy/kubernetes/config (init container command)" \
  subshell as_app "$work/app" dotnet Gateway.Proxy.dll --check-config "$work/config/gateway.json"
out=$(subshell as_app "$work/app" dotnet Gateway.Proxy.dll --check-config "$work/broken/gateway.json" 2>&1); status=$?
if [[ $status == 1 ]] && grep -q "Gateway:Limits:MaxAttempts" <<<"$out" && grep -q "Gateway:Models:m:Targets:0:Provider" <<<"$out"; then
  ok "--check-config refuses a broken config with exit 1, naming each path"
else
  bad "--check-config on a broken config: exit $status"; sed 's/^/      /' <<<"$out"
fi

port=$(free_port)
(as_app "$work/app" dotnet Gateway.Proxy.dll --config "$work/config/gateway.json" --urls "http://127.0.0.1:$port" >"$work/out.log" 2>&1) &
pid=$!
if wait_http "http://127.0.0.1:$port/healthz" 60; then
  ok "/healthz answers 200 (UID $uid, read-only root, /tmp tmpfs, no capabilities, config from its own folder)"
else
  bad "/healthz did not answer 200 within 60 s"; tail -n 20 "$work/out.log" | sed 's/^/      /'
fi
# The shipped config warms the request path up before readiness (Gateway:WarmUp, at most MaxSeconds: 20).
check "/readyz answers 200" wait_http "http://127.0.0.1:$port/readyz" 45
check "the process runs as UID $uid with no capabilities" \
  bash -c "grep -q '^Uid:[[:space:]]*$uid[[:space:]]' /proc/$pid/status && grep -q '^CapEff:[[:space:]]*0*\$' /proc/$pid/status"
check "its working directory is the app folder" bash -c "[[ \$(readlink /proc/$pid/cwd) == '$work/app' ]]"
writable=$(nsenter --mount="/proc/$pid/ns/mnt" setpriv --reuid=$uid --regid=$uid --clear-groups sh -c \
  "for d in / '$work/app' '$work/config' /var/tmp /run; do touch \"\$d/.probe\" 2>/dev/null && echo \"\$d\"; done; touch /tmp/.probe || echo '/tmp not writable'")
[[ -z $writable ]] && ok "nothing is writable but /tmp" || bad "writable: $writable"
check "logs are JSON lines (Gateway:Logging:Format json in the Kubernetes config)" \
  python3 -c 'import json, sys; line = json.loads(open(sys.argv[1]).readline()); assert "event_id" in line and "level" in line' "$work/out.log"

edited_config "$work/config"
revision_2() { local deadline=$((SECONDS + 20)); until [[ $(ready_field "http://127.0.0.1:$port/readyz" config_revision) == 2 ]]; do ((SECONDS < deadline)) || return 1; sleep 0.5; done; }
check "an edit renamed over gateway.json is published (config_revision 2)" revision_2

kill -TERM "$pid"
wait "$pid"; code=$?
pid=""
[[ $code == 0 ]] && ok "stops cleanly on SIGTERM (exit 0)" || bad "exit code $code after SIGTERM"
# The run's /tmp went with its namespace; anything else the user owns, it wrote.
written=$(find / -xdev -user "$uid" -newer "$work/started" 2>/dev/null | head -n 5)
[[ -z $written ]] && ok "the process left no file behind outside its /tmp" || bad "files written: $written"

echo "published: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
