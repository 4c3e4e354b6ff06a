"""Sends mutated chat requests (types swapped, fields dropped or added, bytes damaged) to every provider kind and
reports any answer that is a 5xx other than 502/503/504, or not in OpenAI's error shape. Usage: requests.py PORT SEED COUNT"""
import json, random, http.client, sys, copy
import mutation
PORT = int(sys.argv[1]); random.seed(int(sys.argv[2])); N = int(sys.argv[3])
KEY = "gw-fuzz-key-0123456789"
models = ["m-oa", "m-an", "m-ge", "m-co", "m-mi", "m-br", "m-fo"]
seeds = [
 {"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"temperature":0.5,"max_tokens":20},
 {"messages":[{"role":"developer","content":[{"type":"text","text":"dev"}]},{"role":"user","content":[{"type":"text","text":"what"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}]},
 {"messages":[{"role":"user","content":"weather?"},{"role":"assistant","content":None,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"sunny"}],
  "tools":[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":"auto"},
 {"messages":[{"role":"user","content":"json please"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","properties":{"a":{"type":"integer"}}},"strict":True}},"stop":["END","STOP"],"n":1,"seed":3,"top_p":0.9,"user":"u1"},
 {"messages":[{"role":"user","content":"stream"}],"stream":True,"stream_options":{"include_usage":True},"models":["m-oa","m-an"],"provider":{"order":["oa"],"allow_fallbacks":True,"sort":"price","max_price":{"prompt":1}}},
]
weird = [None, True, False, 0, -1, 1e308, -1e308, 2**63, 2**64, 1.5, "", "x"*5, "\u0000", "\ud7ff\ue000", "😀", [], {}, [None], {"a": None}, [[[]]], "data:image/png;base64,", "http://", "data:", "data:;base64,@@@", {"type": "text"}, {"type": "image_url"}, {"type": "unknown"}, [{"type":"text","text":None}], "none", "auto", "required", {"type":"function"}, {"type":"function","function":{}}, {"type":"function","function":{"name":""}}, -0.0, 1e-320]
EXTRA = ["content","role","type","name","arguments","tool_calls","image_url","url","function","parameters","max_completion_tokens","n","logprobs","top_logprobs","reasoning_effort","modalities","audio","prediction","metadata","store","usage","parallel_tool_calls","stream_options"]
def mutate(o): return mutation.mutate(o, weird, EXTRA, repeat=3)
bad = []
counts = {}
for i in range(N):
    body = copy.deepcopy(random.choice(seeds))
    body["model"] = random.choice(models)
    for _ in range(random.randint(1, 4)):
        body = mutate(body)
    try:
        raw = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
    except Exception:
        continue
    if random.random() < 0.05:
        # byte-level damage
        b = bytearray(raw); 
        for _ in range(random.randint(1,3)):
            p = random.randrange(len(b)); b[p] = random.randrange(256)
        raw = bytes(b)
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        c.request("POST", "/v1/chat/completions", raw, {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
        r = c.getresponse(); data = r.read()
        counts[r.status] = counts.get(r.status, 0) + 1
        ok_shape = True
        if r.status >= 400:
            try:
                e = json.loads(data)["error"]; ok_shape = "message" in e and "type" in e
            except Exception:
                ok_shape = False
        if r.status >= 500 and r.status not in (502, 503, 504) or not ok_shape:
            bad.append((r.status, raw[:400], data[:300]))
    except Exception as ex:
        bad.append(("EXC", raw[:400], repr(ex)))
    finally:
        c.close()
print("statuses", sorted(counts.items()))
print("bad", len(bad))
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
