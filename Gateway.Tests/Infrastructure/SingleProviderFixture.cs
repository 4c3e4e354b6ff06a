namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures that run one gateway, for the whole fixture, in front of one <see cref="FakeProvider"/>.
/// The subclass names the providers and model aliases (the fake's address is <see cref="Provider"/>'s URL); the provider
/// forgets its replies and requests before each test.
/// </summary>
public abstract class SingleProviderFixture
{
    private FakeProvider? _provider;
    private GatewayHost? _gateway;

    protected FakeProvider Provider => _provider ?? throw new InvalidOperationException("The fixture's provider is not started yet.");

    protected GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The fixture's gateway is not started yet.");

    /// <summary>The entries of the config's <c>Providers</c> section, read once <see cref="Provider"/> is listening.</summary>
    protected abstract string ProvidersJson { get; }

    /// <summary>The entries of the config's <c>Models</c> section.</summary>
    protected abstract string ModelsJson { get; }

    /// <summary>
    /// The config's sections after <c>Keys</c>: by default health and resilience that never take the provider out,
    /// so each provoked error is seen once. Empty for none.
    /// </summary>
    protected virtual string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}}, "Resilience": {{GatewayHost.NoBreakersJson}}
        """;

    /// <summary>A <c>catalog.json</c> to start the gateway with, if any.</summary>
    protected virtual string? CatalogJson => null;

    [OneTimeSetUp]
    public async Task StartGatewayAsync()
    {
        _provider = new FakeProvider();
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
                "Keys": {{GatewayHost.KeysJson}}{{settings}}
              }
            }
            """, CatalogJson);
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        _provider?.Dispose();
    }

    [SetUp]
    public void ResetProvider() => Provider.Reset();
}
