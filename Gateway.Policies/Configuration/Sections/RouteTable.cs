namespace Gateway.Policies.Configuration.Sections;

/// <summary>The aliases: global ones (the config file's, and the database's global rows) and those of one tenant scope.</summary>
internal sealed record RouteTable(Dictionary<string, ModelRoute> Global, Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>> Scoped);
