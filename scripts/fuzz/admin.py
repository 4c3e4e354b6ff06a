"""Sends mutated bodies to every admin API write (create and update of organizations, teams, environments, providers,
provider models, aliases, routing policies, prices, quotas, keys and bindings) and fails on any 5xx or an error not
in OpenAI's shape. Needs a gateway with a database. Usage: admin.py PORT ADMIN_KEY SEED COUNT"""
import json, random, sys, copy, http.client, uuid
import mutation
PORT = int(sys.argv[1]); ADMIN = sys.argv[2]; random.seed(int(sys.argv[3])); N = int(sys.argv[4])

def call(method, path, body=None, raw=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        c.request(method, path, data, {"Authorization": "Bearer " + ADMIN, "Content-Type": "application/json"})
        r = c.getresponse(); text = r.read()
        return r.status, text
    finally:
        c.close()

def create(path, body):
    status, text = call("POST", path, body)
    assert status == 201, (path, status, text[:300])
    return json.loads(text)

tag = uuid.uuid4().hex[:8]
org = create("/admin/v1/organizations", {"name": "fuzz-org-" + tag})["id"]
team = create(f"/admin/v1/organizations/{org}/teams", {"name": "fuzz-team"})["id"]
env = create(f"/admin/v1/teams/{team}/environments", {"name": "fuzz-env"})["id"]
provider = "fuzz-" + tag
create("/admin/v1/providers", {"id": provider, "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "scope": f"org:{org}", "credential": "sk-fuzz"})
key = create("/admin/v1/keys", {"name": "fuzz-key", "bindings": [{"scope": f"org:{org}"}]})["key"]["id"]
alias = create("/admin/v1/aliases", {"scope": f"team:{team}", "name": "fuzz-alias", "targets": [{"provider": provider, "model": "m"}]})["id"]
policy = create("/admin/v1/routing-policies", {"scope": f"team:{team}", "name": "p", "type": "cost"})["id"]
quota = create("/admin/v1/quotas", {"subject_kind": "team", "subject_id": team, "metric": "requests", "window": "minute", "limit": 5})["id"]

WRITES = [
 ("POST", "/admin/v1/organizations", {"name": "o", "metadata": {"a": 1}}),
 ("PUT", f"/admin/v1/organizations/{org}", {"name": "fuzz-org-" + tag}),
 ("POST", f"/admin/v1/organizations/{org}/teams", {"name": "t"}),
 ("PUT", f"/admin/v1/teams/{team}", {"name": "fuzz-team"}),
 ("POST", f"/admin/v1/teams/{team}/environments", {"name": "e", "store_bodies": True}),
 ("PUT", f"/admin/v1/environments/{env}", {"name": "fuzz-env", "store_bodies": False}),
 ("POST", "/admin/v1/providers", {"id": "p-x", "kind": "anthropic", "base_url": "https://example.com", "scope": f"team:{team}", "region": "eu", "credential": "sk", "settings": {"Region": "us-east-1"}, "enabled": True}),
 ("PUT", f"/admin/v1/providers/{provider}", {"kind": "openai", "base_url": "http://127.0.0.1:9/v1", "enabled": True}),
 ("PUT", f"/admin/v1/providers/{provider}/credential", {"credential": "sk-new"}),
 ("POST", f"/admin/v1/providers/{provider}/models", {"model": "vendor/m", "capabilities": ["tools", "json_schema"], "context_window": 131072, "max_output_tokens": 8192, "parameter_mapping": {"max_tokens": "max_completion_tokens"}}),
 ("PUT", f"/admin/v1/providers/{provider}/models/m", {"model": "m", "capabilities": ["vision"], "context_window": 1000}),
 ("POST", "/admin/v1/aliases", {"scope": f"environment:{env}", "name": "a", "strategy": "weighted", "targets": [{"provider": provider, "model": "m", "weight": 2}]}),
 ("PUT", f"/admin/v1/aliases/{alias}", {"scope": f"team:{team}", "name": "fuzz-alias", "targets": [{"provider": provider, "model": "m"}]}),
 ("POST", "/admin/v1/routing-policies", {"scope": f"team:{team}", "name": "cheap", "type": "deterministic", "priority": 10, "active": True, "rules": {"rules": [{"when": {"model": "gpt-*", "needs_tools": True, "prompt_tokens_above": 100, "header": {"x-tier": "gold"}}, "targets": [{"provider": provider, "model": "m"}]}], "models": ["gpt-*"], "parameters": {"default_output_tokens": 500}}}),
 ("PUT", f"/admin/v1/routing-policies/{policy}", {"scope": f"team:{team}", "name": "p", "type": "hybrid", "rules": {"weights": {"cost": 1, "latency": 1, "errors": 1}}}),
 ("POST", "/admin/v1/prices", {"provider_id": provider, "model": "m", "input_per_mtok": 1.5, "output_per_mtok": 2, "cached_read_per_mtok": 0.1, "cache_write_per_mtok": 3, "effective_from": "2026-01-01T00:00:00Z"}),
 ("POST", "/admin/v1/quotas", {"subject_kind": "key", "subject_id": key, "metric": "cost", "window": "month", "limit": 10.5}),
 ("PUT", f"/admin/v1/quotas/{quota}", {"limit": 7}),
 ("POST", "/admin/v1/keys", {"name": "k", "expires_at": "2030-01-01T00:00:00Z", "region": "eu", "bindings": [{"scope": f"team:{team}", "allowed_models": ["a", "b"], "rpm_limit": 5, "tpm_limit": 100, "is_admin": False, "daily_budget": 1}]}),
 ("POST", f"/admin/v1/keys/{key}/bindings", {"scope": f"environment:{env}", "allowed_models": ["x"], "rpm_limit": 1}),
]
weird = [None, True, False, 0, -1, 1e308, -1e308, 2**63, 2**64, 1.5, "", " ", "x" * 300, "\u0000", "😀", [], {}, [None], {"a": None},
         "not-a-uuid", str(uuid.uuid4()), "org:" + str(uuid.uuid4()), "team:x", "global", "environment:", "2030-13-45", "-1", "NaN", [[[]]], "http://", "ftp://x", "gpt-*"]
EXTRA = ["id", "name", "scope", "extra", "limit", "targets", "rules", "kind"]
def mutate(o): return mutation.mutate(o, weird, EXTRA, repeat=40)
bad = []; counts = {}
for i in range(N):
    method, path, seed = random.choice(WRITES)
    body = copy.deepcopy(seed)
    for _ in range(random.randint(1, 3)): body = mutate(body)
    raw = json.dumps(body).encode("utf-8", "surrogatepass")
    if random.random() < 0.05:
        b = bytearray(raw); p = random.randrange(len(b)); b[p] = random.randrange(256); raw = bytes(b)
    try:
        status, text = call(method, path, raw=raw)
    except Exception as ex:
        bad.append((method, path, "EXC", repr(ex)[:200], raw[:300])); continue
    counts[status] = counts.get(status, 0) + 1
    if status >= 500:
        bad.append((method, path, status, text[:300], raw[:300])); continue
    if status >= 400:
        try:
            e = json.loads(text)["error"]; assert "message" in e and "type" in e
        except Exception:
            bad.append((method, path, status, "not OpenAI's error shape", text[:300]))
print("statuses", sorted(counts.items())); print("bad", len(bad))
for b in bad[:20]: print(b)
sys.exit(1 if bad else 0)
