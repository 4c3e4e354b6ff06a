namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Refuses, with a 400 naming the field, what an OpenAI-compatible provider cannot do, rather than letting it drop the
/// field silently or fail upstream. The failover loop then tries the next candidate.
/// </summary>
internal static class OpenAiCapabilityGate
{
    public static GatewayError? Check(ChatRequest request, ProviderCapabilities capabilities, string kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasTools && !capabilities.HasFlag(ProviderCapabilities.Tools))
        {
            return GatewayError.InvalidRequest($"Provider kind '{kind}' does not support tools for this model.", "tools", "unsupported_parameter");
        }
        if (request.N > 1 && !capabilities.HasFlag(ProviderCapabilities.MultipleChoices))
        {
            return GatewayError.InvalidRequest($"Provider kind '{kind}' returns one choice per request; 'n' must be 1 for this model.", "n", "invalid_value");
        }
        if ((request.ResponseFormat == ResponseFormatKind.JsonSchema && !capabilities.HasFlag(ProviderCapabilities.JsonSchema))
            || (request.ResponseFormat == ResponseFormatKind.JsonObject && !capabilities.HasFlag(ProviderCapabilities.JsonObject)))
        {
            return GatewayError.InvalidRequest($"Provider kind '{kind}' does not support this response_format for this model.", "response_format", "unsupported_parameter");
        }
        if (request.HasImages && !capabilities.HasFlag(ProviderCapabilities.Vision))
        {
            return GatewayError.InvalidRequest($"Provider kind '{kind}' does not accept images for this model.", "messages", "unsupported_parameter");
        }
        return null;
    }
}
