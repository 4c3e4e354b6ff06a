"""A provider that answers with mutated copies of the recorded fixtures (Gateway.Tests/Fixtures): OpenAI-compatible,
Anthropic, Gemini, Cohere and Bedrock shapes by path; whole answers, SSE streams (events dropped, repeated, mutated, cut short,
a byte damaged) and error bodies with random statuses. Usage: upstream.py PORT SEED"""
import json, random, os, sys, glob, struct, zlib
import mutation
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
F = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Gateway.Tests", "Fixtures")
def files(pattern, exclude):
    return [f for f in glob.glob(os.path.join(F, pattern)) if not any(e in f for e in exclude)]
SETS = {
 "openai": (files("OpenAi/chat-*.response.json", []), files("OpenAi/chat-*.stream.txt", []), files("OpenAi/error-*.json", [])),
 "anthropic": (files("Anthropic/response-*.json", ["expected"]), files("Anthropic/stream-*.sse", []), files("Anthropic/error-*.json", [])),
 "gemini": (files("Gemini/response_*.json", [".openai."]), files("Gemini/stream_*.sse", ["expected"]), files("Gemini/error_*.json", [])),
 "cohere": (files("Cohere/Responses/*.json", [".openai."]), files("Cohere/Streams/*.sse", [".openai."]), files("Cohere/Errors/*.json", [])),
 "bedrock": (files("Bedrock/Responses/*.converse.json", []), files("Bedrock/Streams/*.events", []), files("Bedrock/Errors/*.json", [])),
}
weird = [None, True, False, 0, -1, 1e308, 2**64, 1.5, "", "x", "\u0000", "😀", [], {}, [None], {"a": None}, "stop", "tool_calls", "end_turn", "STOP", "MAX_TOKENS", "SAFETY", "COMPLETE", "TOOL_CALL"]
def mutate(o): return mutation.mutate(o, weird)
def mutate_text(t):
    try:
        j = json.loads(t)
    except Exception:
        return t
    for _ in range(random.randint(1, 3)): j = mutate(j)
    return json.dumps(j)
def mutate_sse(text):
    events = text.replace("\r\n", "\n").split("\n\n")
    out = []
    for ev in events:
        if not ev.strip(): continue
        r = random.random()
        if r < 0.05: continue
        if r < 0.08: out.append(ev)
        lines = []
        for line in ev.split("\n"):
            if line.startswith("data:") and random.random() < 0.3:
                lines.append("data: " + mutate_text(line[5:].strip()))
            else:
                lines.append(line)
        out.append("\n".join(lines))
    body = ("\n\n".join(out) + "\n\n").encode()
    if random.random() < 0.1: body = body[:random.randrange(len(body))]
    if random.random() < 0.05:
        b = bytearray(body); p = random.randrange(len(b)); b[p] = random.randrange(256); body = bytes(b)
    return body
def frame(headers, payload):
    """One application/vnd.amazon.eventstream message: prelude, string headers, payload, both CRC-32s."""
    hb = b"".join(bytes([len(k)]) + k.encode() + b"\x07" + struct.pack(">H", len(v.encode())) + v.encode() for k, v in headers)
    total = 16 + len(hb) + len(payload)
    prelude = struct.pack(">II", total, len(hb))
    head = prelude + struct.pack(">I", zlib.crc32(prelude)) + hb + payload
    return head + struct.pack(">I", zlib.crc32(head))
def mutate_events(text):
    out = b""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"): continue
        kind, etype, payload = line.split(" ", 2)
        r = random.random()
        if r < 0.05: continue
        if random.random() < 0.3: payload = mutate_text(payload)
        if kind == "exception":
            out += frame([(":exception-type", etype), (":content-type", "application/json"), (":message-type", "exception")], payload.encode())
        else:
            out += frame([(":event-type", etype), (":content-type", "application/json"), (":message-type", "event")], payload.encode())
        if r > 0.97: out += out[-20:]
    if random.random() < 0.1: out = out[:random.randrange(len(out))]
    if random.random() < 0.05:
        b = bytearray(out); p = random.randrange(len(b)); b[p] = random.randrange(256); out = bytes(b)
    return out
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0); req = self.rfile.read(n)
        p = self.path
        kind = ("anthropic" if "/messages" in p else "gemini" if "/v1beta/" in p else "cohere" if "/v2/chat" in p
                else "bedrock" if "/converse" in p else "openai")
        try: stream = json.loads(req).get("stream") is True
        except Exception: stream = False
        if "streamGenerateContent" in p or "/converse-stream" in p: stream = True
        whole, streams, errors = SETS[kind]
        if random.random() < 0.1 and errors:
            status = random.choice([400, 401, 404, 429, 500, 503, 529]); body = mutate_text(open(random.choice(errors), encoding="utf-8").read()).encode(); ctype = "application/json"
        elif stream and kind == "bedrock":
            status = 200; body = mutate_events(open(random.choice(streams), encoding="utf-8").read()); ctype = "application/vnd.amazon.eventstream"
        elif stream:
            status = 200; body = mutate_sse(open(random.choice(streams), encoding="utf-8").read()); ctype = "text/event-stream"
        else:
            status = 200; body = mutate_text(open(random.choice(whole), encoding="utf-8").read()).encode(); ctype = "application/json"
        self.send_response(status); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
random.seed(int(sys.argv[2]))
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
