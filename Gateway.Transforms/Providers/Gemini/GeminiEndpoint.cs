namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Builds the Generative Language API path for a model: <c>/v1beta/models/{model}:generateContent</c>. The model is
/// escaped as one segment, so no name can reach another path, method or query on Google's host with the operator's key.
/// </summary>
internal static class GeminiEndpoint
{
    /// <summary>The API version the adapter's wire format follows; <c>ApiVersion</c> in the provider's settings overrides it.</summary>
    public const string DefaultApiVersion = "v1beta";

    private static readonly string[] ResourceCollections = ["models/", "tunedModels/"];

    public static string Path(UpstreamTarget target, bool stream) =>
        // Without alt=sse the streaming method answers with one JSON array instead of server-sent events.
        stream ? Method(target, "streamGenerateContent") + "?alt=sse" : Method(target, "generateContent");

    /// <summary><c>/{version}/models/{model}:{method}</c> (<c>generateContent</c>, <c>batchEmbedContents</c>, …).</summary>
    public static string Method(UpstreamTarget target, string method)
    {
        var version = target.GetSetting("ApiVersion") ?? DefaultApiVersion;
        var model = target.Model;

        // Config may name a model the way Google's own resources do ("models/…", "tunedModels/…"): the collection
        // stays a path, the id after it is escaped like any other name.
        var collection = "models/";
        foreach (var prefix in ResourceCollections)
        {
            if (model.StartsWith(prefix, StringComparison.Ordinal))
            {
                collection = prefix;
                model = model[prefix.Length..];
                break;
            }
        }
        // Not EscapeSegment: the method follows in the same segment, so even "." or ".." is no dot segment here.
        model = Uri.EscapeDataString(model);

        return $"/{version}/{collection}{model}:{method}";
    }
}
