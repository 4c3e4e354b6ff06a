using Gateway.Proxy.Configuration;
using Gateway.Proxy.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Configuration;

/// <summary>An edit of the config file is checked against every options section before it is taken.</summary>
[TestFixture]
public sealed class GatewayOptionsSectionsTests
{
    [Test]
    public async Task Every_options_type_the_gateway_registers_is_checked()
    {
        var directory = Directory.CreateTempSubdirectory("gw-options-").FullName;
        var config = Path.Combine(directory, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""{ "Gateway": { "Keys": {{GatewayHost.KeysJson}} } }""");
        List<ServiceDescriptor> registered = [];
        try
        {
            // With a connection string, so the database's, the admin API's and the dashboard's options are registered too.
            await using var app = GatewayApplication.Build(
                ["--config", config, "--ConnectionStrings:Gateway", "Host=127.0.0.1;Port=9;Username=none;Database=none",
                 "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1")],
                services => registered = [.. services]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var optionsTypes = registered
            .Where(descriptor => descriptor.ServiceType.IsGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IConfigureOptions<>) || definition == typeof(IValidateOptions<>)))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .Where(type => type.Assembly.GetName().Name!.StartsWith("Gateway.", StringComparison.Ordinal))
            .Distinct();

        Assert.That(optionsTypes, Is.EquivalentTo(GatewayOptionsSections.All.Select(section => section.OptionsType)));
    }

    [TestCase("Gateway:Resilience:BreakerFailureThreshold", "0", "Gateway:Resilience:BreakerFailureThreshold")]
    [TestCase("Gateway:Resilience:RetryBudgetSeconds", "-1", "Gateway:Resilience:RetryBudgetSeconds")]
    [TestCase("Gateway:Usage:BatchSize", "0", "Gateway:Usage:BatchSize")]
    [TestCase("Gateway:Health:EjectionSeconds", "-5", "Gateway:Health:EjectionSeconds")]
    [TestCase("Gateway:Limits:MaxAttempts", "0", "Gateway:Limits:MaxAttempts")]
    [TestCase("Gateway:KeyCache:MaxEntries", "0", "Gateway:KeyCache:MaxEntries")]
    [TestCase("Gateway:Data:CommandTimeout", "00:00:00", "Gateway:Data:CommandTimeout")]
    [TestCase("Gateway:TokenCounting:UseTokenizers", "perhaps", "Gateway:TokenCounting")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named)
    {
        var errors = new List<string>();

        GatewayOptionsSections.Validate(Configuration(new() { [key] = value }), errors);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith(named + ":"));
    }

    [Test]
    public void The_shipped_defaults_pass()
    {
        var errors = new List<string>();

        GatewayOptionsSections.Validate(Configuration([]), errors);

        Assert.That(errors, Is.Empty);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
