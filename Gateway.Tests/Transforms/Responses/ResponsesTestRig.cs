using System.Buffers;
using Gateway.Transforms.Responses;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>Requests, fixtures and the event reading shared by the Responses door's transform tests.</summary>
internal static class ResponsesTestRig
{
    public const string GatewayId = "resp_1756500000_GatewayIdAbcdefghij12";

    public static byte[] FixtureBytes(string provider, string name) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", provider, name));

    /// <summary>Parses a Responses request; the test's body must pass validation. The returned buffer must outlive the request.</summary>
    public static ResponsesRequest Parse(string json)
    {
        var parsed = ResponsesRequest.Parse(Encoding.UTF8.GetBytes(json));
        Assert.That(parsed.Error, Is.Null, () => $"the test request must pass validation: {parsed.Error?.Message}");
        return parsed.Request!;
    }

    /// <summary>The chat body a request translates to, or the translation's refusal.</summary>
    public static (JsonObject? Chat, Gateway.Transforms.Errors.GatewayError? Error) Translate(string json)
    {
        using var request = Parse(json);
        var body = new ArrayBufferWriter<byte>();
        var error = ResponsesChatTranslator.Write(request, body);
        return error is null ? (JsonNode.Parse(body.WrittenSpan)!.AsObject(), null) : (null, error);
    }

    public static ResponseContext Context(string providerId = "anthropic", string model = "claude-sonnet-4-5") => new()
    {
        ResponseId = GatewayId,
        Created = 1756500000,
        ProviderId = providerId,
        Model = model,
        IncludeUsage = true,
    };

    /// <summary>Feeds <paramref name="upstream"/> in two slices (at <paramref name="split"/>, or whole) and completes the stream.</summary>
    public static byte[] Transcode(IStreamTranscoder transcoder, byte[] upstream, int split = -1) => TranscoderRun.Feed(transcoder, upstream, split);

    /// <summary>The events of a Responses stream: each one's <c>event:</c> name and its data, checked to name the same type.</summary>
    public static List<(string Name, JsonObject Data)> Events(byte[] sse)
    {
        var events = new List<(string, JsonObject)>();
        foreach (var block in Encoding.UTF8.GetString(sse).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            JsonObject? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = JsonNode.Parse(line["data: ".Length..])!.AsObject();
                }
            }
            Assert.That(data, Is.Not.Null, $"an event without data: {block}");
            Assert.That(data!["type"]!.GetValue<string>(), Is.EqualTo(name), "the event name is the data's type");
            events.Add((name!, data));
        }
        return events;
    }
}
