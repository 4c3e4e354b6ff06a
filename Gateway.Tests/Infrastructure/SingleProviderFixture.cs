namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures that run one gateway, for the whole fixture, in front of one <see cref="FakeProvider"/>.
/// The subclass names the providers and model aliases (the fake's address is <see cref="Provider"/>'s URL); the provider
/// forgets its replies and requests before each test.
/// </summary>
public abstract class SingleProviderFixture : GatewayFixture
{
    private const string ProviderName = "provider";

    /// <summary>The fixture's one provider (it hides the by-name lookup, which would have this one name only).</summary>
    protected new FakeProvider Provider => base.Provider(ProviderName);

    /// <summary>
    /// By default health and resilience that never take the provider out, so each provoked error is seen once.
    /// Empty for none.
    /// </summary>
    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}}, "Resilience": {{GatewayHost.NoBreakersJson}}
        """;

    /// <summary>
    /// A <c>Providers</c> entry named for its <paramref name="kind"/>, at the fake's URL followed by <paramref name="root"/>,
    /// with <see cref="FakeProvider.ProviderKey"/>.
    /// </summary>
    protected string ProviderEntry(string kind, string root = "") =>
        $$""" "{{kind}}": { "Kind": "{{kind}}", "BaseUrl": "{{Provider.Url}}{{root}}", "ApiKey": "{{FakeProvider.ProviderKey}}" }""";

    protected override Task StartProvidersAsync()
    {
        StartProvider(ProviderName);
        return Task.CompletedTask;
    }

    [SetUp]
    public void ResetProvider() => Provider.Reset();
}
