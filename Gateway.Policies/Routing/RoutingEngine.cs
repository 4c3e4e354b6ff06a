using System.Globalization;
using Gateway.Policies.Capabilities;
using Gateway.Policies.OpenRouter;
using Gateway.Policies.Resilience;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Strategies;

namespace Gateway.Policies.Routing;

/// <summary>
/// Turns a <see cref="RoutingRequest"/> into the ordered candidates to try and a <see cref="RoutingDecision"/>
/// recording why. Pure: it reads the catalog snapshot, the policies, target statistics and breaker states it is
/// given, and changes nothing. Thread-safe (given a thread-safe <see cref="Random"/> in the orderer).
/// </summary>
/// <remarks>
/// Steps, per model group (the requested model, then each of OpenRouter's <c>models</c> fallbacks in order):
/// <list type="number">
/// <item>Strip a <c>:floor</c> / <c>:nitro</c> suffix.</item>
/// <item>Choose the ordering: the request's <c>provider.sort</c> or suffix, else the scoped routing policy (a
/// deterministic policy's matching rule also chooses the targets), else the alias's strategy. Fallback models keep
/// their own alias strategy unless the request sorts.</item>
/// <item>Expand names to targets (aliases in configured order, <c>provider/model</c> directly), skipping duplicates.</item>
/// <item>Drop, with a reason, targets excluded by <c>provider.ignore</c> / <c>only</c> / <c>allow_fallbacks</c> /
/// <c>max_price</c>, lacking a needed capability or context window, or with an open circuit.</item>
/// <item>Order the survivors by the strategy, then move <c>provider.order</c>'s providers to the front in that order.</item>
/// </list>
/// </remarks>
public sealed class RoutingEngine
{
    private readonly CandidateOrderer _orderer;
    private readonly CapabilityMatcher _capabilities;
    private readonly CircuitBreakerRegistry? _breakers;
    private volatile RoutingEngineOptions _options;
    private readonly KindMatcher _kinds;

    /// <param name="breakers">Breaker states to respect (open circuits are dropped); null ignores breakers.</param>
    /// <param name="kinds">Which request kinds each provider kind serves; null reads model declarations only.</param>
    public RoutingEngine(
        CandidateOrderer orderer, CapabilityMatcher capabilities, CircuitBreakerRegistry? breakers = null, RoutingEngineOptions? options = null, KindMatcher? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(orderer);
        ArgumentNullException.ThrowIfNull(capabilities);
        _orderer = orderer;
        _capabilities = capabilities;
        _breakers = breakers;
        _options = options ?? RoutingEngineOptions.Default;
        _kinds = kinds ?? KindMatcher.ModelsOnly;
    }

