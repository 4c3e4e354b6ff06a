using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Bench;

/// <summary>
/// The gateway config the bench measures: the shipped <c>config/gateway.json</c> (its log level, limits, quotas,
/// token counting, everything) with only its providers, models and keys replaced by the bench's fake upstreams and
/// throwaway key, so what is measured is what a user runs.
/// </summary>
internal static class BenchConfigMaker
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <param name="kinds">
    /// Adds what bench/kinds.sh measures: an embeddings alias (<c>text-embedding-3-small</c>, declaring the kind, on
    /// the fast fake) and an anthropic-kind provider on the paced fake with its alias <c>claude-paced</c>.
    /// </param>
    public static string Make(string shippedConfig, string upstream, string pacedUpstream, string keyHash, bool kinds = false)
    {
        var root = JsonNode.Parse(shippedConfig, documentOptions: Lenient)?.AsObject() ?? throw new ArgumentException("the shipped config is not a JSON object");
        var gateway = root["Gateway"]?.AsObject() ?? throw new ArgumentException("the shipped config has no Gateway section");
        gateway["Providers"] = new JsonObject
        {
            ["fake"] = Provider(upstream),
            ["fake-paced"] = Provider(pacedUpstream),
        };
        gateway["Models"] = new JsonObject
        {
            ["gpt-4o-mini"] = Model("fake"),
            ["gpt-4o-mini-paced"] = Model("fake-paced"),
        };
        if (kinds)
        {
            gateway["Providers"]!["fake-anthropic-paced"] = new JsonObject
            {
                ["Kind"] = "anthropic",
                ["BaseUrl"] = pacedUpstream.TrimEnd('/'),
                ["ApiKey"] = "env:BENCH_UPSTREAM_KEY",
            };
            gateway["Models"]!["claude-paced"] = new JsonObject
            {
                ["Targets"] = new JsonArray(new JsonObject { ["Provider"] = "fake-anthropic-paced", ["Model"] = "claude-sonnet-4-5" }),
            };
            gateway["Models"]!["text-embedding-3-small"] = new JsonObject
            {
                ["Targets"] = new JsonArray(new JsonObject
                {
                    ["Provider"] = "fake",
                    ["Model"] = "text-embedding-3-small",
                    ["Kinds"] = new JsonArray("embeddings"),
                    ["Dimensions"] = 1536,
                    ["MaxInputTokens"] = 8191,
                }),
            };
        }
        gateway["Keys"] = new JsonObject { ["bench"] = new JsonObject { ["KeyHash"] = "sha256:" + keyHash } };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The request body with another model and, for streams, the usage chunk asked for (so every path sends the same events).</summary>
    public static string Body(string fixture, string model, bool stream)
    {
        var body = JsonNode.Parse(fixture)?.AsObject() ?? throw new ArgumentException("the request fixture is not a JSON object");
        body["model"] = model;
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        return body.ToJsonString();
    }

    private static JsonObject Provider(string baseUrl) => new()
    {
        ["Kind"] = "openai",
        ["BaseUrl"] = baseUrl.TrimEnd('/') + "/v1",
        ["ApiKey"] = "env:BENCH_UPSTREAM_KEY",
    };

    private static JsonObject Model(string provider) => new()
    {
        ["Targets"] = new JsonArray(new JsonObject { ["Provider"] = provider, ["Model"] = "gpt-4o-mini" }),
    };
}
