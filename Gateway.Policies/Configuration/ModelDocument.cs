namespace Gateway.Policies.Configuration;

/// <summary>A model alias: how requests for this name are routed.</summary>
public sealed class ModelDocument
{
    public string? Strategy { get; set; }

    /// <summary>Tunables of the strategy (latency exploration, hybrid weights, ...).</summary>
    public StrategyParametersDocument? Parameters { get; set; }

    public List<TargetDocument> Targets { get; init; } = [];

    /// <summary>The alias's response cache; absent, answers are not cached.</summary>
    public CacheDocument? Cache { get; set; }
}
