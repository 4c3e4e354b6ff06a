using Gateway.Data.Aliases;
using Gateway.Data.Catalog;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.RoutingPolicies;
using Gateway.Data.Security;
using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Data.Catalog;

[TestFixture]
public sealed class CatalogSnapshotLoaderTests : DatabaseTest
{
    private const string OpenAiKey = "sk-catalog-openai-secret";

    [Test]
    public async Task Loads_everything_routing_needs_with_decrypted_credentials()
    {
        var currentKeys = MasterKeyRing.Parse(TestMasterKeys.Entry("current"));
        var protector = new CredentialProtector(currentKeys);
        var providers = Database.Providers(protector);
        await providers.CreateAsync(new ProviderSpec("openai", "openai", "https://api.openai.com/v1", Scope.Global), OpenAiKey, CancellationToken.None);
        await providers.CreateAsync(new ProviderSpec("local", "openai", "http://127.0.0.1:11434/v1", Scope.Global), null, CancellationToken.None);
        var retired = Database.Providers(TestMasterKeys.Entry("retired"));
        await retired.CreateAsync(new ProviderSpec("orphaned", "anthropic", "https://api.anthropic.com", Scope.Global), "lost", CancellationToken.None);
        await Database.ProviderModels
            .UpsertAsync(new ProviderModelSpec("openai", "gpt-4o", ["tools", "vision"], 128_000, 16_384), CancellationToken.None);
        await Database.Aliases
            .CreateAsync(new ModelAliasSpec(Scope.Global, "smart", RoutingStrategy.Failover, [new("openai", "gpt-4o")]), CancellationToken.None);
        var policies = Database.RoutingPolicies;
        await policies.CreateAsync(new RoutingPolicySpec(Scope.Global, "low", RoutingPolicyType.Cost, 1), CancellationToken.None);
        await policies.CreateAsync(new RoutingPolicySpec(Scope.Global, "high", RoutingPolicyType.Latency, 9, JsonDocument.Parse("{}").RootElement), CancellationToken.None);
        await policies.CreateAsync(new RoutingPolicySpec(Scope.Global, "off", RoutingPolicyType.Weighted, 99, Active: false), CancellationToken.None);
        var prices = Database.Prices;
        var now = DateTimeOffset.UtcNow;
        await prices.AddAsync(new PriceSpec("openai", "gpt-4o", 5m, 15m, now.AddDays(-60)), CancellationToken.None);
        await prices.AddAsync(new PriceSpec("openai", "gpt-4o", 2.5m, 10m, now.AddDays(-1)), CancellationToken.None);
        await prices.AddAsync(new PriceSpec("openai", "gpt-4o", 2m, 8m, now.AddDays(10)), CancellationToken.None);
        await Database.Quotas
            .UpsertAsync(new QuotaSpec(QuotaSubjectKind.Organization, Guid.NewGuid(), QuotaMeasure.Cost, QuotaPeriod.Month, 50m), CancellationToken.None);
        var loader = new CatalogSnapshotLoader(Database.DataSource, Database.Options, protector, NullLogger<CatalogSnapshotLoader>.Instance, TimeProvider.System);

        var snapshot = await loader.LoadAsync(CancellationToken.None);

        var byId = snapshot.Providers.ToDictionary(provider => provider.Provider.Id);
        Assert.That(byId["openai"].Credential, Is.EqualTo(OpenAiKey));
        Assert.That(byId["local"].Credential, Is.Null);
        Assert.That(byId["orphaned"].Credential, Is.Null, "a credential under an unknown master key is skipped, not fatal");
        Assert.That(byId["openai"].ToString(), Does.Not.Contain(OpenAiKey));
        Assert.That(snapshot.Models.Single().Capabilities, Is.EqualTo(new[] { "tools", "vision" }));
        Assert.That(snapshot.Aliases.Single().Targets.Single().Model, Is.EqualTo("gpt-4o"));
        Assert.That(snapshot.Policies.Select(policy => policy.Name), Is.EqualTo(new[] { "high", "low" }));
        Assert.That(snapshot.Prices.Select(price => price.InputPerMTok), Is.EqualTo(new[] { 2.5m, 2m }), "the price in force, then the scheduled one");
        Assert.That(snapshot.Quotas, Has.Count.EqualTo(1));
        Assert.That(snapshot.LoadedAt, Is.EqualTo(now).Within(TimeSpan.FromMinutes(1)));
    }
}