    /// <summary>Options for the routing decisions that start from now on.</summary>
    public void Reconfigure(RoutingEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public RoutingResult Route(GatewayCatalog catalog, RoutingPolicySet policies, RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);

        var model = ModelSuffix.Strip(request.Model, out var suffixSort);
        var preferences = request.Provider;
        var requestSort = preferences.Sort ?? suffixSort;
        var context = new OrderingContext(
            request.EstimatedPromptTokens, request.EstimatedCachedPromptTokens, request.MaxOutputTokens, _options.DefaultOutputTokens, request.Stream);
        var work = new Work(new List<RouteTarget>(8));

        var policy = policies.Select(request, model);
        RuleTargets? ruleTargets = null;
        string? ruleName = null;
        if (policy?.Rules is { } rules)
        {
            ruleTargets = rules.Match(request, model, out ruleName);
        }

        AppliedPolicy applied;
        if (ruleTargets is not null)
        {
            var strategy = ToStrategy(requestSort) ?? ruleTargets.Strategy ?? RoutingStrategy.Failover;
            applied = new AppliedPolicy(requestSort is null ? PolicySource.Policy : PolicySource.Request, strategy, policy!.Id, policy.Name, policy.Scope, ruleName);
            var start = work.Candidates.Count;
            var resolvedAny = false;
            foreach (var name in ruleTargets.Models)
            {
                // A rule naming a model that is no longer configured is an operator's error: skip that name rather
                // than fail every request the rule matches (RoutingPolicySet.FindUnknownTargets reports them at load time).
                if (ModelResolver.TryResolveTargets(catalog, name, request.Caller, out _, out var targets))
                {
                    resolvedAny = true;
                    Admit(targets, request, ref work);
                }
            }
            if (!resolvedAny)
            {
                return Fail(new RoutingError(RoutingErrorKind.UnknownModel,
                    $"The routing policy '{policy.Name}' (rule '{ruleName}') routes model '{model}' to models that are not configured.",
                    "model", "model_not_found"), null);
            }
            Order(ref work, start, strategy, ruleTargets.Parameters, preferences, context);
        }
        else
        {
            if (Resolve(catalog, model, request, "model", out var route, out var targets) is { } refused)
            {
                return Fail(refused, null);
            }
            RoutingStrategy strategy;
            StrategyParameters parameters;
            if (ToStrategy(requestSort) is { } sorted)
            {
                strategy = sorted;
                parameters = StrategyParameters.Default;
                applied = new AppliedPolicy(PolicySource.Request, strategy);
            }
            else if (policy is not null && policy.Type != RoutingPolicyType.Deterministic)
            {
                strategy = policy.Strategy;
                parameters = policy.Parameters;
                applied = new AppliedPolicy(PolicySource.Policy, strategy, policy.Id, policy.Name, policy.Scope);
            }
            else
            {
                strategy = route?.Strategy ?? RoutingStrategy.Failover;
                parameters = route?.Parameters ?? StrategyParameters.Default;
                applied = new AppliedPolicy(PolicySource.Alias, strategy);
            }
            var start = work.Candidates.Count;
            Admit(targets, request, ref work);
            Order(ref work, start, strategy, parameters, preferences, context);
        }

        for (var i = 0; i < request.FallbackModels.Count; i++)
        {
            var fallback = ModelSuffix.Strip(request.FallbackModels[i], out var fallbackSort);
            if (string.Equals(fallback, model, StringComparison.Ordinal))
            {
                continue;
            }
            if (Resolve(catalog, fallback, request, "models", out var route, out var targets) is { } refused)
            {
                return Fail(refused, null);
            }
            var strategy = ToStrategy(preferences.Sort ?? fallbackSort) ?? route?.Strategy ?? RoutingStrategy.Failover;
            var start = work.Candidates.Count;
            Admit(targets, request, ref work);
            Order(ref work, start, strategy, route?.Parameters ?? StrategyParameters.Default, preferences, context);
        }

        if (request.Kind == RequestKinds.Embeddings)
        {
            KeepOneEmbeddingSpace(request, ref work);
        }

        var decision = new RoutingDecision(
            request.Model, model, applied, work.Candidates, (IReadOnlyList<DroppedCandidate>?)work.Dropped ?? [], request.EstimatedPromptTokens);
        if (work.Candidates.Count > 0)
        {
            return new RoutingResult(decision, null);
        }
        return new RoutingResult(decision, Explain(model, request, work.Dropped));
    }

    private static RoutingResult Fail(RoutingError error, RoutingDecision? decision) => new(decision, error);

    /// <summary>
    /// The route and targets of a name the request asks for (its model, or one of its fallback <c>models</c>, named
    /// by <paramref name="param"/>), or why it may not have them.
    /// </summary>
    private static RoutingError? Resolve(
        GatewayCatalog catalog, string name, RoutingRequest request, string param, out ModelRoute? route, out IReadOnlyList<RouteTarget> targets)
    {
        if (!ModelResolver.TryResolveTargets(catalog, name, request.Caller, out route, out targets))
        {
            return UnknownModel(name);
        }
        if (route is null && DirectModelName.Problem(name) is { } problem)
        {
            return RoutingError.InvalidValue(param, problem + ".");
        }
        return DirectNotAllowed(name, route, targets, request, param);
    }

    private static RoutingError UnknownModel(string model) => new(
        RoutingErrorKind.UnknownModel, $"The model '{model}' does not exist or you do not have access to it.", "model", "model_not_found");

    /// <summary>
    /// A name the request addresses directly as <c>provider/model</c> (no alias: <paramref name="route"/> is null) needs
    /// both the caller's and the provider's permission. Targets a routing policy names are the operator's choice and
    /// are not asked.
    /// </summary>
    private static RoutingError? DirectNotAllowed(string name, ModelRoute? route, IReadOnlyList<RouteTarget> targets, RoutingRequest request, string param)
    {
        if (route is not null || targets.Count == 0)
        {
            return null;
        }
        if (!request.AllowDirectModels)
        {
            return new RoutingError(RoutingErrorKind.DirectModelNotAllowed,
                $"This API key may not address models directly as provider/model ('{name}'); use one of the aliases it may use.", param, "direct_model_not_allowed");
        }
        return targets[0].Provider.AllowDirectModels
            ? null
            : new RoutingError(RoutingErrorKind.DirectModelNotAllowed,
                $"The provider '{targets[0].Provider.Id}' cannot be addressed directly as provider/model ('{name}'); use an alias.", param, "direct_model_not_allowed");
    }

