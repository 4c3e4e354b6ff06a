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
internal sealed class RequestPathWarmUp : IHostedService, IDisposable
{
    private readonly IOptions<WarmUpOptions> _options;
    private readonly ReadinessState _readiness;
    private readonly IConfiguration _configuration;
    private readonly GatewayConfigFiles _files;
    private readonly CatalogPublisher _catalog;
    private readonly ILogger<RequestPathWarmUp> _logger;
    private readonly CancellationTokenSource _stopping = new();
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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (options.Enabled)
        {
            // Taken before the server listens, so /readyz never answers ready before the warm-up.
            var hold = _readiness.Hold();
            _run = Task.Run(() => RunAsync(options, hold), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_run is { } run)
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(WarmUpOptions options, IDisposable hold)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(options.MaxSeconds * Stopwatch.Frequency);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        // The hosts' start and stop count too; the traffic ends itself at the deadline, this is the backstop.
        timeout.CancelAfter(TimeSpan.FromSeconds(options.MaxSeconds + 10));
        try
        {
            var provider = await WarmUpProvider.StartAsync(timeout.Token).ConfigureAwait(false);
            await using (provider.ConfigureAwait(false))
            {
                var gateway = await WarmUpGateway.StartAsync(provider.BaseAddress, _configuration, _files, _catalog.Current.Catalog, timeout.Token).ConfigureAwait(false);
                await using (gateway.ConfigureAwait(false))
                {
                    var result = await WarmUpTraffic.RunAsync(gateway.BaseAddress, gateway.Key, options, deadline, timeout.Token).ConfigureAwait(false);
                    if (result.Requests > 0 && result.Failed == result.Requests)
                    {
                        WarmUpLog.Failed(_logger, Stopwatch.GetElapsedTime(started).TotalSeconds, "every request failed, the first with " + result.FirstFailure);
                        return;
                    }
                    WarmUpLog.Finished(_logger, result.Elapsed.TotalSeconds, result.Requests, result.Failed, result.MethodsCompiled, result.Settled);
                }
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
}
