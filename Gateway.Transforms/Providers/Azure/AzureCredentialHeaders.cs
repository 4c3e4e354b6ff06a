namespace Gateway.Transforms.Providers.Azure;

/// <summary>Azure OpenAI's credential: the <c>api-key</c> header, or with <c>AuthHeader</c> = <c>bearer</c> an Entra ID token as <c>Authorization: Bearer</c>.</summary>
public static class AzureCredentialHeaders
{
    private const string ApiKeyHeader = "api-key";

    public static void Apply(HttpRequestMessage message, UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.Headers.Remove(ApiKeyHeader);
        if (string.IsNullOrEmpty(target.ApiKey))
        {
            return;
        }
        if (string.Equals(target.GetSetting("AuthHeader"), "bearer", StringComparison.OrdinalIgnoreCase))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        }
        else
        {
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, target.ApiKey);
        }
    }
}
