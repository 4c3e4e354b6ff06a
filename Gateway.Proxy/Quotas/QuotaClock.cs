namespace Gateway.Proxy.Quotas;

/// <summary>
/// The clock quota windows are read from: a keyed <see cref="TimeProvider"/> (the system clock unless replaced),
/// so tests can move quota windows forward without moving the rest of the gateway's time.
/// </summary>
internal static class QuotaClock
{
    public const string ServiceKey = "Gateway:Quotas:Clock";
}
