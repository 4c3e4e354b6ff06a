using System.Collections.Concurrent;
using System.Collections.Frozen;
using Gateway.Transforms.Providers;
using Gateway.Transforms.Providers.Azure;
using Gateway.Transforms.Providers.Gemini;

namespace Gateway.Transforms.Media;

/// <summary>
/// Which provider kinds serve OpenAI's image and audio operations, and how to address them. They all speak OpenAI's
/// wire format (JSON or the same multipart form), so the body passes through with only <c>model</c> rewritten; what
/// differs is the URL and the credential header. Every OpenAI-compatible preset is declared yes or no per operation:
/// Groq serves Whisper transcriptions and translations (<c>/openai/v1/audio/…</c>); vLLM's OpenAI server serves
/// <c>/v1/audio/transcriptions</c> and <c>/translations</c> for Whisper models; the others document none of these
/// endpoints (Mistral's transcription API is not verified here, so it is not declared). Gemini serves image generations
/// through Imagen's <c>models/{model}:predict</c> (its own body and answer: <c>Providers/Gemini/Images/</c>).
/// </summary>
public static class MediaProviders
{
    private const MediaOperations Whisper = MediaOperations.Transcriptions | MediaOperations.Translations;

    /// <summary>Per provider kind, the operations it serves (a kind missing here serves none).</summary>
    internal static IReadOnlyDictionary<string, MediaOperations> Served { get; } = new Dictionary<string, MediaOperations>(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = MediaOperations.All,
        // Azure has no DALL·E 2, so no variations; edits need an ApiVersion (or ApiStyle v1) that has them.
        ["azure"] = MediaOperations.All & ~MediaOperations.ImageVariations,
        ["gemini"] = MediaOperations.ImageGenerations,
        ["groq"] = Whisper,
        ["vllm"] = Whisper,
        ["mistral"] = MediaOperations.None,
        ["together"] = MediaOperations.None,
        ["fireworks"] = MediaOperations.None,
        ["deepseek"] = MediaOperations.None,
        ["xai"] = MediaOperations.None,
        ["perplexity"] = MediaOperations.None,
        ["openrouter"] = MediaOperations.None,
        ["ollama"] = MediaOperations.None,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private const string GeminiApiKeyHeader = "x-goog-api-key";

    private static readonly ConcurrentDictionary<(string Prefix, MediaOperation Operation), Uri> Uris = new();

    public static bool Serves(string providerKind, MediaOperation operation) =>
        Served.TryGetValue(providerKind, out var served) && served.HasFlag(Flag(operation));

    /// <summary>The operation's path below an OpenAI-style API root.</summary>
    public static string PathOf(MediaOperation operation) => operation switch
    {
        MediaOperation.ImageGenerations => "images/generations",
        MediaOperation.ImageEdits => "images/edits",
        MediaOperation.ImageVariations => "images/variations",
        MediaOperation.Transcriptions => "audio/transcriptions",
        MediaOperation.Translations => "audio/translations",
        MediaOperation.Speech => "audio/speech",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Refuses a target Azure cannot address (a deployment of <c>.</c> or <c>..</c>); null otherwise.</summary>
    public static Errors.GatewayError? Refusal(UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return IsAzure(target) && AzureOpenAiEndpoint.UsesDeploymentPath(target) ? ProviderUris.RefuseDotSegment(target) : null;
    }

    /// <summary>Sets the URI (from <paramref name="destinationPrefix"/>, the provider's BaseUrl) and the credential header.</summary>
    public static void Prepare(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, MediaOperation operation, string accept)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        if (IsGemini(target))
        {
            message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, GeminiEndpoint.Method(target, "predict")));
            message.Headers.Remove(GeminiApiKeyHeader);
            if (!string.IsNullOrEmpty(target.ApiKey))
            {
                message.Headers.TryAddWithoutValidation(GeminiApiKeyHeader, target.ApiKey);
            }
        }
        else if (IsAzure(target))
        {
            message.RequestUri = AzureOpenAiEndpoint.Operation(destinationPrefix, target, PathOf(operation));
            AzureCredentialHeaders.Apply(message, target);
        }
        else
        {
            message.RequestUri = Uris.GetOrAdd((destinationPrefix, operation), static key => new Uri(ProviderUris.Combine(key.Prefix, "/" + PathOf(key.Operation))));
            if (!string.IsNullOrEmpty(target.ApiKey))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
            }
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
    }

    /// <summary>Whether the target is Gemini's (Imagen), whose body and answer are not OpenAI's.</summary>
    public static bool IsGemini(UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return string.Equals(target.Kind, "gemini", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAzure(UpstreamTarget target) => string.Equals(target.Kind, "azure", StringComparison.OrdinalIgnoreCase);

    private static MediaOperations Flag(MediaOperation operation) => (MediaOperations)(1 << (int)operation);
}
