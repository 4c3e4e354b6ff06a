using Gateway.Proxy.Configuration;
using Gateway.Proxy.Health;
using Yarp.ReverseProxy;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// Samples how many destinations each provider has in service (passing active probes, not ejected, credential not
/// rejected), for <c>gateway_provider_available_destinations</c>: a short poll is simpler and cheaper than hooking
/// every change. It also drops the health state of providers that left the catalog.
/// </summary>
internal sealed class ProviderHealthGaugeUpdater(
    CatalogPublisher catalog, IProxyStateLookup proxy, GatewayMetrics metrics, ProviderHealthReport health,
    DestinationOutlierDetector destinations, ModelCooldowns cooldowns, ProviderCredentialHealth credentials) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await SampleUntilStoppedAsync(timer, reported, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the first tick (a host that failed to start): not a failure of this service.
        }
    }

    private async Task SampleUntilStoppedAsync(PeriodicTimer timer, HashSet<string> reported, CancellationToken stoppingToken)
    {
        do
        {
            var providers = catalog.Current.Catalog.Providers;
            foreach (var provider in providers.Values)
            {
                var available = health.InService(provider, proxy.TryGetCluster(Forwarding.ProxyIds.ProviderCluster(provider.Id), out var cluster) ? cluster : null);
                metrics.AvailableDestinations(provider.Id, available);
                reported.Add(provider.Id);
            }
            reported.RemoveWhere(id =>
            {
                if (providers.ContainsKey(id))
                {
                    return false;
                }
                metrics.ProviderRemoved(id);
                destinations.Forget(id);
                cooldowns.Forget(id);
                credentials.Forget(id);
                return true;
            });
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
