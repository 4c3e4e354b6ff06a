using System.Diagnostics;
using System.IO.Pipelines;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.OpenAi;
using Gateway.Transforms.Streaming;

namespace Gateway.Tests.Transforms.Streaming;

/// <summary>
/// The stop signal (the gateway's drain deadline at shutdown): a stream it reaches ends with the caller's error as its
/// last event, whether a read is waiting on the provider or the stop came between reads; until then nothing changes.
/// The idle timeout: only the provider's silence ends a stream, not a client slow to take an event. The client's side
/// is flushed before a read waits on the provider, not while it has more ready; a hook runs once before the end. The
/// provider is waited on with a zero-byte read, so a waiting stream holds no buffer.
/// </summary>
[TestFixture]
public sealed class TranscodingStreamTests
{
    private const string Chunk = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hello "},"finish_reason":null}]}""" + "\n\n";

    private static readonly GatewayError Stopped = new(503, GatewayErrorTypes.Server, "stopping", "gateway_shutting_down");

    [Test]
    public async Task Stopping_while_a_read_waits_on_the_provider_ends_the_stream_with_the_stop_error()
    {
        using var stop = new CancellationTokenSource();
        var (stream, upstream, outcome) = Create(stop.Token);
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
            var first = await ReadEventAsync(stream);

            var waiting = ReadEventAsync(stream);
            Assert.That(waiting.IsCompleted, Is.False, "the provider has sent nothing more");
            await stop.CancelAsync();
            var last = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.That(first, Does.Contain("hello "));
            Assert.That(last, Does.Contain("\"code\":\"gateway_shutting_down\"").And.Contain("\"finish_reason\":\"error\""));
            Assert.That(await ReadEventAsync(stream), Is.Empty, "nothing follows the error");
            Assert.That(stream.Failure, Is.EqualTo(StreamFailureKind.Stopped));
            Assert.That(outcome.StreamError, Is.EqualTo(Stopped));
        }
    }

    [Test]
    public async Task Stopping_between_reads_ends_the_stream_before_the_next_read_of_the_provider()
    {
        using var stop = new CancellationTokenSource();
        var (stream, upstream, _) = Create(stop.Token);
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
            await ReadEventAsync(stream);
            await stop.CancelAsync();
            // The provider's next event is already there, but the stream has been told to stop.
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));

            var last = await ReadEventAsync(stream);

            Assert.That(last, Does.Contain("gateway_shutting_down").And.Not.Contain("hello "));
            Assert.That(stream.Failure, Is.EqualTo(StreamFailureKind.Stopped));
        }
    }

    [Test]
    public async Task Without_a_stop_the_stream_ends_when_the_provider_ends_it()
    {
        var (stream, upstream, outcome) = Create(CancellationToken.None);
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk + "data: [DONE]\n\n"));
            await upstream.CompleteAsync();

            var text = new StringBuilder();
            string next;
            while ((next = await ReadEventAsync(stream)).Length > 0)
            {
                text.Append(next);
            }

            Assert.That(text.ToString(), Does.Contain("hello ").And.EndWith("data: [DONE]\n\n"));
            Assert.That(stream.Failure, Is.Null);
            Assert.That(outcome.StreamError, Is.Null);
        }
    }

    [Test]
    public async Task Is_drained_when_the_done_event_is_handed_out_before_the_provider_closes()
    {
        var (stream, upstream, _) = Create(CancellationToken.None);
        await using (stream)
        {
            var drained = 0;
            stream.OnDrained(() => drained++);
            // [DONE] arrives, the provider's end of stream does not (yet): the client has everything it will get.
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk + "data: [DONE]\n\n"));

            var text = await ReadEventAsync(stream);

            Assert.That(text, Does.EndWith("data: [DONE]\n\n"));
            Assert.That(drained, Is.EqualTo(1), "drained before the client writes the last event on");
            await upstream.CompleteAsync();
            Assert.That(await ReadEventAsync(stream), Is.Empty);
            Assert.That(drained, Is.EqualTo(1), "once");
        }
    }

    [Test]
    public async Task Ends_with_the_idle_error_when_the_provider_goes_silent_mid_stream()
    {
        var idle = TimeSpan.FromMilliseconds(400);
        var (stream, upstream, _) = Create(CancellationToken.None, idle);
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
            await ReadEventAsync(stream);
            var started = Stopwatch.GetTimestamp();

            var last = await ReadEventAsync(stream).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.That(last, Does.Contain(nameof(StreamFailureKind.IdleTimeout)));
            Assert.That(stream.Failure, Is.EqualTo(StreamFailureKind.IdleTimeout));
            Assert.That(Stopwatch.GetElapsedTime(started), Is.GreaterThanOrEqualTo(idle - TimeSpan.FromMilliseconds(25)), "not before the idle time, less the timer's resolution");
        }
    }

    [Test]
    public async Task Does_not_end_a_stream_whose_client_takes_longer_than_the_idle_time_between_events()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        var (stream, upstream, _) = Create(CancellationToken.None, idle);
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
            await ReadEventAsync(stream);
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk + "data: [DONE]\n\n"));
            await upstream.CompleteAsync();

            // The provider has sent everything; the client is busy for three times the idle time before its next read.
            await Task.Delay(idle * 3);
            var rest = await ReadEventAsync(stream);

            Assert.That(rest, Does.Contain("hello ").And.EndWith("data: [DONE]\n\n"));
            Assert.That(stream.Failure, Is.Null);
        }
    }

    [Test]
    public async Task Does_not_end_a_stream_longer_than_the_idle_time_whose_events_come_within_it()
    {
        var idle = TimeSpan.FromSeconds(1);
        var (stream, upstream, _) = Create(CancellationToken.None, idle);
        await using (stream)
        {
            var provider = Task.Run(async () =>
            {
                for (var i = 0; i < 8; i++)
                {
                    await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
                    await Task.Delay(idle / 5);
                }
                await upstream.WriteAsync(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
                await upstream.CompleteAsync();
            });

            var text = new StringBuilder();
            string next;
            while ((next = await ReadEventAsync(stream).WaitAsync(TimeSpan.FromSeconds(10))).Length > 0)
            {
                text.Append(next);
            }
            await provider;

            Assert.That(stream.Failure, Is.Null);
            Assert.That(text.ToString(), Does.EndWith("data: [DONE]\n\n"));
            Assert.That(text.ToString().Split("hello ").Length - 1, Is.EqualTo(8));
        }
    }

    [Test]
    public async Task Calls_the_flush_before_waiting_only_when_the_provider_has_nothing_more_ready()
    {
        // Reads of 32 bytes: each event takes several, all ready at once.
        var (stream, upstream, _) = Create(CancellationToken.None, readBufferSize: 32);
        var flushes = 0;
        stream.FlushBeforeWaiting(_ =>
        {
            flushes++;
            return ValueTask.CompletedTask;
        });
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk + Chunk));
            var first = await ReadEventAsync(stream);
            var second = await ReadEventAsync(stream);
            Assert.That(flushes, Is.Zero, "the provider had the next bytes ready each time");

            var waiting = ReadEventAsync(stream);
            Assert.That(waiting.IsCompleted, Is.False);
            Assert.That(flushes, Is.EqualTo(1), "flushed before waiting on the provider");
            await upstream.WriteAsync(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
            await upstream.CompleteAsync();
            var last = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.That(first + second, Does.Contain("hello ").And.Not.Contain("[DONE]"));
            Assert.That(last, Is.EqualTo("data: [DONE]\n\n"));
            Assert.That(flushes, Is.EqualTo(1), "the end was ready with the last event");
        }
    }

    [Test]
    public async Task Awaits_the_hook_before_ending_once_before_the_end_is_handed_out()
    {
        var (stream, upstream, _) = Create(CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        stream.BeforeEnding(async () =>
        {
            calls++;
            await release.Task;
        });
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk + "data: [DONE]\n\n"));
            await upstream.CompleteAsync();
            var events = await ReadEventAsync(stream);
            Assert.That(calls, Is.Zero, "not before the last events are handed out");

            var end = ReadEventAsync(stream);
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(end.IsCompleted, Is.False, "the end waits for the hook");
            release.SetResult();

            Assert.That(await end.WaitAsync(TimeSpan.FromSeconds(10)), Is.Empty);
            Assert.That(await ReadEventAsync(stream), Is.Empty);
            Assert.That(calls, Is.EqualTo(1), "once");
            Assert.That(events, Does.EndWith("data: [DONE]\n\n"));
        }
    }

    [Test]
    public async Task A_failed_flush_before_waiting_fails_the_read_that_waited()
    {
        var (stream, upstream, _) = Create(CancellationToken.None);
        stream.FlushBeforeWaiting(_ => ValueTask.FromException(new OperationCanceledException("the copy was cancelled")));
        await using (stream)
        {
            await upstream.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
            await ReadEventAsync(stream);

            Assert.That(async () => await ReadEventAsync(stream), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(stream.Failure, Is.Null, "not counted as the provider's failure");
        }
    }

    [Test]
    public async Task Waits_on_the_provider_with_a_zero_byte_read_and_reads_into_a_buffer_once_bytes_are_there()
    {
        var pipe = new Pipe();
        var upstream = new ReadRecordingStream(pipe.Reader.AsStream());
        var flushes = 0;
        await using var stream = Create(upstream, new ResponseOutcome());
        stream.FlushBeforeWaiting(_ =>
        {
            flushes++;
            return ValueTask.CompletedTask;
        });

        var waiting = ReadEventAsync(stream);
        Assert.That(waiting.IsCompleted, Is.False);
        Assert.That(upstream.BufferLengths, Is.EqualTo(new[] { 0 }), "a stream waiting on its provider holds no buffer");
        Assert.That(flushes, Is.EqualTo(1), "the client's side is flushed before the wait");

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(Chunk));
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Does.Contain("hello "));
        Assert.That(upstream.BufferLengths, Has.Count.EqualTo(2));
        Assert.That(upstream.BufferLengths[1], Is.GreaterThan(0), "the bytes are read into a rented buffer once they are there");

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
        await pipe.Writer.CompleteAsync();
        Assert.That(await ReadEventAsync(stream).WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("data: [DONE]\n\n"));
        Assert.That(await ReadEventAsync(stream).WaitAsync(TimeSpan.FromSeconds(10)), Is.Empty);
    }

    [Test]
    public async Task Converts_a_provider_stream_whose_zero_byte_reads_return_at_once()
    {
        // A MemoryStream answers a zero-byte read at once whatever it holds: the read after it does the waiting.
        var body = Encoding.UTF8.GetBytes(Chunk + Chunk + "data: [DONE]\n\n");
        await using var stream = Create(new MemoryStream(body), new ResponseOutcome(), readBufferSize: 48);
        var text = new StringBuilder();
        string read;
        while ((read = await ReadEventAsync(stream)).Length > 0)
        {
            text.Append(read);
        }

        Assert.That(text.ToString().Split("hello ").Length - 1, Is.EqualTo(2));
        Assert.That(text.ToString(), Does.EndWith("data: [DONE]\n\n"));
        Assert.That(stream.Failure, Is.Null);
    }

    private static (TranscodingStream Stream, PipeWriter Upstream, ResponseOutcome Outcome) Create(CancellationToken stop, TimeSpan? idle = null, int readBufferSize = 8192)
    {
        var pipe = new Pipe();
        var outcome = new ResponseOutcome();
        var stream = Create(pipe.Reader.AsStream(), outcome, idle, readBufferSize, stop);
        return (stream, pipe.Writer, outcome);
    }

    /// <summary>A stream converting <paramref name="upstream"/> as an OpenAI provider's.</summary>
    private static TranscodingStream Create(
        Stream upstream, ResponseOutcome outcome, TimeSpan? idle = null, int readBufferSize = 8192, CancellationToken stop = default)
    {
        var context = new ResponseContext { ResponseId = "gen-1", Created = 1, ProviderId = "p", Model = "m" };
        return new TranscodingStream(
            upstream, new OpenAiAdapter().CreateStreamTranscoder(context, outcome), idle ?? TimeSpan.FromMinutes(5),
            kind => kind == StreamFailureKind.Stopped ? Stopped : new GatewayError(502, GatewayErrorTypes.Upstream, kind.ToString()),
            readBufferSize: readBufferSize, stop: stop);
    }

    /// <summary>The provider's stream, noting the length of the buffer each read is given.</summary>
    private sealed class ReadRecordingStream(Stream inner) : Stream
    {
        public List<int> BufferLengths { get; } = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            BufferLengths.Add(buffer.Length);
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>One read: the stream hands out whole converted events; empty at the end.</summary>
    private static async Task<string> ReadEventAsync(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
