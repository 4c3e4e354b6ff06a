namespace Gateway.Data.Migrations;

/// <summary>One numbered SQL script: <c>0001_name.sql</c>, with the SHA-256 (hex) of its text as checksum.</summary>
public sealed record Migration(int Version, string Name, string FileName, string Sql, string Checksum);
