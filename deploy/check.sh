#!/usr/bin/env bash
# Checks deploy/ with the tools this machine has; a missing tool is reported as skipped, not as a failure.
#   deploy/check.sh             (PROMTOOL=/path/to/promtool to use one that is not on PATH)
#   deploy/check.sh --install   first installs what is missing: Debian's prometheus (promtool), podman, runc and
#                               debootstrap (the image), and the npm packages of tools/ (the manifests' schemas);
#                               CI runs this (.ci/run)
#   IMAGE_CHECK=auto|engine|published|skip   how the container image is proven (default auto: build and run it
#                               with podman or docker when one works, else docker/published-test.sh)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
passed=0 failed=0 skipped=0
ok()   { echo "ok    $*"; passed=$((passed + 1)); }
bad()  { echo "FAIL  $*"; failed=$((failed + 1)); }
skip() { echo "skip  $*"; skipped=$((skipped + 1)); }
check() { local what=$1; shift; if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; echo "$out" | sed 's/^/      /'; fi; }

if [[ ${1:-} == --install ]]; then
  packages=()
  command -v promtool >/dev/null || packages+=(prometheus)
  command -v podman >/dev/null || packages+=(podman)
  command -v runc >/dev/null || packages+=(runc)
  command -v debootstrap >/dev/null || packages+=(debootstrap)
  if ((${#packages[@]} > 0)); then
    echo "check: apt-get install ${packages[*]}"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"; } >/tmp/deploy-check-apt.log 2>&1 \
      || { echo "check: apt-get failed (see /tmp/deploy-check-apt.log)"; tail -n 5 /tmp/deploy-check-apt.log; }
  fi
  if command -v npm >/dev/null && [[ ! -d tools/node_modules ]]; then
    echo "check: npm ci in deploy/tools"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error) || echo "check: npm ci failed"
  fi
fi

check "grafana/gateway-dashboard.json is JSON" python3 -m json.tool grafana/gateway-dashboard.json
check "kubernetes/config/catalog.json is config/catalog.json (else: cp config/catalog.json deploy/kubernetes/config/)" \
  cmp kubernetes/config/catalog.json ../config/catalog.json

if python3 -c 'import yaml' 2>/dev/null; then
  while IFS= read -r f; do
    check "$f parses" python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
  done < <(find . -path ./tools/node_modules -prune -o \( -name '*.yaml' -o -name '*.yml' \) -print | sort)
else
  skip "YAML parsing (no PyYAML)"
fi

# The gateway's own verdict on the configs shipped here (what the init container and a pre-apply check run).
gateway=../Gateway.Proxy/bin/Release/net10.0/Gateway.Proxy.dll
if command -v dotnet >/dev/null; then
  [[ -f $gateway ]] || dotnet build ../Gateway.Proxy/Gateway.Proxy.csproj -c Release -nologo -v quiet >/dev/null 2>&1
  check "--check-config kubernetes/config/gateway.json" dotnet "$gateway" --check-config kubernetes/config/gateway.json
  check "--check-config config/gateway.json" dotnet "$gateway" --check-config ../config/gateway.json
else
  skip "--check-config (no dotnet)"
fi

manifests=$(mktemp -d)
if command -v kubectl >/dev/null; then
  check "kubectl kustomize kubernetes" bash -c "kubectl kustomize kubernetes >'$manifests/base.yaml'"
  # The optional component, in a throwaway overlay (kustomize wants relative paths, outside the base).
  overlay=$(mktemp -d -p .)
  printf 'resources: [../kubernetes]\ncomponents: [../kubernetes/hpa-in-flight]\n' >"$overlay/kustomization.yaml"
  check "kubectl kustomize with the hpa-in-flight component (the HPA gains the Pods metric)" \
    bash -c "kubectl kustomize '$overlay' >'$manifests/in-flight.yaml' && grep -q 'name: gateway_requests_in_flight' '$manifests/in-flight.yaml'"
  check "the kustomized Deployment runs --check-config in an init container on the mounted config" \
    bash -c "grep -q -- '--check-config' '$manifests/base.yaml' && grep -q 'name: check-config' '$manifests/base.yaml'"
  rm -r "$overlay"
else
  skip "kustomize build (no kubectl): the manifests are validated file by file"
  grep -l '^kind:' kubernetes/*.yaml | grep -v servicemonitor | xargs cat >"$manifests/base.yaml"
fi

# Schemas: what kubeconform -strict does, offline (tools/validate-manifests.mjs: the Kubernetes OpenAPI schemas of
# kubernetes-models through ajv, and its TypeScript types for unknown fields). It must also fail a broken file.
if command -v node >/dev/null && [[ -d tools/node_modules ]]; then
  inputs=("$manifests"/*.yaml kubernetes/servicemonitor.yaml)
  check "manifests match the Kubernetes schemas (kustomize output, servicemonitor.yaml)" node tools/validate-manifests.mjs "${inputs[@]}"
  out=$(node tools/validate-manifests.mjs tools/testdata/broken.yaml 2>&1)
  if [[ $? == 1 ]] && grep -q readinesProbe <<<"$out" && grep -q 'ports/0/port must be integer' <<<"$out" && grep -q unhealthyPodEvictionPolicy <<<"$out"; then
    ok "the schema check names each mistake in tools/testdata/broken.yaml"
  else
    bad "the schema check missed a mistake in tools/testdata/broken.yaml"; echo "$out" | sed 's/^/      /'
  fi
else
  skip "manifest schemas (no node, or no tools/node_modules: deploy/check.sh --install)"
fi
rm -rf "$manifests"

promtool=${PROMTOOL:-promtool}
if command -v "$promtool" >/dev/null; then
  check "promtool check rules prometheus/alerts.yml" "$promtool" check rules prometheus/alerts.yml
  check "promtool test rules prometheus/alerts.test.yml" bash -c "cd prometheus && '$promtool' test rules alerts.test.yml"
  # The dashboard's queries, with its variables filled in, as recording rules: promtool parses every one.
  queries=$(mktemp --suffix=.yml)
  if python3 - grafana/gateway-dashboard.json >"$queries" <<'EOF2'
import json, sys
dashboard = json.load(open(sys.argv[1]))
rules = []
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        expr = target["expr"].replace("$__rate_interval", "1m")
        for variable in ("job", "model", "provider", "stream"):
            expr = expr.replace("$" + variable, ".*")
        rules.append({"record": f"dashboard:panel_{panel['id']}_{target['refId']}", "expr": expr})
print(json.dumps({"groups": [{"name": "dashboard", "rules": rules}]}))
EOF2
  then
    check "promtool check rules on the dashboard's queries" "$promtool" check rules "$queries"
  else
    bad "reading the dashboard's queries"
  fi
  rm -f "$queries"
  if out=$("$promtool" check config prometheus/prometheus.yml 2>&1); then
    ok "promtool check config prometheus/prometheus.yml"
  elif grep -q "kubernetes_sd_configs not found" <<<"$out"; then
    skip "promtool check config (this promtool is built without Kubernetes service discovery)"
  else
    bad "promtool check config prometheus/prometheus.yml"; echo "$out" | sed 's/^/      /'
  fi
else
  skip "alert rules and their tests (no promtool)"
fi

if command -v systemd-analyze >/dev/null; then
  check "systemd-analyze verify systemd/llm-gateway.service" systemd-analyze verify systemd/llm-gateway.service
else
  skip "systemd unit (no systemd-analyze)"
fi

# The container image: built and run when a container engine works here, else the same steps on the published
# folder (docker/published-test.sh). Each prints its own checks.
image_check=${IMAGE_CHECK:-auto}
if [[ $image_check == auto ]]; then
  if command -v podman >/dev/null || { command -v docker >/dev/null && docker info >/dev/null 2>&1; }; then
    image_check=engine
  elif [[ $(id -u) == 0 ]] && command -v dotnet >/dev/null; then
    image_check=published
  else
    image_check=skip
  fi
fi
case $image_check in
  engine)
    if docker/image-test.sh 2>&1 | sed 's/^/      /'; [[ ${PIPESTATUS[0]} == 0 ]]; then
      ok "docker/image-test.sh: the image builds and runs read-only as non-root with a mounted config"
    else
      bad "docker/image-test.sh"
    fi ;;
  published)
    if docker/published-test.sh 2>&1 | sed 's/^/      /'; [[ ${PIPESTATUS[0]} == 0 ]]; then
      ok "docker/published-test.sh: the published app runs read-only as non-root with a separate config"
    else
      bad "docker/published-test.sh"
    fi ;;
  *) skip "container image (IMAGE_CHECK=skip, or neither a container engine nor root with dotnet)" ;;
esac

echo "deploy: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
