namespace Gateway.Transforms.Providers.Azure;

/// <summary>
/// Builds Azure OpenAI's chat completions URL from the resource endpoint (<c>https://{resource}.openai.azure.com</c>):
/// the deployment form <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c> (the target's model is the
/// deployment name), or with <c>ApiStyle</c> = <c>v1</c> the versionless <c>/openai/v1/chat/completions</c> (model in the body).
/// </summary>
internal static class AzureOpenAiEndpoint
{
    /// <summary>The latest GA data-plane inference version in Microsoft's REST reference; <c>ApiVersion</c> overrides it.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    public static Uri ChatCompletions(string resourceEndpoint, UpstreamTarget target) => Operation(resourceEndpoint, target, "chat/completions");

    /// <summary><c>/openai/deployments/{deployment}/embeddings?api-version=…</c>, or <c>/openai/v1/embeddings</c>.</summary>
    public static Uri Embeddings(string resourceEndpoint, UpstreamTarget target) => Operation(resourceEndpoint, target, "embeddings");

    /// <summary>The URL of one of Azure OpenAI's operations (<c>chat/completions</c>, <c>embeddings</c>, …) in the target's API style.</summary>
    public static Uri Operation(string resourceEndpoint, UpstreamTarget target, string operation)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!UsesDeploymentPath(target))
        {
            return new Uri(ProviderUris.Combine(resourceEndpoint, $"/openai/v1/{operation}"));
        }
        var version = target.GetSetting("ApiVersion") ?? DefaultApiVersion;
        return new Uri(ProviderUris.Combine(resourceEndpoint,
            $"/openai/deployments/{ProviderUris.EscapeSegment(target.Model)}/{operation}?api-version={Uri.EscapeDataString(version)}"));
    }

    /// <summary>Whether the target's model goes into the URL as the deployment (every style but <c>v1</c>).</summary>
    public static bool UsesDeploymentPath(UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return !string.Equals(target.GetSetting("ApiStyle"), "v1", StringComparison.OrdinalIgnoreCase);
    }
}
