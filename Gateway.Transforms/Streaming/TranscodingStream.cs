using System.Runtime.CompilerServices;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// A read-only stream that pulls the provider's stream through a transcoder. The forwarder's copier drives
/// it, so its activity timeout, pooled buffers and error reporting apply. Each read returns whole converted
/// events; every event reaches the client before the stream waits on the provider again (by the server's flush of each
/// write, or by <see cref="FlushBeforeWaiting"/>).
/// </summary>
public sealed class TranscodingStream : Stream
{
    // The idle timer is moved only when it was last armed longer ago than this, as YARP's activity timeout does: moving
    // it before and after every read cost two timer-queue updates an event. A silence is thus cut off after between the
    // idle timeout less this and the idle timeout, which is at least a second.
    private const long IdleTimerResolutionMs = 20;

    private readonly Stream _upstream;
    private readonly IStreamTranscoder _transcoder;
    private readonly PooledByteBufferWriter _output = new(8192);
    private readonly TimeSpan _idleTimeout;
    private readonly Func<StreamFailureKind, GatewayError> _failure;
    private readonly CancellationToken _stop;
    private Action? _ended;
    private Action? _drained;
    private readonly int _readBufferSize;
    private int _outputOffset;
    private bool _completed;
    private CancellationTokenSource? _idle;
    private long _idleArmedAt;
    private IBufferWriter<byte>? _capture;
    private int _captureRemaining;
    private Func<CancellationToken, ValueTask>? _beforeWaiting;
    private Func<ValueTask>? _beforeEnding;

    /// <param name="upstream">The provider's stream.</param>
    /// <param name="transcoder">Converts it.</param>
    /// <param name="idleTimeout">Longest silence before the stream ends with an error.</param>
    /// <param name="failure">The error a stream that ends early ends with, by why.</param>
    /// <param name="ended">Called once when the stream has ended.</param>
    /// <param name="readBufferSize">Bytes read from the provider at a time.</param>
    /// <param name="stop">When cancelled, the stream ends with the <see cref="StreamFailureKind.Stopped"/> error as its last event
    /// (the gateway's drain deadline at shutdown).</param>
    public TranscodingStream(
        Stream upstream, IStreamTranscoder transcoder, TimeSpan idleTimeout, Func<StreamFailureKind, GatewayError> failure, Action? ended = null, int readBufferSize = 8192,
        CancellationToken stop = default)
    {
        _stop = stop;
        _ended = ended;
        _upstream = upstream;
        _transcoder = transcoder;
        _idleTimeout = idleTimeout;
        _failure = failure;
        _readBufferSize = readBufferSize;
    }

    /// <summary>True once the provider's stream has ended and everything it produced is converted.</summary>
    public bool Completed => _completed;

