namespace Gateway.Data.Options;

/// <summary>
/// Timeouts and limits of the data layer, bound from the configuration section <see cref="SectionName"/>.
/// Every value has a default that suits a single PostgreSQL shared by a few replicas.
/// </summary>
public sealed class GatewayDataOptions
{
    public const string SectionName = "Gateway:Data";

    /// <summary>Timeout of one ordinary command (repository reads and writes, catalog load).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long start-up may wait for another replica's migrations, and how long one migration may run.</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Notifications arriving within this delay of the first are delivered as one change.</summary>
    public TimeSpan ListenDebounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First delay before reconnecting the LISTEN connection; it doubles per failed attempt.</summary>
    public TimeSpan ReconnectInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the reconnect delay.</summary>
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An idle LISTEN connection is probed this often, so a silently dropped one is noticed.</summary>
    public TimeSpan ListenKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Page size of list methods when the caller gives none.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Largest page a list method returns; larger requests are capped to it.</summary>
    public int MaxPageSize { get; set; } = 1000;
}
