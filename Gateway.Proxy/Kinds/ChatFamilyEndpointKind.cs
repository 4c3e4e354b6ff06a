using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Policies.Routing;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Options;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.RequestState;
using Gateway.Proxy.Routing;
using Gateway.Proxy.Usage;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// The endpoints whose requests are chat requests: chat completions and the doors that translate into chat (Anthropic's
/// Messages, OpenAI's Responses). Routed, billed and limited as chat: by tokens, within the chat body limit, served by
/// every provider kind (each adapter speaks chat).
/// </summary>
internal abstract class ChatFamilyEndpointKind(ProviderAdapterRegistry adapters, ITokenEstimator estimator) : EndpointKind
{
    public sealed override RequestKinds Kind => RequestKinds.Chat;

    public sealed override UsageUnit Unit => UsageUnit.Tokens;

    /// <summary>The chat limit, whichever door the request came through (32 MB by default, as Anthropic's own).</summary>
    public sealed override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxRequestBodyBytes;

    /// <summary>Every provider kind: a door's request goes to a provider that does not speak its API translated to chat.</summary>
    public sealed override bool IsServedBy(string providerKind) => adapters.Kinds.ContainsKey(providerKind);

    /// <summary>The client's body in estimated tokens.</summary>
    protected int BodyTokens(GatewayRequestFeature feature) => estimator.EstimateTokens(feature.RequestBody?.WrittenCount ?? 0);

    /// <summary>The prompt's tokens for routing, counted with the tokenizer the caller's catalog and policies choose.</summary>
    protected int PromptTokens(GatewayRequestFeature feature, ChatRequest chat)
    {
        var snapshot = feature.Snapshot;
        return PromptTokenCounter.Count(chat, snapshot.Catalog, feature.Key?.Scope ?? default, snapshot.Catalog.RoutingPolicies, estimator);
    }

    /// <summary>What the quota reserves: the body's estimated tokens and <paramref name="maxOutputTokens"/> for each of <paramref name="choices"/>.</summary>
    protected TokenEstimate QuotaEstimate(GatewayRequestFeature feature, int? maxOutputTokens, int choices, RouteTarget? firstCandidate, QuotaOptions options) =>
        TokenEstimate.Estimate(BodyTokens(feature), maxOutputTokens, choices, firstCandidate?.ContextWindow, options.DefaultCompletionTokens);
}
