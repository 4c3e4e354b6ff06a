namespace Gateway.Policies.Configuration;

/// <summary>A model alias row from the database: its strategy is already the enum, its targets in the config file's form.</summary>
public sealed record ScopedModelDocument(string Name, Scope Scope, RoutingStrategy Strategy, List<TargetDocument> Targets, CacheDocument? Cache = null);
