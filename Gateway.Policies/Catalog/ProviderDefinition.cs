namespace Gateway.Policies.Catalog;

/// <summary>One provider account: where it is, how to authenticate, how to check its health.</summary>
public sealed class ProviderDefinition
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>The documented API roots of this account (one per region or mirror).</summary>
    public required IReadOnlyList<string> BaseUrls { get; init; }

    /// <summary>Resolved credential; never logged or returned.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The region of each base URL that has one (from <c>RegionalBaseUrls</c>).</summary>
    public IReadOnlyDictionary<string, string> Regions { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public ActiveHealthCheckDefinition? HealthCheck { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>Who may use it: config-file providers are global; database providers may belong to a tenant.</summary>
    public Scope Scope { get; init; }

    /// <summary>Clients may address it as <c>provider/model</c> (when their key may too); else only through aliases.</summary>
    public bool AllowDirectModels { get; init; } = true;

    /// <summary>
    /// A tenant admin chose its base URL: the gateway connects only to public addresses for it (no loopback,
    /// link-local or private ranges, no plain http), apart from the operator's allow-list.
    /// </summary>
    public bool RestrictedEgress { get; init; }

    /// <summary>Requests to it carry the W3C trace context (config-file providers only; database rows never do).</summary>
    public bool PropagateTraceContext { get; init; }
}