    private static RoutingStrategy? ToStrategy(ProviderSort? sort) => sort switch
    {
        ProviderSort.Price => RoutingStrategy.Cost,
        ProviderSort.Latency => RoutingStrategy.Latency,
        ProviderSort.Throughput => RoutingStrategy.Throughput,
        _ => null,
    };

    /// <summary>Adds the targets that survive every filter, recording each one dropped; duplicates of earlier ones are skipped silently.</summary>
    private void Admit(IReadOnlyList<RouteTarget> targets, RoutingRequest request, ref Work work)
    {
        var preferences = request.Provider;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (work.Contains(target))
            {
                continue;
            }
            var providerId = target.Provider.Id;
            if (!preferences.IsEmpty)
            {
                if (Contains(preferences.Ignore, providerId))
                {
                    work.Drop(target, DropReason.ProviderIgnored, RequestFeatures.None, $"provider '{providerId}' is in provider.ignore");
                    continue;
                }
                if (preferences.Only.Count > 0 && !Contains(preferences.Only, providerId))
                {
                    work.Drop(target, DropReason.ProviderNotInOnly, RequestFeatures.None, $"provider '{providerId}' is not in provider.only");
                    continue;
                }
                if (!preferences.AllowFallbacks && preferences.Order.Count > 0 && !Contains(preferences.Order, providerId))
                {
                    work.Drop(target, DropReason.FallbacksNotAllowed, RequestFeatures.None,
                        $"provider '{providerId}' is not in provider.order and provider.allow_fallbacks is false");
                    continue;
                }
                if (preferences.MaxPrice is { } max && PriceProblem(target, max) is { } priceDrop)
                {
                    work.Drop(target, priceDrop.Reason, RequestFeatures.None, priceDrop.Detail);
                    continue;
                }
            }

            if (_kinds.Check(target, request) is { } notServed)
            {
                work.Drop(target, notServed.Reason, RequestFeatures.None, notServed.Detail);
                continue;
            }

            var check = _capabilities.Check(target, request.Features, request.EstimatedPromptTokens, request.MaxOutputTokens, preferences.RequireParameters);
            if (!check.CanServe)
            {
                work.Drop(target, check.Reason, check.Missing, DescribeCapabilityDrop(target, check, request));
                continue;
            }

            if (_breakers is not null && _breakers.TryGet(providerId, target.Model, out var breaker) && breaker!.State == CircuitState.Open)
            {
                work.Drop(target, DropReason.CircuitOpen, RequestFeatures.None,
                    string.Create(CultureInfo.InvariantCulture, $"circuit open for another {breaker.RetryAfter.TotalSeconds:0.#} s"));
                continue;
            }
            work.Add(target);
        }
    }

    /// <summary>
    /// Vectors of different sizes (or models) do not compare, so an embeddings request fails over only to targets
    /// answering with as many dimensions as the first candidate; the others are dropped (unknown sizes match only unknown).
    /// </summary>
    private static void KeepOneEmbeddingSpace(RoutingRequest request, ref Work work)
    {
        if (work.Candidates.Count < 2)
        {
            return;
        }
        var first = KindMatcher.OutputDimensions(work.Candidates[0], request);
        for (var i = work.Candidates.Count - 1; i > 0; i--)
        {
            var target = work.Candidates[i];
            var size = KindMatcher.OutputDimensions(target, request);
            if (size != first)
            {
                work.Candidates.RemoveAt(i);
                work.Drop(target, DropReason.DimensionsDiffer, RequestFeatures.None, string.Create(CultureInfo.InvariantCulture,
                    $"its embeddings have {(size is { } s ? s.ToString(CultureInfo.InvariantCulture) : "undeclared")} dimensions, the first candidate's {(first is { } f ? f.ToString(CultureInfo.InvariantCulture) : "undeclared")}"));
            }
        }
    }

    /// <summary>Orders the group just admitted, then applies <c>provider.order</c> and <c>allow_fallbacks</c>.</summary>
    private void Order(ref Work work, int start, RoutingStrategy strategy, StrategyParameters parameters, ProviderPreferences preferences, in OrderingContext context)
    {
        var count = work.Candidates.Count - start;
        _orderer.Order(work.Candidates, start, count, strategy, parameters, context);
        if (preferences.IsEmpty || count == 0)
        {
            return;
        }
        if (preferences.Order.Count > 0 && count > 1)
        {
            Span<double> keys = count <= 64 ? stackalloc double[count] : new double[count];
            var items = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(work.Candidates).Slice(start, count);
            for (var i = 0; i < count; i++)
            {
                var index = IndexOf(preferences.Order, items[i].Provider.Id);
                keys[i] = index < 0 ? int.MaxValue : index;
            }
            StableSort.Ascending(items, keys);
        }
        else if (!preferences.AllowFallbacks && preferences.Order.Count == 0 && preferences.Only.Count == 0)
        {
            // No list of allowed providers: "no fallbacks" means the top candidate of this model only.
            for (var i = work.Candidates.Count - 1; i > start; i--)
            {
                var target = work.Candidates[i];
                work.Candidates.RemoveAt(i);
                work.Drop(target, DropReason.FallbacksNotAllowed, RequestFeatures.None, "provider.allow_fallbacks is false and another provider comes first");
            }
        }
    }

    private static (DropReason Reason, string Detail)? PriceProblem(RouteTarget target, MaxPrice max)
    {
        if (target.Price is not { } price)
        {
            return (DropReason.PriceUnknown, "no price is known and provider.max_price is set");
        }
        if (max.Prompt is { } prompt && price.InputPerMTok > prompt)
        {
            return (DropReason.PriceAboveMaximum, string.Create(CultureInfo.InvariantCulture,
                $"prompt price {price.InputPerMTok} exceeds provider.max_price.prompt {prompt} (USD per million tokens)"));
        }
        if (max.Completion is { } completion && price.OutputPerMTok > completion)
        {
            return (DropReason.PriceAboveMaximum, string.Create(CultureInfo.InvariantCulture,
                $"completion price {price.OutputPerMTok} exceeds provider.max_price.completion {completion} (USD per million tokens)"));
        }
        return null;
    }

    private static string DescribeCapabilityDrop(RouteTarget target, CapabilityCheck check, RoutingRequest request) => check.Reason switch
    {
        DropReason.MissingCapability => $"does not support {CapabilityMatcher.Describe(check.Missing)}",
        DropReason.CapabilitiesNotDeclared => $"does not declare support for {CapabilityMatcher.Describe(check.Missing)} (provider.require_parameters)",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"context window {target.ContextWindow} < {request.EstimatedPromptTokens} prompt + {request.MaxOutputTokens ?? 0} output tokens"),
    };

    /// <summary>The error for a request every candidate was dropped from, naming the most useful reason.</summary>
    private RoutingError Explain(string model, RoutingRequest request, List<DroppedCandidate>? dropped)
    {
        var missing = RequestFeatures.None;
        bool circuit = false, preference = false, capability = false, context = false, kind = false, inputTooLong = false;
        var retryAfter = TimeSpan.MaxValue;
        var largestWindow = 0;
        foreach (var drop in dropped ?? [])
        {
            switch (drop.Reason)
            {
                case DropReason.CircuitOpen:
                    circuit = true;
                    if (_breakers is not null && _breakers.TryGet(drop.Target.Provider.Id, drop.Target.Model, out var breaker))
                    {
                        retryAfter = breaker!.RetryAfter < retryAfter ? breaker.RetryAfter : retryAfter;
                    }
                    break;
                case DropReason.MissingCapability or DropReason.CapabilitiesNotDeclared:
                    capability = true;
                    missing |= drop.Missing;
                    break;
                case DropReason.KindNotServed:
                    kind = true;
                    break;
                case DropReason.InputTooLong or DropReason.DimensionsDiffer:
                    inputTooLong = true;
                    break;
                case DropReason.ContextWindowExceeded:
                    context = true;
                    largestWindow = Math.Max(largestWindow, drop.Target.ContextWindow ?? 0);
                    break;
                default:
                    preference = true;
                    break;
            }
        }

        // A candidate that could serve but is cooling down makes this transient (503), whatever else was dropped.
        if (circuit)
        {
            return new RoutingError(RoutingErrorKind.AllCircuitsOpen,
                $"No provider for model '{model}' is available right now (circuit breakers are open).", null, "no_available_provider")
            {
                RetryAfter = retryAfter == TimeSpan.MaxValue ? TimeSpan.FromSeconds(1) : retryAfter,
            };
        }
        if (preference)
        {
            return new RoutingError(RoutingErrorKind.NoCandidateMatchesPreferences,
                $"No provider for model '{model}' matches the request's provider preferences.", "provider", "no_matching_provider");
        }
        if (inputTooLong)
        {
            return new RoutingError(RoutingErrorKind.InputTooLong,
                $"No provider for model '{model}' takes this input: {DescribeFirst(dropped!, DropReason.InputTooLong, DropReason.DimensionsDiffer)}.",
                dropped!.Exists(drop => drop.Reason == DropReason.InputTooLong) ? "input" : "dimensions",
                dropped!.Exists(drop => drop.Reason == DropReason.InputTooLong) ? "context_length_exceeded" : "invalid_value");
        }
        if (capability)
        {
            return new RoutingError(RoutingErrorKind.MissingCapability,
                $"No provider for model '{model}' supports {CapabilityMatcher.Describe(missing)}, which this request uses.",
                CapabilityMatcher.ParamOf(missing), "unsupported_capability");
        }
        if (context)
        {
            var requested = (long)request.EstimatedPromptTokens + (request.MaxOutputTokens ?? 0);
            return new RoutingError(RoutingErrorKind.ContextLengthExceeded, string.Create(CultureInfo.InvariantCulture,
                $"This model's maximum context length is {largestWindow} tokens. However, you requested about {requested} tokens ({request.EstimatedPromptTokens} in the messages, {request.MaxOutputTokens ?? 0} in the completion). Please reduce the length of the messages or completion."),
                "messages", "context_length_exceeded");
        }
        if (kind)
        {
            return new RoutingError(RoutingErrorKind.KindNotServed,
                $"The model '{model}' does not serve {RequestKindNames.Of(request.Kind)} ({DescribeFirst(dropped!, DropReason.KindNotServed)}); use a model that does on this endpoint.",
                "model", "model_not_supported");
        }
        return new RoutingError(RoutingErrorKind.UnknownModel, $"No provider is configured for model '{model}'.", "model", "model_not_found");
    }

    private static string DescribeFirst(List<DroppedCandidate> dropped, DropReason reason, DropReason? or = null)
    {
        foreach (var drop in dropped)
        {
            if (drop.Reason == reason || drop.Reason == or)
            {
                return drop.Detail;
            }
        }
        return reason.ToString();
    }

    private static bool Contains(IReadOnlyList<string> providers, string id) => IndexOf(providers, id) >= 0;

    private static int IndexOf(IReadOnlyList<string> providers, string id)
    {
        if (providers is ProviderNameList indexed)
        {
            return indexed.IndexOf(id);
        }
        for (var i = 0; i < providers.Count; i++)
        {
            if (string.Equals(providers[i], id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The per-request working set: candidates so far and drops (allocated only when something is dropped). Every target
    /// admitted ends up in one of the two, so "seen" is their union: scanned while small, hashed once it grows, so that a
    /// long fallback list or a large alias is not quadratic.
    /// </summary>
    private struct Work(List<RouteTarget> candidates)
    {
        private const int LinearLimit = 16;

        public readonly List<RouteTarget> Candidates = candidates;
        public List<DroppedCandidate>? Dropped;
        private HashSet<RouteTarget>? _seen;

        public readonly bool Contains(RouteTarget target)
        {
            if (_seen is not null)
            {
                return _seen.Contains(target);
            }
            foreach (var candidate in Candidates)
            {
                if (TargetIdentity.Instance.Equals(candidate, target))
                {
                    return true;
                }
            }
            if (Dropped is not null)
            {
                foreach (var drop in Dropped)
                {
                    if (TargetIdentity.Instance.Equals(drop.Target, target))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        public void Add(RouteTarget target)
        {
            Candidates.Add(target);
            Seen(target);
        }

        public void Drop(RouteTarget target, DropReason reason, RequestFeatures missing, string detail)
        {
            (Dropped ??= []).Add(new DroppedCandidate(target, reason, missing, detail));
            Seen(target);
        }

        private void Seen(RouteTarget target)
        {
            if (_seen is not null)
            {
                _seen.Add(target);
                return;
            }
            if (Candidates.Count + (Dropped?.Count ?? 0) <= LinearLimit)
            {
                return;
            }
            _seen = new HashSet<RouteTarget>(Candidates, TargetIdentity.Instance);
            foreach (var drop in Dropped ?? [])
            {
                _seen.Add(drop.Target);
            }
        }
    }

    /// <summary>One (provider, model) pair: provider ids compare without regard to case, as everywhere in routing.</summary>
    private sealed class TargetIdentity : IEqualityComparer<RouteTarget>
    {
        public static readonly TargetIdentity Instance = new();

        public bool Equals(RouteTarget? a, RouteTarget? b) =>
            ReferenceEquals(a, b)
            || (a is not null && b is not null && a.Model == b.Model && string.Equals(a.Provider.Id, b.Provider.Id, StringComparison.OrdinalIgnoreCase));

        public int GetHashCode(RouteTarget target) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(target.Provider.Id), StringComparer.Ordinal.GetHashCode(target.Model));
    }
}
