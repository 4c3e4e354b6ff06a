using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>Fixture access and small helpers shared by the Bedrock tests.</summary>
internal static class BedrockTestRig
{
    public const string ProviderId = "bedrock-test";
    public const string Model = "anthropic.claude-3-haiku-20240307-v1:0";

    public static string FixturePath(params string[] parts) =>
        Path.Combine([TestContext.CurrentContext.TestDirectory, "Fixtures", "Bedrock", .. parts]);

    public static byte[] ReadBytes(params string[] parts) => File.ReadAllBytes(FixturePath(parts));

    public static string ReadText(params string[] parts) => File.ReadAllText(FixturePath(parts));

    public static ResponseContext Context(bool includeUsage = false) => new()
    {
        ResponseId = "gen-test-1",
        Created = 1717000000,
        ProviderId = ProviderId,
        Model = Model,
        IncludeUsage = includeUsage,
    };

    public static UpstreamTarget Target(int? defaultMaxTokens = null, string? apiKey = null, IReadOnlyDictionary<string, string>? settings = null) => new()
    {
        ProviderId = ProviderId,
        Kind = "bedrock",
        Model = Model,
        ApiKey = apiKey,
        DefaultMaxTokens = defaultMaxTokens,
        Settings = settings ?? new Dictionary<string, string>(),
    };

    public static ChatRequest Parse(string json)
    {
        var result = ChatRequest.Parse(Encoding.UTF8.GetBytes(json));
        Assert.That(result.Error, Is.Null, () => result.Error!.Message);
        return result.Request!;
    }

    public static JsonNode ParseJson(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8)!;

    public static void AssertJsonEqual(JsonNode? actual, JsonNode? expected)
    {
        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True,
            () => $"expected:\n{expected?.ToJsonString()}\nactual:\n{actual?.ToJsonString()}");
    }

    /// <summary>The JSON of every <c>data:</c> event in an OpenAI SSE stream, and whether it ended with <c>[DONE]</c>.</summary>
    public static (List<JsonNode> Chunks, bool Done) ParseSse(string sse)
    {
        var chunks = new List<JsonNode>();
        var done = false;
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.That(block, Does.StartWith("data: "));
            var data = block["data: ".Length..];
            if (data == "[DONE]")
            {
                done = true;
                continue;
            }
            Assert.That(done, Is.False, "nothing may follow [DONE]");
            chunks.Add(JsonNode.Parse(data)!);
        }
        return (chunks, done);
    }

    public static string Utf8(ArrayBufferWriter<byte> buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);
}
