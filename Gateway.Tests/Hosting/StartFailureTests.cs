using Gateway.Proxy.Hosting;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Tests.Hosting;

/// <summary>
/// A gateway that cannot start (its port taken) is disposed without being stopped: the services that had started
/// before the server must dispose cleanly then. The usage writer's dispose threw out of the host's, which turned the
/// clear "address already in use" error into a crash of the process.
/// </summary>
[TestFixture]
public sealed class StartFailureTests
{
    [Test]
    public async Task The_usage_writer_disposes_cleanly_after_starting_without_a_stop()
    {
        await using var database = await TestDatabase.CreateAsync();
        var directory = Directory.CreateTempSubdirectory("gw-test-").FullName;
        FormattingLoggerProvider? lines = null;
        try
        {
            var config = Path.Combine(directory, "gateway.json");
            await File.WriteAllTextAsync(config, $$"""
                { "Gateway": { "Providers": { "openai": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1", "ApiKey": "k" } },
                               "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
                               "Keys": {{GatewayHost.KeysJson}} } }
                """);
            var app = GatewayApplication.Build(database.GatewayArgs("--config", config, "--Gateway:Usage:SpoolDirectory", Path.Combine(directory, "spool")),
                services => services.AddSingleton<ILoggerProvider>(sp => lines = FormattingLoggerProvider.UsingConsoleFormatter(sp, ConsoleFormatterNames.Simple)));
            var writer = app.Services.GetServices<IHostedService>().OfType<UsageWriterService>().Single();

            await writer.StartAsync(CancellationToken.None);
            await lines!.WaitForLineAsync(line => line.Contains("Usage writer started", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

            await AsyncAssert.DoesNotThrowAsync(() => { writer.Dispose(); return Task.CompletedTask; }, "disposing the started writer without a stop");
            await app.DisposeAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
