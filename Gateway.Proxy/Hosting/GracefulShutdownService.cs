using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// The first half of the shutdown sequence, before the host stops anything else. At SIGTERM (the host's
/// <c>ApplicationStopping</c>) readiness turns 503 at once. Then, in the host's stopping phase: the server keeps
/// accepting for the pre-stop delay, so load balancers see the 503 and stop sending while nothing is refused; then
/// Kestrel stops accepting and waits for requests in flight, but only until the drain deadline (plus its grace), not
/// for the host's whole shutdown timeout: at the deadline <see cref="DrainDeadline"/> ends every open stream with an
/// in-stream error. The host then stops its services in reverse order of registration: the web host (already
/// stopped), the quota service (unused slices given back) and the usage writer (queue written, or spooled).
/// </summary>
internal sealed class GracefulShutdownService : IHostedLifecycleService, IDisposable
{
    private readonly ReadinessState _readiness;
    private readonly DrainDeadline _drain;
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IOptionsMonitor<ShutdownOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GracefulShutdownService> _logger;
    private CancellationTokenRegistration _stopping;

    public GracefulShutdownService(
        ReadinessState readiness, DrainDeadline drain, IServer server, IHostApplicationLifetime lifetime, IOptionsMonitor<ShutdownOptions> options,
        TimeProvider time, ILogger<GracefulShutdownService> logger)
    {
        _readiness = readiness;
        _drain = drain;
        _server = server;
        _lifetime = lifetime;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM raises ApplicationStopping before the host's stop begins: readiness must not wait for that.
        _stopping = _lifetime.ApplicationStopping.Register(static state => ((GracefulShutdownService)state!).Begin(), this);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        Begin();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.PreStopDelaySeconds), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout is shorter than the sequence (see ShutdownOptions.Budget): drain at once.
        }

        ShutdownLog.Draining(_logger, options.DrainSeconds);
        var started = Stopwatch.GetTimestamp();
        _drain.Start(TimeSpan.FromSeconds(options.DrainSeconds));
        // Kestrel closes what is still open when this fires; the host stops it again later, which then returns at once.
        using var close = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        close.CancelAfter(TimeSpan.FromSeconds(options.DrainSeconds + options.DeadlineGraceSeconds));
        try
        {
            await _server.StopAsync(close.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The rest of the sequence (quota slices, usage queue) must run whatever the server did.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ShutdownLog.DrainFailed(_logger, $"{ex.GetType().Name}: {ex.Message}");
        }
        var elapsed = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3);
        ShutdownLog.Drained(_logger, elapsed, _drain.StreamsEnded);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private void Begin()
    {
        if (_readiness.MarkStopping())
        {
            ShutdownLog.Begun(_logger, _options.CurrentValue.PreStopDelaySeconds);
        }
    }
}
