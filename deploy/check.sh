#!/usr/bin/env bash
# Checks deploy/ with the tools this machine has; a missing tool is reported as skipped, not as a failure.
#   deploy/check.sh                     (PROMTOOL=/path/to/promtool to use one that is not on PATH)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
passed=0 failed=0 skipped=0
ok()   { echo "ok    $*"; passed=$((passed + 1)); }
bad()  { echo "FAIL  $*"; failed=$((failed + 1)); }
skip() { echo "skip  $*"; skipped=$((skipped + 1)); }
check() { local what=$1; shift; if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; echo "$out" | sed 's/^/      /'; fi; }

check "grafana/gateway-dashboard.json is JSON" python3 -m json.tool grafana/gateway-dashboard.json
check "kubernetes/config/catalog.json is config/catalog.json (else: cp config/catalog.json deploy/kubernetes/config/)" \
  cmp kubernetes/config/catalog.json ../config/catalog.json

if python3 -c 'import yaml' 2>/dev/null; then
  while IFS= read -r f; do
    check "$f parses" python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
  done < <(find . -name '*.yaml' -o -name '*.yml' | sort)
else
  skip "YAML parsing (no PyYAML)"
fi

if command -v kubectl >/dev/null; then
  check "kubectl kustomize kubernetes" kubectl kustomize kubernetes
  # The optional component, in a throwaway overlay (kustomize wants relative paths, outside the base).
  overlay=$(mktemp -d -p .)
  printf 'resources: [../kubernetes]\ncomponents: [../kubernetes/hpa-in-flight]\n' >"$overlay/kustomization.yaml"
  check "kubectl kustomize with the hpa-in-flight component (the HPA gains the Pods metric)" \
    bash -c "kubectl kustomize '$overlay' | grep -q 'name: gateway_requests_in_flight'"
  rm -r "$overlay"
else
  skip "kustomize build (no kubectl)"
fi

promtool=${PROMTOOL:-promtool}
if command -v "$promtool" >/dev/null; then
  check "promtool check rules prometheus/alerts.yml" "$promtool" check rules prometheus/alerts.yml
  check "promtool test rules prometheus/alerts.test.yml" bash -c "cd prometheus && '$promtool' test rules alerts.test.yml"
  # The dashboard's queries, with its variables filled in, as recording rules: promtool parses every one.
  queries=$(mktemp --suffix=.yml)
  if python3 - grafana/gateway-dashboard.json >"$queries" <<'EOF'
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
EOF
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

echo "deploy: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
