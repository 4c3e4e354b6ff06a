namespace Gateway.Tests.Infrastructure;

/// <summary>Base of fixtures that need a migrated database of their own; fixtures run in parallel with each other.</summary>
[Parallelizable(ParallelScope.Self)]
public abstract class DatabaseTest
{
    private TestDatabase? _database;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture's database is not created yet.");

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
