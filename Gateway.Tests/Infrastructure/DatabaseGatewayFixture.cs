namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures that run one gateway, for the whole fixture, on a migrated database of their own, its
/// usage writer flushing within 20 ms (<see cref="TestDatabase.GatewayArgs"/>); otherwise a <see cref="GatewayFixture"/>.
/// </summary>
public abstract class DatabaseGatewayFixture : GatewayFixture
{
    private TestDatabase? _database;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture's database is not created yet.");

    /// <summary>A <see cref="PacedStreamProvider"/>, stopped when the fixture ends.</summary>
    protected async Task<PacedStreamProvider> StartPacedProviderAsync(int words, TimeSpan interval)
    {
        var provider = await PacedStreamProvider.StartAsync(words, interval);
        StopWhenDone(provider.DisposeAsync);
        return provider;
    }

    /// <summary>A new empty folder (for the usage spool), deleted when the fixture ends.</summary>
    protected string CreateTempDirectory(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        StopWhenDone(() =>
        {
            Directory.Delete(path, recursive: true);
            return ValueTask.CompletedTask;
        });
        return path;
    }

    private protected override async Task PrepareAsync()
    {
        _database = await TestDatabase.CreateAsync();
        StopWhenDone(_database.DisposeAsync);
    }

    private protected override string[] GatewayArgs() => Database.GatewayArgs(ExtraArgs);
}
