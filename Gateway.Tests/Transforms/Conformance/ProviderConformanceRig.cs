using System.Buffers;
using System.Collections.Frozen;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms.Conformance;

/// <summary>
/// One rig for every provider adapter's tests: its recorded fixtures, a target and a response context, and the adapter's
/// three entry points driven as the gateway drives them (request body from a validated OpenAI request, whole answer,
/// stream fed in slices). The per-provider rigs only name their provider's defaults.
/// </summary>
internal sealed class ProviderConformanceRig(
    IProviderAdapter adapter, string fixtureFolder, string providerId, string kind, string upstreamModel, string? upstreamApiKey,
    string clientModel, string responseId = "gen-test-1", long created = 1700000000)
{
    public IProviderAdapter Adapter { get; } = adapter;

    public byte[] Bytes(params string[] parts) => Fixture.Bytes([fixtureFolder, .. parts]);

    public string Text(params string[] parts) => Encoding.UTF8.GetString(Bytes(parts));

    public JsonNode Json(params string[] parts) => JsonNode.Parse(Bytes(parts))!;

    public UpstreamTarget Target(int? defaultMaxTokens = null, IReadOnlyDictionary<string, string>? settings = null, string? model = null, string? apiKey = null) => new()
    {
        ProviderId = providerId,
        Kind = kind,
        Model = model ?? upstreamModel,
        ApiKey = apiKey ?? upstreamApiKey,
        DefaultMaxTokens = defaultMaxTokens,
        Settings = settings ?? FrozenDictionary<string, string>.Empty,
    };

    public ResponseContext Context(bool includeUsage) => new()
    {
        ResponseId = responseId,
        Created = created,
        ProviderId = providerId,
        Model = clientModel,
        IncludeUsage = includeUsage,
    };

    /// <summary>Parses an OpenAI request as the gateway does; the test request must pass the gateway's own validation.</summary>
    public static ChatRequest Parse(string openAiJson)
    {
        var parsed = ChatRequest.Parse(Encoding.UTF8.GetBytes(openAiJson));
        Assert.That(parsed.Error, Is.Null, () => $"the test request must pass the gateway's own validation: {parsed.Error!.Message}");
        return parsed.Request!;
    }

    /// <summary>The provider's body for an OpenAI request, or the adapter's refusal (which must write nothing).</summary>
    public (JsonNode? Body, GatewayError? Error) WriteRequest(string openAiJson, UpstreamTarget? target = null)
    {
        using var request = Parse(openAiJson);
        var body = new ArrayBufferWriter<byte>();
        var error = Adapter.WriteRequestBody(request, target ?? Target(), body);
        if (error is not null)
        {
            Assert.That(body.WrittenCount, Is.Zero, "a rejected request writes nothing");
            return (null, error);
        }
        return (JsonNode.Parse(body.WrittenSpan), null);
    }

    /// <summary>The provider's body for an OpenAI request; fails the test if the adapter refuses it.</summary>
    public JsonNode WriteBody(string openAiJson, UpstreamTarget? target = null)
    {
        var (body, error) = WriteRequest(openAiJson, target);
        Assert.That(error, Is.Null, () => error!.Message);
        return body!;
    }

    /// <summary>The adapter's refusal of an OpenAI request: a 400 that writes nothing.</summary>
    public GatewayError Refusal(string openAiJson, UpstreamTarget? target = null)
    {
        var (_, error) = WriteRequest(openAiJson, target);
        Assert.That(error, Is.Not.Null, "the adapter should refuse the request");
        Assert.That(error!.StatusCode, Is.EqualTo(400));
        return error;
    }

    /// <summary>The adapter writes the recorded provider body for the recorded OpenAI request (paths below the provider's fixtures).</summary>
    public void AssertWritesRecorded(string openAiRequest, string expectedBody, UpstreamTarget? target = null) =>
        AssertJsonEqual(Json(expectedBody.Split('/')), WriteBody(Text(openAiRequest.Split('/')), target));

    public JsonNode Convert(ReadOnlySpan<byte> upstream, ResponseOutcome outcome, ResponseContext context)
    {
        var output = new ArrayBufferWriter<byte>();
        Adapter.ConvertResponse(upstream, context, outcome, output);
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    /// <summary>Feeds the stream in the given slices, completes it, and returns the client's bytes.</summary>
    public byte[] Transcode(IEnumerable<ReadOnlyMemory<byte>> slices, ResponseContext context, ResponseOutcome outcome) =>
        TranscoderRun.Feed(Adapter.CreateStreamTranscoder(context, outcome), slices);

    /// <summary>The stream in two slices split at <paramref name="split"/> (whole when null).</summary>
    public byte[] Transcode(byte[] upstream, ResponseContext context, ResponseOutcome outcome, int? split = null)
    {
        var at = split ?? upstream.Length;
        return Transcode([upstream.AsMemory(0, at), upstream.AsMemory(at)], context, outcome);
    }

    /// <summary>The <c>data:</c> payloads of an OpenAI SSE stream, <c>[DONE]</c> as a string node.</summary>
    public static List<JsonNode> SseEvents(string sse)
    {
        Assert.That(sse, Does.EndWith("\n\n").Or.Empty, "every event ends with a blank line");
        var events = new List<JsonNode>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.That(block, Does.StartWith("data: "), "the gateway writes data-only events");
            var payload = block["data: ".Length..];
            events.Add(payload == "[DONE]" ? JsonValue.Create("[DONE]") : JsonNode.Parse(payload)!);
        }
        return events;
    }

    /// <summary>Two OpenAI streams (as <see cref="SseEvents"/> reads them) equal event by event, structurally, expected first.</summary>
    public static void AssertEventsEqual(IReadOnlyList<JsonNode> expected, IReadOnlyList<JsonNode> actual)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count), () => "event count differs; actual stream:\n" + string.Join("\n", actual.Select(e => e.ToJsonString())));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.That(JsonNode.DeepEquals(actual[i], expected[i]), Is.True,
                () => $"event {i} differs.\nexpected: {expected[i].ToJsonString()}\nactual:   {actual[i].ToJsonString()}");
        }
    }

    /// <summary>Structural JSON equality, expected first, with both shown on failure.</summary>
    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True,
            () => $"expected:\n{expected?.ToJsonString()}\nactual:\n{actual?.ToJsonString()}");
}
