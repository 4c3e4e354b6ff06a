using System.Diagnostics;
using Gateway.Proxy.Configuration;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// Holds <c>/readyz</c> at 503 while chat requests, plain and streamed, run through a private copy of the gateway
/// (<see cref="WarmUpGateway"/>) to a loopback provider (<see cref="WarmUpProvider"/>), so that the JIT compiles the
/// request path before a load balancer sends traffic rather than under it (bench/README.md: a cold gateway served a
/// third of its warm rate in its first 10 s). The real host serves meanwhile; nothing of the warm-up reaches its
/// metrics, usage records or logs but one line at the end. A failed warm-up only logs: readiness goes on.
/// </summary>
internal sealed class RequestPathWarmUp : IHostedLifecycleService, IDisposable
{
    private readonly IOptions<WarmUpOptions> _options;
    private readonly ReadinessState _readiness;
    private readonly IConfiguration _configuration;
    private readonly GatewayConfigFiles _files;
    private readonly CatalogPublisher _catalog;
    private readonly ILogger<RequestPathWarmUp> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _hold;
    private Task? _run;

    public RequestPathWarmUp(
        IOptions<WarmUpOptions> options, ReadinessState readiness, IConfiguration configuration, GatewayConfigFiles files, CatalogPublisher catalog,
        ILogger<RequestPathWarmUp> logger)
    {
        _options = options;
        _readiness = readiness;
        _configuration = configuration;
        _files = files;
        _catalog = catalog;
        _logger = logger;
    }

    /// <summary>Completes when the warm-up has ended (at once when it is off); for tests.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (_options.Value.Enabled)
        {
            // Before the server listens, so /readyz never answers ready before the warm-up.
            _hold = _readiness.Hold();
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Only once the server has bound its addresses: the warm-up's own listeners and connections take ephemeral ports,
        // and one of them could otherwise be the port the server is configured to bind.
        if (_hold is { } hold)
        {
            var options = _options.Value;
            _run = Task.Run(() => RunAsync(options, hold), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_run is { } run)
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _hold?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(WarmUpOptions options, IDisposable hold)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(options.MaxSeconds * Stopwatch.Frequency);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        // The hosts' start and stop count too; the traffic ends itself at the deadline, this is the backstop.
        timeout.CancelAfter(TimeSpan.FromSeconds(options.MaxSeconds + 10));
        try
        {
            WarmUpResult result;
            var provider = await WarmUpProvider.StartAsync(timeout.Token).ConfigureAwait(false);
            await using (provider.ConfigureAwait(false))
            {
                var gateway = await WarmUpGateway.StartAsync(provider.BaseAddress, _configuration, _files, _catalog.Current.Catalog, timeout.Token).ConfigureAwait(false);
                await using (gateway.ConfigureAwait(false))
                {
                    result = await WarmUpTraffic.RunAsync(gateway.BaseAddress, gateway.Key, options, deadline, timeout.Token).ConfigureAwait(false);
                    // Before the hosts stop, too: stopping runs (and compiles) code of its own, ~3 MB on top of the peak.
                    CollectWarmUpGarbage();
                }
            }
            CollectWarmUpGarbage();
            if (result.Requests > 0 && result.Failed == result.Requests)
            {
                WarmUpLog.Failed(_logger, Stopwatch.GetElapsedTime(started).TotalSeconds, "every request failed, the first with " + result.FirstFailure);
            }
            else
            {
                WarmUpLog.Finished(_logger, result.Elapsed.TotalSeconds, result.Requests, result.Failed, result.MethodsCompiled, result.Settled);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
#pragma warning disable CA1031 // A warm-up that fails must not keep the gateway from serving; it logs why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            WarmUpLog.Failed(_logger, Stopwatch.GetElapsedTime(started).TotalSeconds, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            hold.Dispose();
        }
    }

    /// <summary>
    /// The warm-up's objects lived long enough to reach the oldest generation, which a gateway under load collects
    /// rarely: left there, the heap would grow past them (the peak under load was ~8 MB higher). A compacting full
    /// collection gives their memory back before traffic comes.
    /// </summary>
    private static void CollectWarmUpGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
