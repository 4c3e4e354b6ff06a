using Gateway.Tests.Transforms.Conformance;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Anthropic;

namespace Gateway.Tests.Transforms.Anthropic;

/// <summary>Anthropic's defaults on the shared <see cref="ProviderConformanceRig"/>.</summary>
internal static class AnthropicTestRig
{
    public const string ApiKey = "sk-ant-api03-test-0123456789abcdef";

    public static AnthropicAdapter Adapter { get; } = new();

    public static ProviderConformanceRig Rig { get; } = new(Adapter, "Anthropic", "anthropic", "anthropic", "claude-sonnet-4-5", ApiKey, "claude-sonnet");

    public static byte[] FixtureBytes(string name) => Rig.Bytes(name);

    public static JsonNode Fixture(string name) => Rig.Json(name);

    public static UpstreamTarget Target(int? defaultMaxTokens = null, IReadOnlyDictionary<string, string>? settings = null) =>
        Rig.Target(defaultMaxTokens, settings);

    public static ResponseContext Context(bool includeUsage = false) => Rig.Context(includeUsage);

    /// <summary>Parses an OpenAI request as the gateway does and writes the Anthropic body (null on a client error).</summary>
    public static (JsonNode? Body, GatewayError? Error) WriteRequest(string openAiJson, UpstreamTarget? target = null) =>
        Rig.WriteRequest(openAiJson, target);

    public static JsonNode WriteRequest(JsonNode openAiRequest) => Rig.WriteBody(openAiRequest.ToJsonString());

    /// <summary>The adapter's refusal of the request: a 400 that writes nothing.</summary>
    public static GatewayError Refusal(string openAiJson) => Rig.Refusal(openAiJson);

    /// <summary>The adapter writes <c>{request}.anthropic.json</c> for <c>{request}.openai.json</c>.</summary>
    public static void AssertWritesRecorded(string request) => Rig.AssertWritesRecorded($"{request}.openai.json", $"{request}.anthropic.json");

    public static JsonNode Convert(byte[] upstream, ResponseOutcome outcome) => Rig.Convert(upstream, outcome, Context());

    /// <summary>Feeds the stream in two slices split at <paramref name="split"/> (or whole) and returns the client's bytes.</summary>
    public static byte[] Transcode(byte[] upstream, ResponseContext context, ResponseOutcome outcome, int? split = null) =>
        Rig.Transcode(upstream, context, outcome, split);

    /// <summary>The <c>data:</c> payloads of an OpenAI SSE stream, <c>[DONE]</c> as a string node.</summary>
    public static List<JsonNode> Events(byte[] sse) => ProviderConformanceRig.SseEvents(Encoding.UTF8.GetString(sse));

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
