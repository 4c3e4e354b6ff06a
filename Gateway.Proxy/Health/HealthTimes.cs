namespace Gateway.Proxy.Health;

/// <summary>How health states say "until when": to the second, UTC, with no comma (they travel in comma-separated headers).</summary>
internal static class HealthTimes
{
    public static string Format(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
