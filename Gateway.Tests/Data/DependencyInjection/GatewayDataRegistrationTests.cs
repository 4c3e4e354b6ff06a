using Gateway.Data.Catalog;
using Gateway.Data.DependencyInjection;
using Gateway.Data.Migrations;
using Gateway.Data.Notifications;
using Gateway.Data.Options;
using Gateway.Data.Security;
using Gateway.Data.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Data.DependencyInjection;

[TestFixture]
public sealed class GatewayDataRegistrationTests : DatabaseTest
{
    [Test]
    public async Task The_registered_services_resolve_and_reach_the_database()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gateway"] = Database.ConnectionString,
            ["Gateway:Data:ListenDebounce"] = "00:00:01",
            [MasterKeyRing.ConfigurationKey] = TestMasterKeys.Entry("k1"),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddGatewayData(configuration).BuildServiceProvider(validateScopes: true);

        Assert.That(services.GetRequiredService<IOptions<GatewayDataOptions>>().Value.ListenDebounce, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(services.GetRequiredService<CredentialProtector>().CurrentKeyId, Is.EqualTo("k1"));
        Assert.That(services.GetRequiredService<CatalogChangeListener>(), Is.Not.Null);
        var report = await services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        Assert.That(report.Applied, Is.Empty, "the fixture's database is already migrated");
        var snapshot = await services.GetRequiredService<CatalogSnapshotLoader>().LoadAsync(CancellationToken.None);
        Assert.That(snapshot.Providers, Is.Empty);
        Assert.That(await services.GetRequiredService<OrganizationRepository>().GetAsync(Guid.NewGuid(), CancellationToken.None), Is.Null);
    }

    [Test]
    public void Registration_without_a_connection_string_says_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddGatewayData(new ConfigurationBuilder().Build()));

        Assert.That(error!.Message, Does.Contain("ConnectionStrings:Gateway"));
    }

    [Test]
    public void Invalid_options_fail_validation_with_every_reason()
    {
        var options = new GatewayDataOptions
        {
            CommandTimeout = TimeSpan.Zero,
            ReconnectInitialBackoff = TimeSpan.FromSeconds(10),
            ReconnectMaxBackoff = TimeSpan.FromSeconds(1),
            DefaultPageSize = 5000,
            MaxPageSize = 100,
        };

        var result = new GatewayDataOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.Contains(nameof(GatewayDataOptions.CommandTimeout)));
        Assert.That(result.Failures, Has.Some.Contains(nameof(GatewayDataOptions.ReconnectMaxBackoff)));
        Assert.That(result.Failures, Has.Some.Contains(nameof(GatewayDataOptions.DefaultPageSize)));
        Assert.That(new GatewayDataOptionsValidator().Validate(null, new GatewayDataOptions()).Succeeded, Is.True);
    }
}
