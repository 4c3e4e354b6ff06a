using System.Globalization;
using System.Text;
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
        headers["x-gateway-candidates"] = List(decision.Candidates.Count, i => decision.Candidates[i].QualifiedName);
        if (decision.Dropped.Count > 0)
        {
            headers["x-gateway-dropped"] = List(decision.Dropped.Count, i =>
                $"{decision.Dropped[i].Target.QualifiedName}={decision.Dropped[i].Reason.ToString().ToLowerInvariant()}");
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

    private static string List(int count, Func<int, string> item)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count && i < MaxListed; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            AppendHeaderSafe(text, item(i));
        }
        if (count > MaxListed)
        {
            text.Append(CultureInfo.InvariantCulture, $",+{count - MaxListed}");
        }
        return text.ToString();
    }

    public static string Safe(string value)
    {
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
