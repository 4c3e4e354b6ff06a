namespace Gateway.Proxy.Analytics;

/// <summary>
/// The <c>from</c>/<c>to</c> query parameters of the analytics endpoints: ISO 8601 times (UTC unless they say otherwise)
/// or Unix seconds. Defaults to the last 24 hours; at most <see cref="MaxDays"/> days.
/// </summary>
internal readonly record struct AnalyticsRange(DateTimeOffset From, DateTimeOffset To)
{
    public const int MaxDays = 400;

    public static AnalyticsRange? Parse(IQueryCollection query, DateTimeOffset now, out GatewayError? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var to = now;
        var from = now.AddDays(-1);
        if (query.TryGetValue("to", out var toText) && !TryParseTime(toText.ToString(), out to))
        {
            error = GatewayError.InvalidRequest("'to' must be an ISO 8601 time or Unix seconds.", "to", "invalid_value");
            return null;
        }
        if (query.TryGetValue("from", out var fromText))
        {
            if (!TryParseTime(fromText.ToString(), out from))
            {
                error = GatewayError.InvalidRequest("'from' must be an ISO 8601 time or Unix seconds.", "from", "invalid_value");
                return null;
            }
        }
        else
        {
            from = to.AddDays(-1);
        }
        if (from >= to)
        {
            error = GatewayError.InvalidRequest("'from' must be before 'to'.", "from", "invalid_value");
            return null;
        }
        if (to - from > TimeSpan.FromDays(MaxDays))
        {
            error = GatewayError.InvalidRequest($"The range may span at most {MaxDays} days.", "from", "invalid_value");
            return null;
        }
        return new AnalyticsRange(from, to);
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
