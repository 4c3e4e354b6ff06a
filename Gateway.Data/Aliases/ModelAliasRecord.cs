using Gateway.Policies.Catalog;
using Gateway.Policies.Tenancy;

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
