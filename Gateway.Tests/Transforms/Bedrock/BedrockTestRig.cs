using Gateway.Tests.Transforms.Conformance;
using Gateway.Transforms.Providers.Bedrock;
using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>Bedrock's defaults on the shared <see cref="ProviderConformanceRig"/>.</summary>
internal static class BedrockTestRig
{
    public const string ProviderId = "bedrock-test";
    public const string Model = "anthropic.claude-3-haiku-20240307-v1:0";

    public static ProviderConformanceRig Rig { get; } = new(new BedrockAdapter(), "Bedrock", ProviderId, "bedrock", Model, upstreamApiKey: null, Model, created: 1717000000);

    public static byte[] ReadBytes(params string[] parts) => Rig.Bytes(parts);

    public static string ReadText(params string[] parts) => Rig.Text(parts);

    public static ResponseContext Context(bool includeUsage = false) => Rig.Context(includeUsage);

    public static UpstreamTarget Target(int? defaultMaxTokens = null, string? apiKey = null, IReadOnlyDictionary<string, string>? settings = null) =>
        Rig.Target(defaultMaxTokens, settings, apiKey: apiKey);

    public static ChatRequest Parse(string json) => ProviderConformanceRig.Parse(json);

    public static JsonNode ParseJson(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8)!;

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
}
