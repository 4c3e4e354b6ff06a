namespace Gateway.Data.Records;

public sealed record ModelAliasRecord(
    Guid Id,
    Scope Scope,
    string Name,
    AliasStrategy Strategy,
    IReadOnlyList<AliasTarget> Targets,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
