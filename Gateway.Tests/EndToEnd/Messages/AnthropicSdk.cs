using Anthropic;
using Anthropic.Core;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>The official Anthropic .NET SDK and raw HTTP, pointed at the gateway's <c>/v1/messages</c>.</summary>
internal static class AnthropicSdk
{
    /// <summary>The SDK with the gateway's base URL and a gateway key, as <c>x-api-key</c> or, with <paramref name="bearer"/>, <c>Authorization: Bearer</c>.</summary>
    public static AnthropicClient Client(GatewayHost gateway, string? key = null, bool bearer = false) => new(new ClientOptions
    {
        BaseUrl = gateway.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = bearer ? null : key ?? GatewayHost.ClientKey,
        AuthToken = bearer ? key ?? GatewayHost.ClientKey : null,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>A raw POST with <c>x-api-key</c> and <c>anthropic-version</c>, as Anthropic's older SDKs send them.</summary>
    public static async Task<(int Status, string Body, HttpResponseHeaders Headers)> PostAsync(
        GatewayHost gateway, string path, string json, string? key = null, IDictionary<string, string>? headers = null)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("x-api-key", key ?? GatewayHost.ClientKey);
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }
}
