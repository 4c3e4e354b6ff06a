using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures that run one gateway, for the whole fixture, in front of fake providers. The subclass
/// starts its providers in <see cref="StartProvidersAsync"/> (through <see cref="StartProvider"/>, so they are stopped
/// after the gateway, and found again by name through <see cref="Provider"/>) and names the config's providers, model
/// aliases, keys and other sections; it may replace services and add command-line arguments.
/// </summary>
public abstract class GatewayFixture
{
    private readonly List<Func<ValueTask>> _stops = [];
    private readonly Dictionary<string, FakeProvider> _providers = [];
    private GatewayHost? _gateway;

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

    /// <summary>Command-line arguments for the gateway (after the database's, where there is one), read once the providers are started.</summary>
    protected virtual string[] ExtraArgs => [];

    /// <summary>Replaces some of the gateway's services (registered after its own); by default none.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Starts the fixture's providers, before the gateway.</summary>
    protected abstract Task StartProvidersAsync();

    /// <summary>A fake provider under <paramref name="name"/>, stopped when the fixture ends.</summary>
    protected FakeProvider StartProvider(string name)
    {
        var provider = new FakeProvider();
        _providers.Add(name, provider);
        StopWhenDone(() =>
        {
            provider.Dispose();
            return ValueTask.CompletedTask;
        });
        return provider;
    }

    /// <summary>The fake provider started under <paramref name="name"/>.</summary>
    protected FakeProvider Provider(string name) => _providers[name];

    /// <summary>Runs <paramref name="stop"/> when the fixture ends, after the gateway has stopped (the last registered first).</summary>
    protected void StopWhenDone(Func<ValueTask> stop) => _stops.Add(stop);

    /// <summary>Readies what the gateway needs before the providers start (a database, say); by default nothing.</summary>
    private protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>The gateway's command-line arguments, read once the providers are started: by default <see cref="ExtraArgs"/>.</summary>
    private protected virtual string[] GatewayArgs() => ExtraArgs;

    [OneTimeSetUp]
    public async Task StartGatewayAsync()
    {
        await PrepareAsync();
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
            """, CatalogJson, ConfigureServices, GatewayArgs());
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        for (var i = _stops.Count - 1; i >= 0; i--)
        {
            await _stops[i]();
        }
    }
}
