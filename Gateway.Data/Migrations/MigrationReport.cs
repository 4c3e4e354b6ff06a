namespace Gateway.Data.Migrations;

/// <summary>What one run did: the migrations it applied now, and how many were already in place.</summary>
public sealed record MigrationReport(IReadOnlyList<Migration> Applied, int AlreadyApplied);
