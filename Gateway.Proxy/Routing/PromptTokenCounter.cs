using Gateway.Policies.OpenRouter;
using Gateway.Policies.RoutingPolicies;
using Gateway.Proxy.Usage;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Routing;

/// <summary>
/// The prompt's size in tokens for routing. The calibrated byte estimate (about 1 µs) is within ±25 %; the real
/// tokenizer (tens of µs for a few KB) is used only where that margin could change a decision: a context window
/// within reach, or routing policies whose rules may compare prompt sizes. Both through the one
/// <see cref="ITokenEstimator"/> that also estimates what a request used.
/// </summary>
internal static class PromptTokenCounter
{
    private const double EstimateMargin = 1.3;

    public static int Count(ChatRequest request, GatewayCatalog catalog, in ScopeChain caller, RoutingPolicySet policies, ITokenEstimator estimator)
    {
        var estimate = estimator.EstimatePromptTokens(request, model: null);
        if (!estimator.UsesTokenizers || !ModelResolver.TryResolveTargets(catalog, ModelSuffix.Strip(request.Model, out _), caller, out _, out var targets) || targets.Count == 0)
        {
            return estimate;
        }
        var needed = estimate * EstimateMargin + (request.MaxTokens ?? 0);
        var close = policies.Count > 0;
        foreach (var target in targets)
        {
            close |= target.ContextWindow is { } window && needed >= window;
        }
        return close ? estimator.EstimatePromptTokens(request, targets[0].Model) : estimate;
    }
}
