namespace Gateway.Proxy.Quotas;

internal enum QuotaReserveOutcome
{
    /// <summary>Taken from this replica's slice.</summary>
    Granted,

    /// <summary>The limit is used up for this window (or this replica's fallback share is).</summary>
    Denied,

    /// <summary>The slice is empty, the database is unreachable and the behaviour is fail-closed.</summary>
    Unavailable,

    /// <summary>The slice is empty and a lease is under way: wait for it, then ask again.</summary>
    Wait,
}
