using Gateway.Tests.Transforms.Conformance;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Gemini;

namespace Gateway.Tests.Transforms.Gemini;

/// <summary>Gemini's defaults on the shared <see cref="ProviderConformanceRig"/>.</summary>
internal static class GeminiFixtures
{
    public const string ResponseId = "gen-1700000000-abc";
    public const string ProviderId = "google";

    public static ProviderConformanceRig Rig { get; } = new(
        new GeminiAdapter(), "Gemini", ProviderId, "gemini", "gemini-2.5-flash", "AIzaSyTEST-not-a-real-key-0123456789", "gemini-flash", ResponseId);

    public static byte[] Bytes(string name) => Rig.Bytes(name);

    public static string Text(string name) => Rig.Text(name);

    public static UpstreamTarget Target(int? defaultMaxTokens = null, IReadOnlyDictionary<string, string>? settings = null) =>
        Rig.Target(defaultMaxTokens, settings);

    public static ResponseContext Context(bool includeUsage = true) => Rig.Context(includeUsage);

    /// <summary>Writes the Gemini body for an OpenAI request; fails the test if the adapter rejects it.</summary>
    public static JsonNode WriteBody(string openAiJson, UpstreamTarget? target = null) => Rig.WriteBody(openAiJson, target);

    /// <summary>The adapter's refusal of the request: a 400 that writes nothing.</summary>
    public static GatewayError Refusal(string openAiJson) => Rig.Refusal(openAiJson);

    /// <summary>The adapter writes <c>{request}.gemini.json</c> for <c>{request}.openai.json</c>.</summary>
    public static void AssertWritesRecorded(string request) => Rig.AssertWritesRecorded($"{request}.openai.json", $"{request}.gemini.json");

    /// <summary>The <c>generationConfig</c> of the Gemini body written for an OpenAI request.</summary>
    public static JsonNode? GenerationConfig(string openAiJson, UpstreamTarget? target = null) => WriteBody(openAiJson, target)["generationConfig"];

    /// <summary>The client stream recorded in <paramref name="fixture"/>, less its usage chunk unless the client asked for usage.</summary>
    public static List<JsonNode> ExpectedEvents(string fixture, bool includeUsage = true) =>
        JsonEvents(Text(fixture)).Where(e => includeUsage || e is not JsonObject o || o["choices"]!.AsArray().Count > 0).ToList();

    /// <summary>The data payloads of an OpenAI SSE stream, JSON parsed (<c>[DONE]</c> kept as a string node).</summary>
    public static List<JsonNode> JsonEvents(string sse) => ProviderConformanceRig.SseEvents(sse);

    public static void AssertEventsEqual(IReadOnlyList<JsonNode> expected, IReadOnlyList<JsonNode> actual) => ProviderConformanceRig.AssertEventsEqual(expected, actual);

    /// <summary>Splits OpenAI SSE output into its data payloads.</summary>
    public static List<string> Events(string sse) =>
        sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                Assert.That(e, Does.StartWith("data: "));
                return e["data: ".Length..];
            })
            .ToList();
}
