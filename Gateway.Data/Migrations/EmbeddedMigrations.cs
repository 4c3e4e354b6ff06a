using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Data.Migrations;

/// <summary>Reads the <c>Migrations/NNNN_name.sql</c> files embedded in this assembly, in version order.</summary>
internal static partial class EmbeddedMigrations
{
    private const string ResourcePrefix = "Gateway.Data.Migrations.";

    public static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                migrations.Add(Create(resource[ResourcePrefix.Length..], Read(assembly, resource)));
            }
        }

        return Order(migrations);
    }

    /// <summary>Builds a migration from a file name and its text; the text's line endings are normalized first.</summary>
    public static Migration Create(string fileName, string sql)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(sql);
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new MigrationException($"Migration file '{fileName}' is not named NNNN_name.sql (four digits, lower-case words).");
        }

        // A checkout with CRLF line endings must not look like an edited script.
        var normalized = sql.ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new Migration(
            int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            match.Groups[2].Value,
            fileName,
            normalized,
            checksum);
    }

    /// <summary>Sorts by version and rejects two files with one version.</summary>
    public static IReadOnlyList<Migration> Order(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(migration => migration.Version).ToArray();
        for (var index = 1; index < ordered.Length; index++)
        {
            if (ordered[index].Version == ordered[index - 1].Version)
            {
                throw new MigrationException(
                    $"Migrations '{ordered[index - 1].FileName}' and '{ordered[index].FileName}' share version {ordered[index].Version}.");
            }
        }

        return ordered;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new MigrationException($"Embedded migration '{resource}' cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^([0-9]{4})_([a-z0-9_]+)\\.sql$")]
    private static partial Regex FileNamePattern();
}
