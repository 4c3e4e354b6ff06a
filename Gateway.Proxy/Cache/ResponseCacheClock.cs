namespace Gateway.Proxy.Cache;

/// <summary>
/// The clock cache entries expire by: a keyed <see cref="TimeProvider"/> (the system clock unless replaced), so tests
/// can expire entries without moving the rest of the gateway's time.
/// </summary>
internal static class ResponseCacheClock
{
    public const string ServiceKey = "Gateway:ResponseCache:Clock";
}