    /// <summary>
    /// Reads until the first converted bytes are ready (or the stream ended), without handing anything out. The
    /// caller can then look at what the provider said first — an immediate error — before committing a response.
    /// </summary>
    public async ValueTask PrimeAsync(CancellationToken cancellationToken)
    {
        while (_output.WrittenCount == 0 && !_completed)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets what to call when the stream ends; called at once if it already has.</summary>
    public void OnEnded(Action ended)
    {
        if (_completed)
        {
            ended();
            return;
        }
        _ended = ended;
    }

    /// <summary>
    /// Sets what to call once the stream has ended and its last converted bytes are handed to the reader — after they are
    /// captured (<see cref="CaptureTo"/>), before the reader writes them on — so a whole capture is acted on before the
    /// client has seen the end of the stream.
    /// </summary>
    public void OnDrained(Action drained) => _drained = drained;

    /// <summary>
    /// Copies the first <paramref name="limit"/> bytes of the converted stream to <paramref name="capture"/> as they are
    /// read (for environments that store response bodies); one copy per read, no allocation.
    /// </summary>
    public void CaptureTo(IBufferWriter<byte> capture, int limit)
    {
        _capture = capture;
        _captureRemaining = limit;
    }

    /// <summary>
    /// Sets what to call when a read from the provider would wait, before waiting: the client's side flushes there what
    /// the reader wrote so far, so events that arrived together leave together and none waits on the next.
    /// </summary>
    public void FlushBeforeWaiting(Func<CancellationToken, ValueTask> flush) => _beforeWaiting = flush;

    /// <summary>
    /// Sets what to await once, before the read that hands out the end: the gateway moves there to the thread pool, so
    /// that what follows the last event (its send with the response's end, the request's accounting) runs where sends
    /// from other streams run too, rather than on the socket thread between their reads.
    /// </summary>
    public void BeforeEnding(Func<ValueTask> beforeEnding) => _beforeEnding = beforeEnding;

    /// <summary>How the provider's stream ended, once it has.</summary>
    public StreamFailureKind? Failure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Nearly every read waits for the provider's next event, so its state machine would be boxed anew each event:
    // pooled instead (the copier awaits each read once).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var pending = _output.WrittenCount - _outputOffset;
            if (pending > 0)
            {
                if (buffer.Length == 0)
                {
                    return 0;
                }
                var count = Math.Min(pending, buffer.Length);
                _output.WrittenSpan.Slice(_outputOffset, count).CopyTo(buffer.Span);
                if (_captureRemaining > 0)
                {
                    var captured = Math.Min(count, _captureRemaining);
                    _capture!.Write(buffer.Span[..captured]);
                    _captureRemaining -= captured;
                }
                _outputOffset += count;
                if (_outputOffset == _output.WrittenCount)
                {
                    // Back to the pool while the stream waits; the next conversion rents again.
                    _output.Release();
                    _outputOffset = 0;
                    // The provider's end may arrive one read after the transcoder wrote the client's last event.
                    if (_completed || _transcoder.OutputEnded)
                    {
                        Interlocked.Exchange(ref _drained, null)?.Invoke();
                    }
                }
                return count;
            }
            if (_completed)
            {
                Interlocked.Exchange(ref _drained, null)?.Invoke();
                if (Interlocked.Exchange(ref _beforeEnding, null) is { } beforeEnding)
                {
                    await beforeEnding().ConfigureAwait(false);
                }
                return 0;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _upstream.Dispose();
            _transcoder.Dispose();
            _output.Dispose();
            _idle?.Dispose();
        }
        base.Dispose(disposing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            Fail(StreamFailureKind.Stopped);
            return;
        }
        if (_idle is null || _idle.IsCancellationRequested)
        {
            // The first read, or the timer ran out while no read was waiting (the client was slow to take the last
            // event): that was no silence of the provider's. A token cancelled by the caller or the stop stays so.
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop);
            ArmIdleTimer();
        }
        else if (Environment.TickCount64 - _idleArmedAt > IdleTimerResolutionMs)
        {
            ArmIdleTimer();
        }
        // The provider's next bytes are awaited with a zero-byte read and read into a buffer rented only once they are there:
        // a stream waiting on its provider (most of a generation's life) holds no array, so many concurrent streams do not
        // outgrow the shared pool and make it allocate (bench/README.md, "seventeenth round": ~10 KB a stream at 32).
        byte[]? input = null;
        try
        {
            int read;
            try
            {
                await ReadWhenReadyAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                input = ArrayPool<byte>.Shared.Rent(_readBufferSize);
                read = await ReadWhenReadyAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _idle.IsCancellationRequested)
            {
                Fail(_stop.IsCancellationRequested ? StreamFailureKind.Stopped : StreamFailureKind.IdleTimeout);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or ObjectDisposedException)
            {
                // A read cut by the stop signal may surface as a broken connection.
                Fail(_stop.IsCancellationRequested ? StreamFailureKind.Stopped : StreamFailureKind.Broken);
                return;
            }
            if (read == 0)
            {
                _transcoder.Complete(_output);
                _completed = true;
                _ended?.Invoke();
                return;
            }
            _transcoder.Write(input.AsSpan(0, read), _output);
            if (_transcoder.Failed)
            {
                // The error event is written and later input would be ignored: stop reading the provider (an endless
                // event would never end the copy), and let disposal close its connection.
                _completed = true;
                _ended?.Invoke();
            }
        }
        finally
        {
            if (input is not null)
            {
                ArrayPool<byte>.Shared.Return(input);
            }
        }
    }

    /// <summary>
    /// One read from the provider. When it would wait, what the reader wrote so far is flushed first
    /// (<see cref="FlushBeforeWaiting"/>); a zero-byte read that waits flushes, and the read after it then finds its bytes.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadWhenReadyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var reading = _upstream.ReadAsync(buffer, _idle!.Token);
        if (!reading.IsCompleted && _beforeWaiting is { } flush)
        {
            try
            {
                await flush(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The read stays pending; its end (cancelled with the copy, or cut with the connection) is not this
                // caller's any more.
                _ = reading.AsTask().ContinueWith(static read => _ = read.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
        }
        return await reading.ConfigureAwait(false);
    }

    private void ArmIdleTimer()
    {
        _idleArmedAt = Environment.TickCount64;
        _idle!.CancelAfter(_idleTimeout);
    }

    private void Fail(StreamFailureKind kind)
    {
        Failure = kind;
        _transcoder.Fail(_failure(kind), _output);
        _completed = true;
        _ended?.Invoke();
    }
}
