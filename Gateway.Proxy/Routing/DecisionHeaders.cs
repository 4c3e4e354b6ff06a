using System.Text;
using Gateway.Policies.Catalog;
using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Routing;

/// <summary>
/// The routing decision as <c>x-gateway-*</c> response headers: which policy ordered the candidates, the order,
/// what was dropped and why, and what served. Written before the response starts, on answers and errors alike.
/// </summary>
internal static class DecisionHeaders
{
    private const int MaxListed = 8;

    public static void Write(HttpResponse response, GatewayRequestFeature feature)
    {
        var headers = response.Headers;
        headers["x-request-id"] = feature.ResponseId;
        if (feature.Decision is not { } decision)
        {
            return;
        }
        headers["x-gateway-policy"] = decision.Policy.Describe();
        headers["x-gateway-candidates"] = Candidates(decision.Candidates);
        if (decision.Dropped.Count > 0 || feature.Skipped.Count > 0)
        {
            var dropped = Dropped(decision, feature);
            if (dropped.Count > 0)
            {
                headers["x-gateway-dropped"] = List(dropped, static text => text);
            }
        }
        var sent = 0;
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.Kind is not (AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped))
            {
                sent++;
            }
        }
        headers["x-gateway-attempts"] = sent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What routing dropped (by reason), then the candidates passed over as out of service, in words ("cooling down
    /// (429) until …"), or tried anyway because every candidate was ("panic: tried although …"). Candidates skipped for
    /// another reason (another tenant's provider) are left out: that is not the caller's to learn.
    /// </summary>
    private static List<string> Dropped(RoutingDecision decision, GatewayRequestFeature feature)
    {
        var dropped = new List<string>(decision.Dropped.Count);
        foreach (var drop in decision.Dropped)
        {
            dropped.Add($"{drop.Target.QualifiedName}={drop.Reason.ToString().ToLowerInvariant()}");
        }
        foreach (var skip in feature.Skipped)
        {
            if (skip.OutOfService)
            {
                dropped.Add(TriedInPanic(feature, skip.Target)
                    ? $"{skip.Target.QualifiedName}=panic: tried although {skip.Reason}"
                    : $"{skip.Target.QualifiedName}={skip.Reason}");
            }
        }
        return dropped;
    }

    private static bool TriedInPanic(GatewayRequestFeature feature, Gateway.Policies.Catalog.RouteTarget target)
    {
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.PanicReason is not null && ReferenceEquals(attempt.Target, target))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The candidates' names; the one candidate's own string when it is alone and header-safe (the common case).</summary>
    private static string Candidates(IReadOnlyList<RouteTarget> candidates) =>
        candidates.Count == 1 ? Safe(candidates[0].QualifiedName) : List(candidates, static target => target.QualifiedName);

    private static string List<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < items.Count && i < MaxListed; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            AppendHeaderSafe(text, name(items[i]));
        }
        if (items.Count > MaxListed)
        {
            text.Append(CultureInfo.InvariantCulture, $",+{items.Count - MaxListed}");
        }
        return text.ToString();
    }

    /// <summary><paramref name="value"/> itself when it is a valid header value already, else a copy made one.</summary>
    public static string Safe(string value)
    {
        if (!value.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        AppendHeaderSafe(text, value);
        return text.ToString();
    }

    /// <summary>Header values must be visible ASCII; model names from config are not guaranteed to be.</summary>
    private static void AppendHeaderSafe(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            text.Append(c is >= ' ' and <= '~' ? c : '?');
        }
    }
}
