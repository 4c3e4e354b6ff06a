using Gateway.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Data.Migrations;

/// <summary>Runners over a chosen list of migrations (a history cut short, edited or extended), on a fixture's database.</summary>
internal static class TestDatabaseMigrations
{
    extension(TestDatabase database)
    {
        public MigrationRunner CreateRunner(IReadOnlyList<Migration> migrations) =>
            new(database.DataSource, database.Options, NullLogger<MigrationRunner>.Instance, migrations);
    }
}
