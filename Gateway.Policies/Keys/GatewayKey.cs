namespace Gateway.Policies.Keys;

/// <summary>A gateway API key known from config (or later the database): its id, hash and what it may use.</summary>
public sealed class GatewayKey
{
    public required string Id { get; init; }

    public required KeyHash Hash { get; init; }

    /// <summary>Model names this key may use; empty means all.</summary>
    public required IReadOnlySet<string> AllowedModels { get; init; }

    public bool MayUse(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model);
}
