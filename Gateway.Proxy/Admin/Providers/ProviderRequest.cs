namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of creating a provider account, the config file's provider description in the API's words: the fields a
/// replace gives (<see cref="ProviderUpdateRequest"/>) and the provider's <c>id</c>. <c>credential</c> (the provider's
/// API key) is write-only: stored encrypted, never returned. <c>settings</c> holds the settings the kind's adapter
/// declares (Anthropic's <c>AnthropicVersion</c>, Bedrock's <c>AccessKeyId</c>, …); those it declares secret
/// (Bedrock's <c>SecretAccessKey</c>, <c>SessionToken</c>) are stored encrypted like the credential and never returned.
/// <c>region</c> is the region of <c>base_url</c> (keys of that region prefer it); <c>base_urls</c> and
/// <c>regional_base_urls</c> add further roots of the same account; <c>health_check</c> probes them actively.
/// <c>allow_direct_models</c> (default true) lets keys that may do so address it as <c>provider/model</c>.
/// </summary>
internal sealed record ProviderRequest : ProviderUpdateRequest
{
    [Required]
    public string? Id { get; init; }
}
