using Gateway.Data.Migrations;

namespace Gateway.Tests.Data.Migrations;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class MigrationRunnerTests
{
    [Test]
    public async Task Applies_every_migration_to_an_empty_database_and_records_each_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var runner = database.CreateRunner();

        var report = await runner.RunAsync(CancellationToken.None);

        Assert.That(report.Applied.Select(migration => migration.Version), Is.EqualTo(runner.Migrations.Select(migration => migration.Version)));
        Assert.That(report.AlreadyApplied, Is.Zero);
        var history = await runner.ReadHistoryAsync(CancellationToken.None);
        Assert.That(history.Select(row => (row.Version, row.Name, row.Checksum)),
            Is.EqualTo(runner.Migrations.Select(migration => (migration.Version, migration.Name, migration.Checksum))));
        Assert.That(await database.ScalarAsync<bool>("select to_regclass('organizations') is not null"), Is.True);
    }

    [Test]
    public async Task Running_again_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await database.CreateRunner().RunAsync(CancellationToken.None);

        var second = await database.CreateRunner().RunAsync(CancellationToken.None);

        Assert.That(second.Applied, Is.Empty);
        Assert.That(second.AlreadyApplied, Is.EqualTo(EmbeddedMigrations.Load().Count));
        Assert.That(await database.ScalarAsync<long>("select count(*) from schema_migrations"), Is.EqualTo(EmbeddedMigrations.Load().Count));
    }

    [Test]
    public async Task Two_runners_started_together_apply_each_migration_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var reports = await Task.WhenAll(
            Task.Run(() => database.CreateRunner().RunAsync(CancellationToken.None)),
            Task.Run(() => database.CreateRunner().RunAsync(CancellationToken.None)));

        var count = EmbeddedMigrations.Load().Count;
        Assert.That(reports.Sum(report => report.Applied.Count), Is.EqualTo(count));
        Assert.That(reports.Select(report => report.Applied.Count), Does.Contain(0), "one runner waited and found nothing left");
        Assert.That(await database.ScalarAsync<long>("select count(distinct version) from schema_migrations"), Is.EqualTo(count));
    }

    [Test]
    public async Task A_changed_applied_migration_is_an_error_that_names_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        var edited = EmbeddedMigrations.Load()
            .Select(migration => migration.Version == 2
                ? EmbeddedMigrations.Create(migration.FileName, migration.Sql + "\n-- an afterthought\n")
                : migration)
            .ToArray();
        var runner = database.CreateRunner(edited);

        var error = await AsyncAssert.ThrowsAsync<MigrationException>(() => runner.RunAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("0002_api_keys.sql"));
    }

    [Test]
    public async Task A_failing_migration_rolls_back_alone_and_names_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        var broken = EmbeddedMigrations.Load()
            .Append(EmbeddedMigrations.Create("9001_first.sql", "create table ok_table (id int primary key);"))
            .Append(EmbeddedMigrations.Create("9002_broken.sql", "create table half_done (id int); select * from no_such_table;"))
            .ToArray();
        var runner = database.CreateRunner(broken);

        var error = await AsyncAssert.ThrowsAsync<MigrationException>(() => runner.RunAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("9002_broken.sql"));
        Assert.That(await database.ScalarAsync<bool>("select to_regclass('ok_table') is not null"), Is.True);
        Assert.That(await database.ScalarAsync<bool>("select to_regclass('half_done') is not null"), Is.False);
        Assert.That(await database.ScalarAsync<long>("select count(*) from schema_migrations where version >= 9000"), Is.EqualTo(1));
    }

    [Test]
    public void Line_endings_do_not_change_a_checksum()
    {
        var unix = EmbeddedMigrations.Create("0001_x.sql", "select 1;\nselect 2;\n");
        var windows = EmbeddedMigrations.Create("0001_x.sql", "select 1;\r\nselect 2;\r\n");

        Assert.That(windows.Checksum, Is.EqualTo(unix.Checksum));
    }

    [Test]
    public void Rejects_badly_named_files_and_duplicate_versions()
    {
        Assert.Throws<MigrationException>(() => EmbeddedMigrations.Create("1_init.sql", "select 1"));
        Assert.Throws<MigrationException>(() => EmbeddedMigrations.Order(
        [
            EmbeddedMigrations.Create("0001_a.sql", "select 1"),
            EmbeddedMigrations.Create("0001_b.sql", "select 2"),
        ]));
    }
}
