using System.IO.Compression;

namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>
/// Reads the hostile corpus under Fixtures/Hostile: literal requests (requests.json), every field of the chat request
/// with a wrong type (wrong-types.json), and direct model names that name URLs (model-names.json), sent to every
/// provider. Bodies too large or too binary to keep as data are generated here, named by the entry's "generate".
/// </summary>
public static class HostileCorpus
{
    /// <summary>The request body limit the corpus fixtures run with; the generated large bodies are sized against it.</summary>
    public const int BodyLimit = 65536;

    /// <summary>The providers of the corpus fixtures, by kind; each has an alias <c>m-{id}</c>.</summary>
    public static readonly string[] Providers = ["openai", "anthropic", "gemini", "cohere", "azure", "bedrock"];

    private static readonly string ValidChat = """{"model":"m-openai","messages":[{"role":"user","content":"hi"}]}""";

    public static IEnumerable<TestCaseData> Requests() => Literal().Where(c => !c.NeedsDatabase).Select(Data);

    public static IEnumerable<TestCaseData> DatabaseRequests() => Literal().Where(c => c.NeedsDatabase).Select(Data);

    public static IEnumerable<TestCaseData> WrongTypes() => WrongTypeCases().Select(Data);

    public static IEnumerable<TestCaseData> ModelNames() => ModelNameCases().Select(Data);

    private static TestCaseData Data(HostileCase hostile) => new TestCaseData(hostile).SetName($"{{m}}({hostile.Name})");

    private static JsonNode Load(string file) =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Hostile", file)))!;

    private static IEnumerable<HostileCase> Literal()
    {
        foreach (var entry in Load("requests.json")["requests"]!.AsArray())
        {
            var e = entry!.AsObject();
            var headers = new List<KeyValuePair<string, string[]>>();
            if (e["headers"] is JsonObject map)
            {
                foreach (var (name, value) in map)
                {
                    headers.Add(new(name, value is JsonArray many ? many.Select(v => v!.GetValue<string>()).ToArray() : [value!.GetValue<string>()]));
                }
            }
            yield return new HostileCase
            {
                Name = e["name"]!.GetValue<string>(),
                Method = e["method"]?.GetValue<string>() ?? "POST",
                Path = e["path"]?.GetValue<string>() ?? "/v1/chat/completions",
                Key = e["key"]?.GetValue<string>() ?? "client",
                Headers = headers,
                ContentType = e.ContainsKey("contentType") ? e["contentType"]?.GetValue<string>() : "application/json",
                Body = Body(e),
                Chunked = e["chunked"]?.GetValue<bool>() ?? false,
                Expect = e["expect"] is JsonArray statuses ? statuses.Select(s => s!.GetValue<int>()).ToArray() : [e["expect"]!.GetValue<int>()],
                Param = e["param"]?.GetValue<string>(),
                NeedsDatabase = e["needs"]?.GetValue<string>() == "database",
            };
        }
    }

    private static byte[]? Body(JsonObject entry)
    {
        if (entry["bodyBase64"] is { } base64)
        {
            return Convert.FromBase64String(base64.GetValue<string>());
        }
        if (entry["generate"] is { } generator)
        {
            return Generate(generator.GetValue<string>());
        }
        return entry["body"] is { } body ? Encoding.UTF8.GetBytes(body.GetValue<string>()) : null;
    }

    private static byte[] Generate(string name) => name switch
    {
        "deep-nesting" => Encoding.UTF8.GetBytes(ValidChat[..^1] + ",\"metadata\":" + new string('[', 5000) + new string(']', 5000) + "}"),
        "huge-models-list" => Encoding.UTF8.GetBytes(ValidChat[..^1] + ",\"models\":[" + string.Join(',', Enumerable.Repeat("\"m-openai\"", 5000)) + "]}"),
        "over-limit" => Padded(BodyLimit + 1),
        "gzip-bomb" => Compress(Padded(10_000_000), stream => new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true)),
        "deflate-bomb" => Compress(Padded(10_000_000), stream => new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true)),
        "brotli-bomb" => Compress(Padded(10_000_000), stream => new BrotliStream(stream, CompressionLevel.SmallestSize, leaveOpen: true)),
        "gzip-body" => Gzip(Encoding.UTF8.GetBytes(ValidChat)),
        "double-gzip" => Gzip(Gzip(Encoding.UTF8.GetBytes(ValidChat))),
        "truncated-gzip" => Truncated(Gzip(Encoding.UTF8.GetBytes(ValidChat))),
        _ => throw new ArgumentException($"The corpus names an unknown generator '{name}'.", nameof(name)),
    };

    /// <summary>A valid chat request of exactly <paramref name="length"/> bytes (trailing whitespace inside the object).</summary>
    private static byte[] Padded(int length)
    {
        var head = ValidChat[..^1];
        return Encoding.UTF8.GetBytes(head + new string(' ', length - head.Length - 1) + "}");
    }

    private static byte[] Truncated(byte[] body) => body[..(body.Length / 2)];

    private static byte[] Gzip(byte[] body) => Compress(body, stream => new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true));

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var compressing = compressor(buffer))
        {
            compressing.Write(body);
        }
        return buffer.ToArray();
    }

    private static IEnumerable<HostileCase> WrongTypeCases()
    {
        var corpus = Load("wrong-types.json");
        var baseRequest = corpus["base"]!.ToJsonString();
        (string Type, string Json)[] samples =
            [("string", "\"wrong\""), ("number", "1.5"), ("boolean", "true"), ("array", "[]"), ("object", "{}"), ("null", "null")];
        foreach (var field in corpus["fields"]!.AsArray())
        {
            var path = field!["path"]!.GetValue<string>();
            var accepts = field["accepts"]!.AsArray().Select(a => a!.GetValue<string>()).ToHashSet();
            foreach (var (type, json) in samples)
            {
                if (accepts.Contains(type))
                {
                    continue;
                }
                var request = JsonNode.Parse(baseRequest)!;
                JsonPathSetter.Set(request, path, JsonNode.Parse(json));
                yield return new HostileCase
                {
                    Name = $"{path} as {type}",
                    Body = Encoding.UTF8.GetBytes(request.ToJsonString()),
                    Expect = [400],
                    Param = field["param"]?.GetValue<string>() ?? path,
                    ParamPrefix = true,
                };
            }
        }
    }

    private static IEnumerable<HostileCase> ModelNameCases()
    {
        foreach (var template in Load("model-names.json")["names"]!.AsArray().Select(n => n!.GetValue<string>()))
        {
            var name = template.Replace("{long}", new string('m', 300), StringComparison.Ordinal);
            foreach (var provider in Providers)
            {
                var model = $"{provider}/{name}";
                var label = JsonSerializer.Serialize(model);
                yield return new HostileCase
                {
                    Name = $"model {label}",
                    Body = Encoding.UTF8.GetBytes(new JsonObject { ["model"] = model, ["messages"] = Messages() }.ToJsonString()),
                    Expect = [400],
                    Param = "model",
                };
                yield return new HostileCase
                {
                    Name = $"models fallback {label}",
                    Body = Encoding.UTF8.GetBytes(new JsonObject { ["model"] = $"m-{provider}", ["models"] = new JsonArray(model), ["messages"] = Messages() }.ToJsonString()),
                    Expect = [400],
                    Param = "models",
                };
            }
        }
    }

    private static JsonArray Messages() => new(new JsonObject { ["role"] = "user", ["content"] = "hi" });
}
