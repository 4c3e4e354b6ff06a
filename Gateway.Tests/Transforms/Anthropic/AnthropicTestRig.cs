using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.Anthropic;

namespace Gateway.Tests.Transforms.Anthropic;

/// <summary>Fixtures, a target and the adapter's entry points, shared by the Anthropic adapter tests.</summary>
internal static class AnthropicTestRig
{
    public const string ApiKey = "sk-ant-api03-test-0123456789abcdef";

    public static AnthropicAdapter Adapter { get; } = new();

    public static byte[] FixtureBytes(string name) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Anthropic", name));

    public static JsonNode Fixture(string name) => JsonNode.Parse(FixtureBytes(name))!;

    public static UpstreamTarget Target(int? defaultMaxTokens = null, IReadOnlyDictionary<string, string>? settings = null) => new()
    {
        ProviderId = "anthropic",
        Kind = "anthropic",
        Model = "claude-sonnet-4-5",
        ApiKey = ApiKey,
        DefaultMaxTokens = defaultMaxTokens,
        Settings = settings ?? FrozenDictionary<string, string>.Empty,
    };

    public static ResponseContext Context(bool includeUsage = false) => new()
    {
        ResponseId = "gen-test-1",
        Created = 1700000000,
        ProviderId = "anthropic",
        Model = "claude-sonnet",
        IncludeUsage = includeUsage,
    };

    /// <summary>Parses an OpenAI request as the gateway does and writes the Anthropic body (null on a client error).</summary>
    public static (JsonNode? Body, GatewayError? Error) WriteRequest(string openAiJson, UpstreamTarget? target = null)
    {
        var bytes = Encoding.UTF8.GetBytes(openAiJson);
        var parsed = ChatRequest.Parse(bytes);
        Assert.That(parsed.Error, Is.Null, "the test request must pass the gateway's own validation");
        using var request = parsed.Request!;
        var body = new ArrayBufferWriter<byte>();
        var error = Adapter.WriteRequestBody(request, target ?? Target(), body);
        if (error is not null)
        {
            Assert.That(body.WrittenCount, Is.Zero, "a rejected request writes nothing");
            return (null, error);
        }
        return (JsonNode.Parse(body.WrittenSpan), null);
    }

    public static JsonNode WriteRequest(JsonNode openAiRequest)
    {
        var (body, error) = WriteRequest(openAiRequest.ToJsonString());
        Assert.That(error, Is.Null, () => error!.Message);
        return body!;
    }

    public static JsonNode Convert(byte[] upstream, ResponseOutcome outcome)
    {
        var output = new ArrayBufferWriter<byte>();
        Adapter.ConvertResponse(upstream, Context(), outcome, output);
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    /// <summary>Feeds the stream in two slices split at <paramref name="split"/> (or whole) and returns the client's bytes.</summary>
    public static byte[] Transcode(byte[] upstream, ResponseContext context, ResponseOutcome outcome, int? split = null)
    {
        var output = new ArrayBufferWriter<byte>();
        using var transcoder = Adapter.CreateStreamTranscoder(context, outcome);
        var at = split ?? upstream.Length;
        transcoder.Write(upstream.AsSpan(0, at), output);
        transcoder.Write(upstream.AsSpan(at), output);
        transcoder.Complete(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The <c>data:</c> payloads of an OpenAI SSE stream, <c>[DONE]</c> as a string node.</summary>
    public static List<JsonNode> Events(byte[] sse)
    {
        var text = Encoding.UTF8.GetString(sse);
        Assert.That(text, Does.EndWith("\n\n"), "every event ends with a blank line");
        var events = new List<JsonNode>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.That(block, Does.StartWith("data: "), "the gateway writes data-only events");
            var payload = block["data: ".Length..];
            events.Add(payload == "[DONE]" ? JsonValue.Create("[DONE]") : JsonNode.Parse(payload)!);
        }
        return events;
    }

    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True,
            () => $"expected:\n{expected?.ToJsonString()}\nactual:\n{actual?.ToJsonString()}");

    /// <summary>Joins the <c>delta.content</c> of every chunk.</summary>
    public static string Content(IEnumerable<JsonNode> events)
    {
        var text = new StringBuilder();
        foreach (var node in events)
        {
            if (node is JsonObject chunk && chunk["choices"] is JsonArray { Count: > 0 } choices
                && choices[0]!["delta"]?["content"] is JsonValue content)
            {
                text.Append(content.GetValue<string>());
            }
        }
        return text.ToString();
    }
}
