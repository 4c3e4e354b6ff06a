#!/usr/bin/env bash
# Builds deploy/docker/Dockerfile and runs the image the way deployment.yaml does: as the image's non-root user, a
# read-only root file system, /tmp on a tmpfs, no capabilities, and the config from a mounted directory
# (deploy/kubernetes/config). Checks the image's user and ReadyToRun code, the init container's --check-config,
# /healthz and /readyz, that nothing but /tmp is writable, JSON logs, a config edit picked up from the mounted
# directory, and a clean exit on SIGTERM. One line per check; exits non-zero if any fails.
#
#   deploy/docker/image-test.sh     ENGINE=podman|docker (default: podman, else a docker with a running engine)
#
# Where mcr.microsoft.com cannot be reached, the base images are stand-ins built by local-base-images.sh (Debian's
# packages and this machine's .NET); the build then mounts this machine's CA certificates and NuGet package folder
# (build-time only, nothing of them is in the image) so restore reaches the package mirror the host uses.
set -uo pipefail
docker_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deploy_dir=$(dirname "$docker_dir")
repo=$(dirname "$deploy_dir")
# shellcheck source=lib.sh
source "$docker_dir/lib.sh"

engine=${ENGINE:-}
if [[ -z $engine ]]; then
  if command -v podman >/dev/null; then engine=podman
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker
  else echo "image-test: no container engine (podman, or docker with a running engine)" >&2; exit 2
  fi
fi
image=${IMAGE:-localhost/llm-gateway:check}
work=$(mktemp -d /var/tmp/gw-image-test.XXXXXX)
chmod 755 "$work"
container=""
cleanup() {
  [[ -n $container ]] && "$engine" rm -f "$container" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $engine == podman && -z ${CONTAINERS_CONF:-} ]]; then
  # Inside a VM or container without CAP_SYS_RESOURCE podman's default limits (nofile 1048576) cannot be set, and
  # crun refuses hybrid cgroup hierarchies where runc works.
  {
    echo '[containers]'
    echo "default_ulimits = [\"nofile=$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) / 2 : 65536 )):$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) / 2 : 65536 ))\", \"nproc=4096:4096\"]"
    if command -v runc >/dev/null; then echo '[engine]'; echo 'runtime = "runc"'; fi
  } >"$work/containers.conf"
  export CONTAINERS_CONF=$work/containers.conf
fi

build_args=()
if ! timeout 60 "$engine" pull -q mcr.microsoft.com/dotnet/aspnet:10.0 >/dev/null 2>&1; then
  echo "image-test: mcr.microsoft.com cannot be reached; building stand-in base images (local-base-images.sh)"
  if ! bases=$(ENGINE=$engine "$docker_dir/local-base-images.sh"); then
    bad "stand-in base images (local-base-images.sh)"
    echo "image: $passed passed, $failed failed"
    exit 1
  fi
  build_args=(--build-arg "SDK_IMAGE=$(sed -n 1p <<<"$bases")" --build-arg "RUNTIME_IMAGE=$(sed -n 2p <<<"$bases")"
              --build-arg "NODE_IMAGE=$(sed -n 3p <<<"$bases")"
              --network host -v /etc/ssl/certs:/etc/ssl/certs:ro -v "$HOME/.nuget/packages:/root/.nuget/packages")
  mkdir -p "$HOME/.nuget/packages"
fi

ignore=(--ignorefile "$docker_dir/Dockerfile.dockerignore")
[[ $engine == docker ]] && ignore=()   # BuildKit reads Dockerfile.dockerignore beside the Dockerfile by itself
if "$engine" build -f "$docker_dir/Dockerfile" "${ignore[@]}" "${build_args[@]}" -t "$image" "$repo" >"$work/build.log" 2>&1; then
  ok "$engine build -f deploy/docker/Dockerfile"
else
  bad "$engine build -f deploy/docker/Dockerfile"; tail -n 30 "$work/build.log" | sed 's/^/      /'
  echo "image: $passed passed, $failed failed"
  exit 1
