using Gateway.Transforms.Adapters;

namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Builds the Generative Language API path for a model: <c>/v1beta/models/{model}:generateContent</c>.</summary>
internal static class GeminiEndpoint
{
    /// <summary>The API version the adapter's wire format follows; <c>ApiVersion</c> in the provider's settings overrides it.</summary>
    public const string DefaultApiVersion = "v1beta";

    public static string Path(UpstreamTarget target, bool stream)
    {
        var version = target.GetSetting("ApiVersion") ?? DefaultApiVersion;
        var model = target.Model;

        // Config may name a model the way Google's own resources do ("models/…", "tunedModels/…").
        var collection = model.StartsWith("models/", StringComparison.Ordinal) || model.StartsWith("tunedModels/", StringComparison.Ordinal)
            ? string.Empty
            : "models/";

        // Without alt=sse the streaming method answers with one JSON array instead of server-sent events.
        return stream
            ? $"/{version}/{collection}{model}:streamGenerateContent?alt=sse"
            : $"/{version}/{collection}{model}:generateContent";
    }
}
