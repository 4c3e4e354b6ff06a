using Gateway.Tests.Transforms.Conformance;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Cohere;

namespace Gateway.Tests.Transforms.Cohere;

/// <summary>Cohere's defaults on the shared <see cref="ProviderConformanceRig"/>.</summary>
internal static class CohereTestSupport
{
    public const string UpstreamModel = "command-a-03-2025";

    public static ProviderConformanceRig Rig { get; } = new(new CohereAdapter(), "Cohere", "cohere", "cohere", UpstreamModel, "co-test-key-0123456789", UpstreamModel);

    public static UpstreamTarget Target(int? defaultMaxTokens = null, string model = UpstreamModel) => Rig.Target(defaultMaxTokens, model: model);

    public static ResponseContext Context(bool includeUsage = true) => Rig.Context(includeUsage);

    public static byte[] Bytes(string relative) => Rig.Bytes(relative.Split('/'));

    public static string Text(string relative) => Rig.Text(relative.Split('/'));

    public static JsonNode Json(string relative) => Rig.Json(relative.Split('/'));

    /// <summary>Parses an OpenAI request and writes Cohere's body; fails the test on a gateway error.</summary>
    public static JsonNode WriteRequest(JsonNode openAiRequest, UpstreamTarget? target = null) => Rig.WriteBody(openAiRequest.ToJsonString(), target);

    /// <summary>The adapter's refusal of the request: a 400 that writes nothing.</summary>
    public static GatewayError Refusal(JsonNode openAiRequest) => Rig.Refusal(openAiRequest.ToJsonString());

    /// <summary>The adapter writes <c>Requests/{request}.cohere.json</c> for <c>Requests/{request}.openai.json</c>.</summary>
    public static void AssertWritesRecorded(string request, UpstreamTarget? target = null) =>
        Rig.AssertWritesRecorded($"Requests/{request}.openai.json", $"Requests/{request}.cohere.json", target);

    public static JsonNode Convert(byte[] cohereBody, ResponseOutcome outcome) => Rig.Convert(cohereBody, outcome, Context());

    public static IStreamTranscoder Transcoder(ResponseOutcome outcome, bool includeUsage = true) => Rig.Adapter.CreateStreamTranscoder(Context(includeUsage), outcome);

    /// <summary>Feeds the stream whole, then completes it; returns the raw OpenAI SSE output.</summary>
    public static string Transcode(byte[] stream, ResponseOutcome outcome, bool includeUsage = true) =>
        Encoding.UTF8.GetString(TranscoderRun.Feed(Transcoder(outcome, includeUsage), stream));

    /// <summary>The <c>data:</c> payloads of an OpenAI SSE stream, JSON parsed (<c>[DONE]</c> kept as a string node).</summary>
    public static List<JsonNode> Events(string sse) => ProviderConformanceRig.SseEvents(sse);

    public static void AssertEventsEqual(IReadOnlyList<JsonNode> expected, IReadOnlyList<JsonNode> actual) => ProviderConformanceRig.AssertEventsEqual(expected, actual);

    /// <summary>The first choice of an OpenAI chunk, or null for the usage chunk (<c>choices: []</c>), errors and <c>[DONE]</c>.</summary>
    public static JsonNode? Choice(JsonNode chunk) =>
        chunk is JsonObject o && o["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null;
}
