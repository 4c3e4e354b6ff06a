using Gateway.Transforms.Adapters;

namespace Gateway.Transforms.Providers.Azure;

/// <summary>
/// Builds Azure OpenAI's chat completions URL from the resource endpoint (<c>https://{resource}.openai.azure.com</c>):
/// the deployment form <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c> (the target's model is the
/// deployment name), or with <c>ApiStyle</c> = <c>v1</c> the versionless <c>/openai/v1/chat/completions</c> (model in the body).
/// </summary>
public static class AzureOpenAiEndpoint
{
    /// <summary>The latest GA data-plane inference version in Microsoft's REST reference; <c>ApiVersion</c> overrides it.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    public static Uri ChatCompletions(string resourceEndpoint, UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!UsesDeploymentPath(target))
        {
            return new Uri(ProviderUris.Combine(resourceEndpoint, "/openai/v1/chat/completions"));
        }
        var version = target.GetSetting("ApiVersion") ?? DefaultApiVersion;
        return new Uri(ProviderUris.Combine(resourceEndpoint,
            $"/openai/deployments/{ProviderUris.EscapeSegment(target.Model)}/chat/completions?api-version={Uri.EscapeDataString(version)}"));
    }

    /// <summary>Whether the target's model goes into the URL as the deployment (every style but <c>v1</c>).</summary>
    public static bool UsesDeploymentPath(UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return !string.Equals(target.GetSetting("ApiStyle"), "v1", StringComparison.OrdinalIgnoreCase);
    }
}
