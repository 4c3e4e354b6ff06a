using Gateway.Tests.Transforms.Conformance;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.Gemini;

namespace Gateway.Tests.Transforms.Gemini;

/// <summary>Gemini's defaults on the shared <see cref="ProviderConformanceRig"/>, and its stream comparisons.</summary>
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

    /// <summary>Splits OpenAI SSE output into its data payloads.</summary>
    public static List<string> Events(string sse) =>
        sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                Assert.That(e, Does.StartWith("data: "));
                return e["data: ".Length..];
            })
            .ToList();

    /// <summary>Compares two OpenAI streams event by event, structurally.</summary>
    public static void AssertStreamsEqual(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count), () => "Actual stream:\n" + string.Join("\n", actual));
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] == "[DONE]" || actual[i] == "[DONE]")
            {
                Assert.That(actual[i], Is.EqualTo(expected[i]), $"event {i}");
                continue;
            }
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(expected[i]), JsonNode.Parse(actual[i])), Is.True,
                () => $"event {i}\nExpected: {expected[i]}\nActual:   {actual[i]}");
        }
    }
}
