namespace Gateway.Data.Records;

/// <summary>An alias to create or update; its name is unique within its scope.</summary>
public sealed record ModelAliasSpec(Scope Scope, string Name, AliasStrategy Strategy, IReadOnlyList<AliasTarget> Targets);