fi

user=$("$engine" image inspect "$image" --format '{{.Config.User}}')
[[ $user == 1654 ]] && ok "the image runs as UID 1654, not root" || bad "the image's user is '$user', not 1654"

probe=$("$engine" create "$image")
"$engine" cp "$probe:/app/Gateway.Proxy.dll" "$work/Gateway.Proxy.dll" >/dev/null
"$engine" rm "$probe" >/dev/null
check "the gateway is compiled ReadyToRun" is_ready_to_run "$work/Gateway.Proxy.dll"

# The init container: the Kubernetes config passes, a broken one fails naming the paths, nothing is started.
k8s_config "$work/config"
broken_config "$work/broken"
run_check() { "$engine" run --rm --read-only --cap-drop ALL -v "$1:/etc/gateway:ro" --entrypoint dotnet "$image" Gateway.Proxy.dll --check-config /etc/gateway/gateway.json; }
check "--check-config accepts deploy/kubernetes/config (init container command)" run_check "$work/config"
out=$(run_check "$work/broken" 2>&1); status=$?
if [[ $status == 1 ]] && grep -q "Gateway:Limits:MaxAttempts" <<<"$out" && grep -q "Gateway:Models:m:Targets:0:Provider" <<<"$out"; then
  ok "--check-config refuses a broken config with exit 1, naming each path"
else
  bad "--check-config on a broken config: exit $status"; sed 's/^/      /' <<<"$out"
fi

port=$(free_port)
# podman would also put tmpfs on /var/tmp and /run with --read-only: not so in a pod.
read_only=(--read-only)
[[ $engine == podman ]] && read_only+=(--read-only-tmpfs=false)
container=$("$engine" run -d "${read_only[@]}" --tmpfs /tmp:rw,size=128m --cap-drop ALL --security-opt no-new-privileges \
  -v "$work/config:/etc/gateway:ro" -p "127.0.0.1:$port:8080" "$image")
if wait_http "http://127.0.0.1:$port/healthz" 60; then
  ok "/healthz answers 200 (read-only root, /tmp tmpfs, no capabilities, config mounted read-only)"
else
  bad "/healthz did not answer 200 within 60 s"; "$engine" logs "$container" 2>&1 | tail -n 20 | sed 's/^/      /'
fi
# The shipped config warms the request path up before readiness (Gateway:WarmUp, at most MaxSeconds: 20).
check "/readyz answers 200" wait_http "http://127.0.0.1:$port/readyz" 45
check "the process runs as UID 1654" bash -c "[[ \$('$engine' exec '$container' id -u) == 1654 ]]"
writable=$("$engine" exec "$container" sh -c 'for d in / /app /etc/gateway /home/app /var/tmp /run; do touch "$d/.probe" 2>/dev/null && echo "$d"; done; touch /tmp/.probe || echo "/tmp not writable"')
[[ -z $writable ]] && ok "nothing is writable but /tmp" || bad "writable: $writable"
first_log=$("$engine" logs "$container" 2>&1 | head -n 1)
check "logs are JSON lines (Gateway:Logging:Format json in the Kubernetes config)" \
  python3 -c 'import json, sys; line = json.loads(sys.argv[1]); assert "event_id" in line and "level" in line' "$first_log"

edited_config "$work/config"
revision_2() { local deadline=$((SECONDS + 20)); until [[ $(ready_field "http://127.0.0.1:$port/readyz" config_revision) == 2 ]]; do ((SECONDS < deadline)) || return 1; sleep 0.5; done; }
check "an edit renamed over the mounted gateway.json is published (config_revision 2)" revision_2

"$engine" stop -t 20 "$container" >/dev/null
code=$("$engine" inspect "$container" --format '{{.State.ExitCode}}')
[[ $code == 0 ]] && ok "stops cleanly on SIGTERM (exit 0)" || bad "exit code $code after SIGTERM"

echo "image: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
