# Shared by image-test.sh and published-test.sh (sourced): reporting, HTTP waits, the ReadyToRun check, configs.
passed=0 failed=0
ok()  { echo "ok    $*"; passed=$((passed + 1)); }
bad() { echo "FAIL  $*"; failed=$((failed + 1)); }
# check WHAT COMMAND...: ok when the command succeeds, else its output indented under the failure.
check() { local what=$1 out; shift; if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; sed 's/^/      /' <<<"$out" | tail -n 30; fi; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_http URL [SECONDS]: until it answers 200.
wait_http() {
  local deadline=$((SECONDS + ${2:-60}))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# ready_field URL FIELD: a top-level field of /readyz's JSON.
ready_field() { curl -s "$1" | python3 -c "import json, sys; print(json.load(sys.stdin)['$2'])"; }

# is_ready_to_run DLL: the assembly carries precompiled code (its CLI header has a ReadyToRun ManagedNativeHeader).
is_ready_to_run() {
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pe = struct.unpack_from("<I", data, 0x3C)[0]
sections, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
optional = pe + 24
magic = struct.unpack_from("<H", data, optional)[0]
directories = optional + (96 if magic == 0x10B else 112)
cli_rva = struct.unpack_from("<I", data, directories + 14 * 8)[0]
def offset(rva):
    for i in range(sections):
        s = optional + optional_size + i * 40
        size, va, raw_size, raw = struct.unpack_from("<IIII", data, s + 8)
        if va <= rva < va + max(size, raw_size):
            return rva - va + raw
    raise SystemExit("RVA outside the sections")
cli = offset(cli_rva)
flags = struct.unpack_from("<I", data, cli + 16)[0]
native_rva = struct.unpack_from("<I", data, cli + 64)[0]
ready = flags & 0x4 and native_rva and data[offset(native_rva):offset(native_rva) + 4] == b"RTR\0"
sys.exit(0 if ready else 1)
PY
}

# k8s_config DIR: the Kubernetes config (deploy/kubernetes/config) copied into DIR, readable by anyone.
k8s_config() {
  mkdir -p "$1"
  cp "$deploy_dir"/kubernetes/config/gateway.json "$deploy_dir"/kubernetes/config/catalog.json "$1"/
  chmod 755 "$1"
  chmod 644 "$1"/*.json
}

# broken_config DIR: a gateway.json with two mistakes, for --check-config.
broken_config() {
  mkdir -p "$1"
  printf '%s\n' '{ "Gateway": { "Limits": { "MaxAttempts": 0 }, "Models": { "m": { "Targets": [ { "Provider": "nope", "Model": "x" } ] } } } }' >"$1"/gateway.json
  chmod 755 "$1"
  chmod 644 "$1"/gateway.json
}

# edited_config DIR: a new gateway.json renamed over the old one, the way editors and ConfigMaps replace it.
edited_config() {
  sed 's/"gpt-4o-mini": {/"gpt-4o-mini-2": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },\n      "gpt-4o-mini": {/' \
    "$1"/gateway.json >"$1"/.gateway.json.new
  chmod 644 "$1"/.gateway.json.new
  mv "$1"/.gateway.json.new "$1"/gateway.json
}
