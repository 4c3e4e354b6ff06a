using Gateway.Policies.Catalog;

namespace Gateway.Data.Aliases;

/// <summary>
/// An alias to create or update; its name is unique within its scope. With <paramref name="CacheTtlSeconds"/> its answers
/// are cached that long (sampling requests too with <paramref name="CacheNonDeterministic"/>).
/// </summary>
public sealed record ModelAliasSpec(
    Scope Scope, string Name, RoutingStrategy Strategy, IReadOnlyList<AliasTarget> Targets, int? CacheTtlSeconds = null, bool CacheNonDeterministic = false);
