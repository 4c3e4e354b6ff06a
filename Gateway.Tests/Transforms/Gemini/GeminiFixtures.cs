using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms.Gemini;

/// <summary>Fixture files and shared helpers for the Gemini adapter tests.</summary>
internal static class GeminiFixtures
{
    public const string ResponseId = "gen-1700000000-abc";
    public const string ProviderId = "google";

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Gemini", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    public static UpstreamTarget Target(int? defaultMaxTokens = null, IReadOnlyDictionary<string, string>? settings = null) => new()
    {
        ProviderId = ProviderId,
        Kind = "gemini",
        Model = "gemini-2.5-flash",
        ApiKey = "AIzaSyTEST-not-a-real-key-0123456789",
        DefaultMaxTokens = defaultMaxTokens,
        Settings = settings ?? FrozenDictionary<string, string>.Empty,
    };

    public static ResponseContext Context(bool includeUsage = true) => new()
    {
        ResponseId = ResponseId,
        Created = 1700000000,
        ProviderId = ProviderId,
        Model = "gemini-flash",
        IncludeUsage = includeUsage,
    };

    public static ChatRequest Parse(string json)
    {
        var result = ChatRequest.Parse(Encoding.UTF8.GetBytes(json));
        Assert.That(result.Error, Is.Null, () => result.Error!.Message);
        return result.Request!;
    }

    /// <summary>Writes the Gemini body for an OpenAI request; fails the test if the adapter rejects it.</summary>
    public static JsonNode WriteBody(string openAiJson, UpstreamTarget? target = null)
    {
        using var request = Parse(openAiJson);
        var body = new ArrayBufferWriter<byte>();
        var error = new Gateway.Transforms.Providers.Gemini.GeminiAdapter().WriteRequestBody(request, target ?? Target(), body);
        Assert.That(error, Is.Null, () => error!.Message);
        return JsonNode.Parse(body.WrittenSpan)!;
    }

    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual)
    {
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True,
            () => $"Expected:\n{expected?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }

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
