using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Hosting;
using Gateway.Proxy.Options;
using Gateway.Proxy.Quotas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Hosting;

/// <summary>
/// <c>Gateway:Shutdown</c>: validated like every section, the host's shutdown timeout made long enough for the whole
/// sequence, and the stop timeouts of the shipped Kubernetes and systemd files longer than the shipped configs' sequence.
/// </summary>
[TestFixture]
public sealed class ShutdownOptionsTests
{
    [Test]
    public void Rejects_out_of_range_values_naming_the_path()
    {
        var directory = Directory.CreateTempSubdirectory("gw-shutdown-").FullName;
        try
        {
            var path = Path.Combine(directory, "gateway.json");
            File.WriteAllText(path, """{ "Gateway": { "Shutdown": { "PreStopDelaySeconds": -1, "DrainSeconds": 10, "DeadlineGraceSeconds": 0 } } }""");
            using var output = new StringWriter();
            using var errors = new StringWriter();

            var exitCode = ConfigCheckCommand.Run(["--check-config", path], output, errors);

            Assert.That(exitCode, Is.EqualTo(ConfigCheckCommand.Invalid));
            Assert.That(errors.ToString(), Does.Contain("Gateway:Shutdown:PreStopDelaySeconds: ").And.Contain("Gateway:Shutdown:DeadlineGraceSeconds: ")
                .And.Not.Contain("Gateway:Shutdown:DrainSeconds"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase(30, 130)]
    [TestCase(600, 600)]
    public void Makes_the_host_shutdown_timeout_at_least_the_whole_sequence(int configuredSeconds, int expectedSeconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Shutdown:PreStopDelaySeconds"] = "10",
            ["Gateway:Shutdown:DrainSeconds"] = "100",
            ["Gateway:Shutdown:DeadlineGraceSeconds"] = "2",
            ["Gateway:Shutdown:UsageFlushSeconds"] = "10",
            ["Gateway:Quotas:ShutdownReleaseSeconds"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(configuredSeconds));
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section);
        services.AddGracefulShutdown();
        using var provider = services.BuildServiceProvider();

        var timeout = provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        // 10 + 100 + 2 + 3 + 10, and 5 s for the rest of the host.
        Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [TestCase("deploy/kubernetes/deployment.yaml", @"terminationGracePeriodSeconds:\s*(\d+)", "deploy/kubernetes/config/gateway.json")]
    [TestCase("deploy/systemd/llm-gateway.service", @"(?m)^TimeoutStopSec=(\d+)", "config/gateway.json")]
    public void The_shipped_stop_timeout_outlasts_the_shipped_shutdown_sequence(string deployment, string stopTimeout, string config)
    {
        var root = RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, deployment));
        var grace = int.Parse(Regex.Match(text, stopTimeout).Groups[1].Value, CultureInfo.InvariantCulture);
        // A preStop sleep runs before SIGTERM, so it adds to the gateway's own sequence.
        var preStop = Regex.Match(text, @"""sleep"",\s*""(\d+)""") is { Success: true } sleep ? int.Parse(sleep.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, config)).Build();
        var shutdown = configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        var quotas = configuration.GetSection(QuotaOptions.Section).Get<QuotaOptions>() ?? new QuotaOptions();

        var budget = shutdown.Budget(quotas.ShutdownReleaseSeconds).TotalSeconds + preStop;

        Assert.That(grace, Is.GreaterThan(budget), $"{deployment} stops the process before the sequence of {config} ends");
        Assert.That(configuration.GetSection(ShutdownOptions.Section).Exists(), Is.True, $"{config} shows the shutdown options");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Gateway.sln not found above the test directory.");
    }
}
