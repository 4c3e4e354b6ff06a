using System.Net.Http.Headers;
using Gateway.Transforms.Adapters;

namespace Gateway.Transforms.Providers;

/// <summary>The headers of providers that take their key as a bearer token (OpenAI and its compatibles, Cohere).</summary>
internal static class BearerRequestHeaders
{
    /// <summary>
    /// The target's key as a bearer token where it has one (a local OpenAI-compatible server may need none), and the
    /// media type of the answer asked for: server-sent events for a stream, else JSON.
    /// </summary>
    public static void Set(HttpRequestMessage message, UpstreamTarget target, bool stream = false)
    {
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
    }
}
