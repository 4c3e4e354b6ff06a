using System.Collections.Frozen;

namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// The active routing policies of a catalog snapshot, indexed by scope for per-request selection. Immutable;
/// build a new one on reload and swap it with the catalog.
/// </summary>
public sealed class RoutingPolicySet
{
    private readonly FrozenDictionary<Scope, RoutingPolicy[]> _byScope;
    private readonly RoutingPolicy[] _all;

    public RoutingPolicySet(IEnumerable<RoutingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var byScope = new Dictionary<Scope, List<RoutingPolicy>>();
        var headers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        foreach (var policy in policies)
        {
            if (!policy.Active)
            {
                continue;
            }
            if (!byScope.TryGetValue(policy.Scope, out var list))
            {
                byScope[policy.Scope] = list = [];
            }
            list.Add(policy);
            count++;
            if (policy.Rules is { } rules)
            {
                foreach (var rule in rules.Rules)
                {
                    foreach (var header in rule.When.Headers)
                    {
                        headers.Add(header.Key);
                    }
                }
            }
        }

        // Highest priority first; equal priorities by id so that the choice never depends on load order.
        _all = [.. byScope.Values.SelectMany(list => list)];
        _byScope = byScope.ToFrozenDictionary(
            pair => pair.Key,
            pair => pair.Value
                .OrderByDescending(policy => policy.Priority)
                .ThenBy(policy => policy.Id, StringComparer.Ordinal)
                .ToArray());
        ReferencedHeaders = headers.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Count = count;
    }

    public static RoutingPolicySet Empty { get; } = new([]);

    /// <summary>Active policies in the set.</summary>
    public int Count { get; }

    /// <summary>Header names some rule matches on: the proxy need copy only these into <see cref="RoutingRequest.Headers"/>.</summary>
    public IReadOnlySet<string> ReferencedHeaders { get; }

    /// <summary>
    /// The policy for this request: from the most specific scope the request belongs to that has a policy applying
    /// to <paramref name="model"/> (environment, then team, then org, then global), the first in priority order.
    /// Null when none applies.
    /// </summary>
    public RoutingPolicy? Select(RoutingRequest request, string model)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Count == 0)
        {
            return null;
        }
        var caller = request.Caller;
        return Find(ScopeKind.Environment, caller.EnvironmentId, model)
            ?? Find(ScopeKind.Team, caller.TeamId, model)
            ?? Find(ScopeKind.Organization, caller.OrganizationId, model)
            ?? Find(ScopeKind.Global, null, model);
    }

    /// <summary>
    /// Rule targets that name no alias or <c>provider/model</c> of <paramref name="catalog"/>, as
    /// <c>policy 'NAME' rule 'RULE': 'TARGET'</c> lines: call when a catalog or policy set is loaded and log them.
    /// At request time such names are skipped (and a rule with none left is a 404).
    /// </summary>
    public IReadOnlyList<string> FindUnknownTargets(GatewayCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var unknown = new List<string>();
        foreach (var policy in _all)
        {
            if (policy.Rules is not { } rules)
            {
                continue;
            }
            foreach (var rule in rules.Rules)
            {
                Check(policy, rule.Name, rule.Then);
            }
            if (rules.Default is { } fallback)
            {
                Check(policy, "default", fallback);
            }
        }
        return unknown;

        void Check(RoutingPolicy policy, string rule, RuleTargets targets)
        {
            foreach (var model in targets.Models)
            {
                if (!ModelResolver.TryResolveTargets(catalog, model, ScopeChain.Global, out _, out _))
                {
                    unknown.Add($"policy '{policy.Name}' rule '{rule}': '{model}'");
                }
            }
        }
    }

    private RoutingPolicy? Find(ScopeKind kind, Guid? id, string model)
    {
        if (kind != ScopeKind.Global && id is null)
        {
            return null;
        }
        if (!_byScope.TryGetValue(Scope.Of(kind, id.GetValueOrDefault()), out var policies))
        {
            return null;
        }
        foreach (var policy in policies)
        {
            if (policy.AppliesTo(model))
            {
                return policy;
            }
        }
        return null;
    }
}
