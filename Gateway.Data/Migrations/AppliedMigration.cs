namespace Gateway.Data.Migrations;

/// <summary>A row of <c>schema_migrations</c>.</summary>
internal sealed record AppliedMigration(int Version, string Name, string Checksum, DateTimeOffset AppliedAt);
