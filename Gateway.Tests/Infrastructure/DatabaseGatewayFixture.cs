namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures that run one gateway, for the whole fixture, on a migrated database of their own, its
/// usage writer flushing within 20 ms (<see cref="TestDatabase.GatewayArgs"/>). The subclass starts its fake providers
/// in <see cref="StartProvidersAsync"/> (through <see cref="StartProvider"/>, so they are stopped after the gateway, and
/// found again by name through <see cref="Provider"/>) and names the config's providers and model aliases.
/// </summary>
public abstract class DatabaseGatewayFixture
{
    private readonly List<Func<ValueTask>> _stops = [];
    private readonly Dictionary<string, FakeProvider> _providers = [];
    private TestDatabase? _database;
    private GatewayHost? _gateway;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture's database is not created yet.");

    protected GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The fixture's gateway is not started yet.");

    /// <summary>The entries of the config's <c>Providers</c> section, read once the providers are started.</summary>
    protected abstract string ProvidersJson { get; }

    /// <summary>The entries of the config's <c>Models</c> section.</summary>
    protected abstract string ModelsJson { get; }

    /// <summary>The config's <c>Keys</c> section: by default the test key only.</summary>
    protected virtual string KeysJson => GatewayHost.KeysJson;

    /// <summary>The config's sections after <c>Keys</c>, if any.</summary>
    protected virtual string SettingsJson => "";

    /// <summary>A <c>catalog.json</c> to start the gateway with, if any.</summary>
    protected virtual string? CatalogJson => null;

    /// <summary>Command-line arguments after the database's.</summary>
    protected virtual string[] ExtraArgs => [];

    /// <summary>Starts the fixture's providers, before the gateway.</summary>
    protected abstract Task StartProvidersAsync();

    /// <summary>A fake provider under <paramref name="name"/>, stopped when the fixture ends.</summary>
    protected FakeProvider StartProvider(string name)
    {
        var provider = new FakeProvider();
        _providers.Add(name, provider);
        _stops.Add(() =>
        {
            provider.Dispose();
            return ValueTask.CompletedTask;
        });
        return provider;
    }

    /// <summary>The fake provider started under <paramref name="name"/>.</summary>
    protected FakeProvider Provider(string name) => _providers[name];

    /// <summary>A <see cref="PacedStreamProvider"/>, stopped when the fixture ends.</summary>
    protected async Task<PacedStreamProvider> StartPacedProviderAsync(int words, TimeSpan interval)
    {
        var provider = await PacedStreamProvider.StartAsync(words, interval);
        _stops.Add(provider.DisposeAsync);
        return provider;
    }

    /// <summary>A new empty folder (for the usage spool), deleted when the fixture ends.</summary>
    protected string CreateTempDirectory(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        _stops.Add(() =>
        {
            Directory.Delete(path, recursive: true);
            return ValueTask.CompletedTask;
        });
        return path;
    }

    [OneTimeSetUp]
    public async Task StartGatewayAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await StartProvidersAsync();
        var settings = SettingsJson.Length == 0 ? "" : ",\n    " + SettingsJson;
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  {{ProvidersJson}}
                },
                "Models": {
                  {{ModelsJson}}
                },
                "Keys": {{KeysJson}}{{settings}}
              }
            }
            """, CatalogJson, _database.GatewayArgs(ExtraArgs));
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        foreach (var stop in _stops)
        {
            await stop();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
