using Gateway.Proxy.Metrics;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.EndToEnd;

/// <summary>Background services end cleanly when the host stops, however early, so a stop is never logged as their failure.</summary>
[TestFixture]
public sealed class BackgroundServiceShutdownTests
{
    [Test]
    public async Task The_destination_gauge_sampler_ends_cleanly_when_stopped()
    {
        await using var gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "p": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1", "ApiKey": "k" } },
                "Models": { "m": { "Targets": [ { "Provider": "p", "Model": "m" } ] } },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """);
        var sampler = gateway.Services.GetServices<IHostedService>().OfType<ProviderHealthGaugeUpdater>().Single();
        // Stop it while it waits for its next tick: once it has sampled, it is inside its loop.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await gateway.Http.GetStringAsync("/metrics")).Contains("gateway_provider_available_destinations{provider=\"p\"}", StringComparison.Ordinal)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await sampler.StopAsync(CancellationToken.None);

        Assert.That(sampler.ExecuteTask, Is.Not.Null);
        Assert.That(sampler.ExecuteTask!.Status, Is.EqualTo(TaskStatus.RanToCompletion), "stopping is not a failure (nor a cancellation) of the service");
    }
}
