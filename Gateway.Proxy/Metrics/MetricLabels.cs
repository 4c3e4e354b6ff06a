using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// Label values from what a client sent, reduced to a bounded set: every distinct value is a series Prometheus keeps
/// (and this process keeps in memory), so a client's free text never becomes one.
/// </summary>
internal static class MetricLabels
{
    /// <summary>Everything not in the bounded set.</summary>
    public const string Other = "other";

    /// <summary>The standard methods the gateway serves, by their canonical spelling; any other token is <see cref="Other"/>.</summary>
    public static string Method(string method)
    {
        if (HttpMethods.IsGet(method))
        {
            return HttpMethods.Get;
        }
        if (HttpMethods.IsPost(method))
        {
            return HttpMethods.Post;
        }
        if (HttpMethods.IsPut(method))
        {
            return HttpMethods.Put;
        }
        if (HttpMethods.IsPatch(method))
        {
            return HttpMethods.Patch;
        }
        if (HttpMethods.IsDelete(method))
        {
            return HttpMethods.Delete;
        }
        if (HttpMethods.IsHead(method))
        {
            return HttpMethods.Head;
        }
        return HttpMethods.IsOptions(method) ? HttpMethods.Options : Other;
    }

    /// <summary>
    /// The requested model as a label: an alias the caller could see, a <c>provider/model</c> the catalog knows, or one
    /// a provider served under that very name; anything else (a typo, an attacker's random names) is <see cref="Other"/>.
    /// </summary>
    public static string RequestedModel(GatewayRequestFeature feature, AttemptContext? served, KnownTargets known)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(known);
        if (feature.Plan is not { } plan)
        {
            return Other;
        }
        var name = plan.RequestedModel;
        var catalog = feature.Snapshot.Catalog;
        if (catalog.TryGetRoute(name, feature.Key?.Scope ?? default, out _))
        {
            return name;
        }
        // Not an alias, so the plan's first candidate is the name addressed directly (provider/model).
        if (plan.Candidates.Count == 0)
        {
            return Other;
        }
        var direct = plan.Candidates[0];
        var servedDirectly = served is { Kind: AttemptOutcomeKind.Succeeded } && ReferenceEquals(served.Target, direct);
        return servedDirectly || known.Contains(direct.Provider.Id, direct.Model) ? name : Other;
    }
}
