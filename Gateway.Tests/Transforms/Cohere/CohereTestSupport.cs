using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.Cohere;

namespace Gateway.Tests.Transforms.Cohere;

/// <summary>Fixture access and the conversions the Cohere tests drive.</summary>
internal static class CohereTestSupport
{
    public const string UpstreamModel = "command-a-03-2025";

    public static UpstreamTarget Target(int? defaultMaxTokens = null, string model = UpstreamModel) => new()
    {
        ProviderId = "cohere",
        Kind = "cohere",
        Model = model,
        ApiKey = "co-test-key-0123456789",
        DefaultMaxTokens = defaultMaxTokens,
    };

    public static ResponseContext Context(bool includeUsage = true) => new()
    {
        ResponseId = "gen-test-1",
        Created = 1700000000,
        ProviderId = "cohere",
        Model = UpstreamModel,
        IncludeUsage = includeUsage,
    };

    public static string FixturePath(string relative) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Cohere", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(FixturePath(relative));

    public static JsonNode Json(string relative) => JsonNode.Parse(File.ReadAllText(FixturePath(relative)))!;

    /// <summary>Parses an OpenAI request and writes Cohere's body; fails the test on a gateway error.</summary>
    public static JsonNode WriteRequest(JsonNode openAiRequest, UpstreamTarget? target = null)
    {
        var error = TryWriteRequest(openAiRequest, out var body, target);
        Assert.That(error, Is.Null, () => $"unexpected error: {error}");
        return body!;
    }

    public static GatewayError? TryWriteRequest(JsonNode openAiRequest, out JsonNode? body, UpstreamTarget? target = null)
    {
        var utf8 = Encoding.UTF8.GetBytes(openAiRequest.ToJsonString());
        var parsed = ChatRequest.Parse(utf8);
        Assert.That(parsed.Error, Is.Null, () => $"the OpenAI request did not validate: {parsed.Error}");
        using var request = parsed.Request!;
        var buffer = new ArrayBufferWriter<byte>();
        var error = new CohereAdapter().WriteRequestBody(request, target ?? Target(), buffer);
        body = error is null ? JsonNode.Parse(buffer.WrittenSpan) : null;
        return error;
    }

    public static JsonNode Convert(byte[] cohereBody, ResponseOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new CohereAdapter().ConvertResponse(cohereBody, Context(), outcome, buffer);
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }

    /// <summary>Feeds the stream in the given slices, then completes it; returns the raw OpenAI SSE output.</summary>
    public static string Transcode(IEnumerable<byte[]> slices, ResponseOutcome outcome, bool includeUsage = true)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var transcoder = new CohereAdapter().CreateStreamTranscoder(Context(includeUsage), outcome))
        {
            foreach (var slice in slices)
            {
                transcoder.Write(slice, output);
            }
            transcoder.Complete(output);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static string Transcode(byte[] stream, ResponseOutcome outcome, bool includeUsage = true) =>
        Transcode([stream], outcome, includeUsage);

    /// <summary>The <c>data:</c> payloads of an OpenAI SSE stream, JSON parsed (<c>[DONE]</c> kept as a string node).</summary>
    public static List<JsonNode> Events(string sse)
    {
        var events = new List<JsonNode>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.That(block, Does.StartWith("data: "), "every OpenAI event is one data line");
            var data = block["data: ".Length..];
            events.Add(data == "[DONE]" ? JsonValue.Create("[DONE]") : JsonNode.Parse(data)!);
        }
        return events;
    }

    /// <summary>The first choice of an OpenAI chunk, or null for the usage chunk (<c>choices: []</c>), errors and <c>[DONE]</c>.</summary>
    public static JsonNode? Choice(JsonNode chunk) =>
        chunk is JsonObject o && o["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null;

    public static void AssertJsonEqual(JsonNode? actual, JsonNode? expected)
    {
        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True,
            () => $"JSON differs.\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
    }

    public static void AssertEventsEqual(IReadOnlyList<JsonNode> actual, IReadOnlyList<JsonNode> expected)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count), () => "event count differs:\n" + string.Join("\n", actual.Select(e => e.ToJsonString())));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.That(JsonNode.DeepEquals(actual[i], expected[i]), Is.True,
                () => $"event {i} differs.\nexpected: {expected[i].ToJsonString()}\nactual:   {actual[i].ToJsonString()}");
        }
    }
}
