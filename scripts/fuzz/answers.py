"""Sends plain chat requests, whole and streamed, while upstream.py mutates the providers' answers; reports any 5xx other
than 502/503/504, a broken connection, or a stream that is not OpenAI chunks ending in [DONE] or an error event.
Usage: answers.py PORT SEED COUNT"""
import json, random, http.client, sys
PORT = int(sys.argv[1]); random.seed(int(sys.argv[2])); N = int(sys.argv[3])
KEY = "gw-fuzz-key-0123456789"
models = ["m-oa", "m-an", "m-ge", "m-co", "m-mi", "m-br"]
bad = []; counts = {}
for i in range(N):
    model = random.choice(models); stream = random.random() < 0.5
    body = {"model": model, "messages": [{"role": "user", "content": "hi"}], "stream": stream}
    if stream and random.random() < 0.5: body["stream_options"] = {"include_usage": True}
    if random.random() < 0.3: body["tools"] = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        c.request("POST", "/v1/chat/completions", json.dumps(body), {"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
        r = c.getresponse(); data = r.read()
        key = (r.status, "stream" if stream else "whole"); counts[key] = counts.get(key, 0) + 1
        if r.status >= 500 and r.status not in (502, 503, 504):
            bad.append((model, stream, r.status, data[:300])); continue
        if r.status != 200:
            e = json.loads(data)["error"]; assert "message" in e; continue
        if not stream:
            j = json.loads(data)
            if model not in ("m-oa", "m-mi"): assert j["object"] == "chat.completion" and isinstance(j["choices"], list), data[:200]
            continue
        text = data.decode("utf-8")
        events = [e for e in text.split("\n\n") if e.strip()]
        assert events, "empty stream"
        last = events[-1]
        for ev in events:
            assert ev.startswith("data: "), ev[:100]
            payload = ev[6:]
            if payload == "[DONE]": continue
            j = json.loads(payload)
            if model not in ("m-oa", "m-mi"): assert ("error" in j) or j.get("object") == "chat.completion.chunk", payload[:200]
        ended_ok = last == "data: [DONE]" or "error" in json.loads(last[6:])
        assert ended_ok, "stream ended without [DONE] or an error: " + last[:200]
    except Exception as ex:
        bad.append((model, stream, "EXC", repr(ex)[:300]))
    finally:
        c.close()
print("counts", sorted(counts.items(), key=str)); print("bad", len(bad))
for b in bad[:20]: print(b)
sys.exit(1 if bad else 0)
