namespace Gateway.Data.Tenancy;

/// <summary>An environment with its owning team and organization; <paramref name="StoreBodies"/> opts in to body storage.</summary>
public sealed record EnvironmentRecord(
    Guid Id,
    Guid TeamId,
    Guid OrgId,
    string Name,
    bool StoreBodies,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
