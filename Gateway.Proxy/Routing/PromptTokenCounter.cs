using Gateway.Policies.Catalog;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Tokens;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Routing;

/// <summary>
/// The prompt's size in tokens for routing. The calibrated byte estimate (about 1 µs) is within ±25 %; the real
/// tokenizer (tens of µs for a few KB) is used only where that margin could change a decision: a context window
/// within reach, or routing policies whose rules may compare prompt sizes.
/// </summary>
internal static class PromptTokenCounter
{
    private const double EstimateMargin = 1.3;

    /// <param name="useTokenizers">False: the estimate always (<see cref="Options.TokenCountingOptions.UseTokenizers"/>).</param>
    public static int Count(ChatRequest request, GatewayCatalog catalog, in ScopeChain caller, RoutingPolicySet policies, bool useTokenizers)
    {
        var estimate = TokenEstimator.EstimatePromptTokens(request.Root, TokenEncoding.Estimated);
        if (!useTokenizers || !ModelResolver.TryResolveTargets(catalog, StripSuffix(request.Model), caller, out _, out var targets) || targets.Count == 0)
        {
            return estimate;
        }
        var needed = estimate * EstimateMargin + (request.MaxTokens ?? 0);
        var close = policies.Count > 0;
        foreach (var target in targets)
        {
            close |= target.ContextWindow is { } window && needed >= window;
        }
        return close ? TokenEstimator.EstimatePromptTokens(request.Root, targets[0].Model) : estimate;
    }

    private static string StripSuffix(string model)
    {
        var colon = model.LastIndexOf(':');
        return colon > 0 && (model.AsSpan(colon) is ":floor" or ":nitro") ? model[..colon] : model;
    }
}
