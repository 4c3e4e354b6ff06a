namespace Gateway.Policies.Keys;

/// <summary>A gateway API key (from config or the database): its id, hash, scope and what it may use.</summary>
public sealed class GatewayKey
{
    public required string Id { get; init; }

    public required KeyHash Hash { get; init; }

    /// <summary>Model names this key may use; empty means all.</summary>
    public required IReadOnlySet<string> AllowedModels { get; init; }

    /// <summary>The organization, team and environment the key is bound to; global for config-file keys.</summary>
    public ScopeChain Scope { get; init; }

    /// <summary>The region whose provider destinations this key prefers; null means the gateway's own region.</summary>
    public string? Region { get; init; }

    /// <summary>May call the admin API.</summary>
    public bool IsAdmin { get; init; }

    public int? RequestsPerMinute { get; init; }

    public long? TokensPerMinute { get; init; }

    /// <summary>US dollars the key may spend per UTC day (config-file keys; database keys have quota rows).</summary>
    public decimal? DailyBudgetUsd { get; init; }

    /// <summary>US dollars the key may spend per calendar month (UTC).</summary>
    public decimal? MonthlyBudgetUsd { get; init; }

    /// <summary>Requests this key may have in flight at once on one replica; null: the gateway's default.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary>The key's environment opted in to storing request and response bodies.</summary>
    public bool StoreBodies { get; init; }

    /// <summary>
    /// May address <c>provider/model</c> directly, not only aliases (config-file keys: <c>AllowDirectModels</c>, on by
    /// default; database keys: their binding's <c>allow_direct_models</c>, off by default). The provider must allow it too.
    /// </summary>
    public bool AllowDirectModels { get; init; } = true;

    /// <summary>True when <paramref name="model"/> (a requested name: <c>model</c> or an entry of <c>models</c>) is allowed.</summary>
    public bool MayUse(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model);
}
