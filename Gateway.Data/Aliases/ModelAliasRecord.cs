using Gateway.Policies.Catalog;

namespace Gateway.Data.Aliases;

public sealed record ModelAliasRecord(
    Guid Id,
    Scope Scope,
    string Name,
    RoutingStrategy Strategy,
    IReadOnlyList<AliasTarget> Targets,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? CacheTtlSeconds = null,
    bool CacheNonDeterministic = false);
