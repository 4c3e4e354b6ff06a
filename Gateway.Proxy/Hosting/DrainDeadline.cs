namespace Gateway.Proxy.Hosting;

/// <summary>
/// The moment a shutdown's drain ends (<see cref="Options.ShutdownOptions.DrainSeconds"/> after the gateway stops
/// accepting). Streams watch <see cref="Token"/> and, when it fires, end with <see cref="StreamError"/> as their last
/// event rather than having their connection cut, so the client hears why and the usage row says so.
/// </summary>
internal sealed class DrainDeadline : IDisposable
{
    /// <summary>The error code of a stream or answer the shutdown cut short (in the stream, and in its usage row).</summary>
    public const string ErrorCode = "gateway_shutting_down";

    /// <summary>What a stream still open at the deadline ends with: retryable, on another replica.</summary>
    public static readonly GatewayError StreamError = new(503, GatewayErrorTypes.Server,
        "The gateway is shutting down and ended this stream at its drain deadline; retry the request.", ErrorCode);

    /// <summary>What a whole answer still unanswered when the drain ended is recorded with (its connection was closed).</summary>
    public static readonly GatewayError AnswerError = new(503, GatewayErrorTypes.Server,
        "The gateway shut down before the provider answered; retry the request.", ErrorCode);

    private readonly CancellationTokenSource _deadline;
    private int _streamsEnded;

    public DrainDeadline(TimeProvider time)
    {
        _deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>Cancelled when the drain ends.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>True once the drain has ended.</summary>
    public bool Passed => _deadline.IsCancellationRequested;

    /// <summary>Streams that were ended at the deadline.</summary>
    public int StreamsEnded => Volatile.Read(ref _streamsEnded);

    /// <summary>Starts the countdown; a zero drain ends open streams at once.</summary>
    public void Start(TimeSpan drain)
    {
        if (drain <= TimeSpan.Zero)
        {
            _deadline.Cancel();
            return;
        }
        _deadline.CancelAfter(drain);
    }

    /// <summary>Counts a stream ended at the deadline and gives the error it ends with.</summary>
    public GatewayError EndStream()
    {
        Interlocked.Increment(ref _streamsEnded);
        return StreamError;
    }

    public void Dispose() => _deadline.Dispose();
}
