using System.Collections.Frozen;
using Gateway.Policies.OpenRouter;

namespace Gateway.Policies.Routing;

/// <summary>
/// What routing needs to know about one request, built by the proxy from the parsed body, the caller's key and the
/// HTTP headers. Gateway.Policies reads no HTTP: headers come as a plain dictionary (only those the policies
/// refer to are needed: <see cref="RoutingPolicies.RoutingPolicySet.ReferencedHeaders"/>).
/// </summary>
public sealed class RoutingRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>model</c> field as sent, <c>:floor</c> / <c>:nitro</c> suffix included.</summary>
    public required string Model { get; init; }

    /// <summary>OpenRouter's <c>models</c>: tried in order after the requested model's own candidates.</summary>
    public IReadOnlyList<string> FallbackModels { get; init; } = [];

    /// <summary>The endpoint's kind: only targets serving it are candidates.</summary>
    public RequestKinds Kind { get; init; } = RequestKinds.Chat;

    /// <summary>Embeddings: the <c>dimensions</c> asked for; null for the model's own. Failover stays within one size.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Embeddings: the token count of the largest input, checked against each target's <see cref="RouteTarget.MaxInputTokens"/>.</summary>
    public int? LargestInputTokens { get; init; }

    public RequestFeatures Features { get; init; }

    /// <summary>Prompt tokens as <see cref="Tokens.TokenEstimator"/> counts them (messages, tools, per-message overhead).</summary>
    public int EstimatedPromptTokens { get; init; }

    /// <summary>Of the prompt, tokens expected to be read from the provider's prompt cache (0 when unknown); the cost strategy prices them at the cached rate.</summary>
    public int EstimatedCachedPromptTokens { get; init; }

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>; null when the request sets neither.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Streamed requests rank by time to first token, others by total latency (strategy parameter <c>auto</c>).</summary>
    public bool Stream { get; init; }

    /// <summary>The caller's organization, team and environment, for scoped aliases, providers and routing policies.</summary>
    public ScopeChain Caller { get; init; }

    /// <summary>The caller's key id, and its organization, team and environment ids as text: what deterministic rules' conditions compare.</summary>
    public string? KeyId { get; init; }

    public string? OrgId { get; init; }

    public string? TeamId { get; init; }

    public string? EnvironmentId { get; init; }

    /// <summary>Request headers deterministic rules may match; the dictionary should compare names without regard to case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>
    /// The caller may address <c>provider/model</c> directly (in <c>model</c> or <c>models</c>); when false only aliases
    /// resolve. Providers have their own <see cref="ProviderDefinition.AllowDirectModels"/>.
    /// </summary>
    public bool AllowDirectModels { get; init; } = true;

    /// <summary>OpenRouter's <c>provider</c> object, parsed by <see cref="ProviderPreferencesParser"/>.</summary>
    public ProviderPreferences Provider { get; init; } = ProviderPreferences.None;
}
