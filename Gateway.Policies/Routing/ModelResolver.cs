namespace Gateway.Policies.Routing;

/// <summary>
/// Turns a requested model name into an ordered candidate list: an alias from config, or <c>provider/model</c>
/// addressed directly, followed by OpenRouter's <c>models</c> fallbacks in order (duplicates dropped).
/// </summary>
public sealed class ModelResolver
{
    private readonly CandidateOrderer _orderer;

    public ModelResolver(CandidateOrderer orderer)
    {
        _orderer = orderer;
    }

    /// <summary>Returns null when the model (or any fallback) names nothing configured; <paramref name="unknown"/> names it.</summary>
    public RoutePlan? Resolve(GatewayCatalog catalog, string model, IReadOnlyList<string> fallbacks, in ScopeChain caller, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(fallbacks);
        unknown = null;
        if (!TryResolveOne(catalog, model, caller, out var strategy, out var first))
        {
            unknown = model;
            return null;
        }
        if (fallbacks.Count == 0)
        {
            return new RoutePlan { RequestedModel = model, Strategy = strategy, Candidates = first };
        }

        var candidates = new List<RouteTarget>(first);
        foreach (var fallback in fallbacks)
        {
            if (fallback == model)
            {
                continue;
            }
            if (!TryResolveOne(catalog, fallback, caller, out _, out var more))
            {
                unknown = fallback;
                return null;
            }
            foreach (var target in more)
            {
                if (!Contains(candidates, target))
                {
                    candidates.Add(target);
                }
            }
        }
        return new RoutePlan { RequestedModel = model, Strategy = strategy, Candidates = candidates };
    }

    private bool TryResolveOne(GatewayCatalog catalog, string model, in ScopeChain caller, out RoutingStrategy strategy, out IReadOnlyList<RouteTarget> targets)
    {
        if (!TryResolveTargets(catalog, model, caller, out var route, out targets))
        {
            strategy = RoutingStrategy.Failover;
            return false;
        }
        strategy = route?.Strategy ?? RoutingStrategy.Failover;
        if (route is not null)
        {
            targets = _orderer.Order(route);
        }
        return true;
    }

    /// <summary>
    /// The targets a model name stands for, in configured order: an alias's (with the alias in
    /// <paramref name="route"/>), or a single target for <c>provider/model</c> addressed directly (route null),
    /// with what the shipped catalog knows about it.
    /// </summary>
    public static bool TryResolveTargets(GatewayCatalog catalog, string model, in ScopeChain caller, out ModelRoute? route, out IReadOnlyList<RouteTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        if (catalog.TryGetRoute(model, caller, out route))
        {
            targets = route!.Targets;
            return true;
        }

        route = null;
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < model.Length - 1 && catalog.Providers.TryGetValue(model[..slash], out var provider) && caller.Sees(provider.Scope))
        {
            var upstreamModel = model[(slash + 1)..];
            var known = GatewayCatalog.FindKnownModel(catalog.KnownModels, provider, upstreamModel);
            targets =
            [
                new RouteTarget
                {
                    Provider = provider,
                    Model = upstreamModel,
                    ContextWindow = known?.ContextWindow,
                    MaxOutputTokens = known?.MaxOutputTokens,
                    Capabilities = known?.Capabilities,
                    Price = known?.Price,
                    PriceSchedule = known?.PriceSchedule,
                    // A provider model the catalog does not know, named directly: the provider decides what it serves.
                    Kinds = known is null ? RequestKindNames.Every : known.Kinds,
                    Dimensions = known?.Dimensions,
                    MaxInputTokens = known?.MaxInputTokens,
                    ParameterMapping = known?.ParameterMapping,
                },
            ];
            return true;
        }

        targets = [];
        return false;
    }

    private static bool Contains(List<RouteTarget> candidates, RouteTarget target)
    {
        foreach (var candidate in candidates)
        {
            if (ReferenceEquals(candidate.Provider, target.Provider) && candidate.Model == target.Model)
            {
                return true;
            }
        }
        return false;
    }
}
