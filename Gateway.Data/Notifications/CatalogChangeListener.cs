using System.Threading.Channels;
using Gateway.Data.Catalog;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Gateway.Data.Notifications;

/// <summary>
/// Keeps one connection LISTENing on <see cref="CatalogChangedChannel"/>, <see cref="KeyRevokedChannel"/> and
/// <see cref="KeyChangedChannel"/> and calls back with what changed, notifications within <see cref="GatewayDataOptions.ListenDebounce"/>
/// merged into one call. A lost connection is reopened with capped exponential backoff; after every
/// (re)connect the callback gets <see cref="CatalogChange.ReloadAll"/>, because notifications sent while no
/// one listened are gone. Callbacks run one at a time; a failing one is logged and the next still comes.
/// </summary>
public sealed class CatalogChangeListener
{
    public const string CatalogChangedChannel = "gateway_catalog_changed";
    public const string KeyRevokedChannel = "gateway_key_revoked";

    /// <summary>A key's bindings (scope, allowed models, limits) or its environment's <c>store_bodies</c> changed; the payload is its hash.</summary>
    public const string KeyChangedChannel = "gateway_key_changed";

    private readonly NpgsqlDataSource _dataSource;
    private readonly GatewayDataOptions _options;
    private readonly ILogger<CatalogChangeListener> _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _connect;

    public CatalogChangeListener(
        NpgsqlDataSource dataSource,
        IOptions<GatewayDataOptions> options,
        ILogger<CatalogChangeListener> logger,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dataSource = dataSource;
        _options = options.Value;
        _logger = logger;
        _time = timeProvider;
        _connect = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>().Handle<IOException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectInitialBackoff,
                MaxDelay = _options.ReconnectMaxBackoff,
                OnRetry = arguments =>
                {
                    CatalogChangeListenerLog.ConnectFailed(
                        _logger, arguments.AttemptNumber + 1, (long)arguments.RetryDelay.TotalMilliseconds, arguments.Outcome.Exception);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// Listens until <paramref name="cancellationToken"/> is cancelled, then returns. The pooled connection it
    /// holds meanwhile is one less for other work; a separate data source avoids that where it matters.
    /// </summary>
    public async Task RunAsync(Func<CatalogChange, CancellationToken, Task> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var pending = new CatalogChangeAccumulator();
        // One queued signal covers everything accumulated, so extra signals are dropped.
        var signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatching = DispatchAsync(pending, signals.Reader, onChange, stop.Token);
        try
        {
            await ListenAsync(pending, signals.Writer, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await dispatching.ConfigureAwait(false);
        }
    }

    private async Task ListenAsync(CatalogChangeAccumulator pending, ChannelWriter<bool> signals, CancellationToken cancellationToken)
    {
        void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
        {
            CatalogChangeListenerLog.Notified(_logger, notification.Channel);
            if (notification.Channel is KeyRevokedChannel or KeyChangedChannel)
            {
                pending.AddRevokedKey(notification.Payload);
            }
            else
            {
                pending.AddTable(notification.Payload);
            }

            signals.TryWrite(true);
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var connection = await _connect.ExecuteAsync(
                    async token => await ConnectAsync(OnNotification, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    CatalogChangeListenerLog.Listening(_logger, connection.ProcessID);
                    pending.RequestReloadAll();
                    signals.TryWrite(true);
                    try
                    {
                        await ReceiveAsync(connection, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                                                      && exception is NpgsqlException or IOException or TimeoutException)
                    {
                        CatalogChangeListenerLog.ConnectionLost(_logger, exception);
                    }
                }

                // A server that accepts and then drops connections must not make this loop spin.
                await Task.Delay(_options.ReconnectInitialBackoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
    }

    private async Task<NpgsqlConnection> ConnectAsync(NotificationEventHandler onNotification, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += onNotification;
            await using var listen = new NpgsqlCommand($"listen {CatalogChangedChannel}; listen {KeyRevokedChannel}; listen {KeyChangedChannel}", connection);
            listen.CommandTimeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for notifications; when none came for a keep-alive interval, a round trip proves the connection alive.</summary>
    private async Task ReceiveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await connection.WaitAsync(_options.ListenKeepAliveInterval, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await using var ping = new NpgsqlCommand("select 1", connection);
            ping.CommandTimeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds);
            await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(
        CatalogChangeAccumulator pending,
        ChannelReader<bool> signals,
        Func<CatalogChange, CancellationToken, Task> onChange,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await signals.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                signals.TryRead(out _);
                if (_options.ListenDebounce > TimeSpan.Zero)
                {
                    await Task.Delay(_options.ListenDebounce, _time, cancellationToken).ConfigureAwait(false);
                }

                // Signals raised during the delay are covered by this Take.
                signals.TryRead(out _);
                if (pending.Take() is not { } change)
                {
                    continue;
                }

                try
                {
                    await onChange(change, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    CatalogChangeListenerLog.HandlerFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
    }
}
